"""Numbers the official documents carry: the 文号 of a package's cover letter.

A union's letters are numbered 〔year〕serial per union and year, in the order their packages
are first compiled; a package keeps its number for good (recompiling does not renumber it)
and a number once given is never given again, even if its package is later replaced.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max

from ..models import NominationPackage


def assign_letter_number(package, year):
    """Give the package its letter number if it has none; return the package (with the number)."""
    if package.letter_serial is not None:
        return package
    for _attempt in range(5):
        try:
            with transaction.atomic():
                row = NominationPackage.objects.select_for_update().get(pk=package.pk)
                if row.letter_serial is None:
                    last = NominationPackage.objects.filter(
                        union_id=row.union_id, letter_year=year
                    ).aggregate(last=Max("letter_serial"))["last"]
                    row.letter_year, row.letter_serial = year, (last or 0) + 1
                    row.save(update_fields=["letter_year", "letter_serial"])
        except IntegrityError:
            continue  # another package of the union took that serial at the same moment: take the next
        package.letter_year, package.letter_serial = row.letter_year, row.letter_serial
        return package
    raise RuntimeError("no free letter number")
