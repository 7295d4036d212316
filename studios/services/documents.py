"""Numbers the official documents carry: certificate numbers, the 文号 of letters and decisions.

Certificate numbers (the one place a naming gets one): the campaign's pattern
(`Campaign.certificate_pattern`) filled with the next serial of the organiser's
`CertificateSequence` for the campaign's year. The sequence only counts up — a revoked or
removed naming never gives its serial back — and a number already held (an older scheme,
another organiser with the same prefix) is passed over, so a number is never given twice.
A title downgraded to the level below keeps its number, marked -D and the year.

A union's documents (its packages' cover letters, its naming decisions) are numbered
〔year〕serial per union and year in one series, in the order they are first printed; a
document keeps its number for good (printing it again does not renumber it) and a number
once given is never given again, even if its package is later replaced.

The naming decision is a filed document: `issue_decision` stores it on its first print with a
studio named (its 文号 and its day given then), and that file is what every later print serves,
so a title revoked or a studio renamed afterwards never changes what was decided.
"""

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max

from ..models import Campaign, Naming, NominationPackage
from ..models.campaign import CertificateSequence


class CertificateNumbers:
    """The certificate numbers of one campaign, given one after another from the organiser's sequence
    of the year, locked once (create it inside the transaction that uses the numbers)."""

    def __init__(self, campaign):
        self.campaign = campaign
        self.sequence = self._locked_sequence()

    def _locked_sequence(self):
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    sequence, _created = CertificateSequence.objects.select_for_update().get_or_create(
                        organiser_id=self.campaign.organiser_id, year=self.campaign.year
                    )
                    return sequence
            except IntegrityError:
                continue  # another naming created the organiser's sequence at the same moment
        raise RuntimeError("no certificate sequence")

    def next(self):
        sequence = self.sequence
        while True:
            sequence.last += 1
            number = self.campaign.certificate_number(sequence.last)
            if not Naming.objects.filter(certificate_number=number).exists():
                break
        sequence.save(update_fields=["last"])
        return number


def next_certificate_number(campaign):
    """The next certificate number of the campaign (call inside the transaction that uses it)."""
    return CertificateNumbers(campaign).next()


def downgraded_certificate_number(naming, year):
    """The number of the lower title a downgraded naming leaves: its own number marked -D and the year."""
    return f"{naming.certificate_number}-D{year}"


def _last_serial(union_id, year):
    """The highest document serial of the union in the year, over letters and decisions."""
    letters = NominationPackage.objects.filter(union_id=union_id, letter_year=year).aggregate(
        last=Max("letter_serial")
    )["last"]
    decisions = Campaign.objects.filter(organiser_id=union_id, decision_year=year).aggregate(
        last=Max("decision_serial")
    )["last"]
    return max(letters or 0, decisions or 0)


def assign_decision_number(campaign, year):
    """Give the campaign's naming decision its 文号 if it has none; return the campaign."""
    if campaign.decision_serial is not None:
        return campaign
    with transaction.atomic():
        row = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if row.decision_serial is None:
            row.decision_year, row.decision_serial = year, _last_serial(row.organiser_id, year) + 1
            row.save(update_fields=["decision_year", "decision_serial"])
    campaign.decision_year, campaign.decision_serial = row.decision_year, row.decision_serial
    return campaign


def issue_decision(campaign, *, today, make):
    """The campaign's naming decision as issued (a stored PDF), issuing it now if it was not yet.

    `make(campaign)` renders it, called once, with the campaign's 文号 and `decision_issued_on` set.
    Two first prints at once issue it once: the campaign row is locked while it is made.
    """
    if campaign.decision_file:
        return campaign.decision_file
    with transaction.atomic():
        row = Campaign.objects.select_for_update().select_related("organiser").get(pk=campaign.pk)
        if not row.decision_file:
            assign_decision_number(row, today.year)
            row.decision_issued_on = today
            row.decision_file.save("decision.pdf", ContentFile(make(row)), save=False)
            row.save(update_fields=["decision_issued_on", "decision_file"])
    campaign.decision_year, campaign.decision_serial = row.decision_year, row.decision_serial
    campaign.decision_issued_on, campaign.decision_file = row.decision_issued_on, row.decision_file
    return campaign.decision_file


def assign_letter_number(package, year):
    """Give the package its letter number if it has none; return the package (with the number)."""
    if package.letter_serial is not None:
        return package
    for _attempt in range(5):
        try:
            with transaction.atomic():
                row = NominationPackage.objects.select_for_update().get(pk=package.pk)
                if row.letter_serial is None:
                    row.letter_year, row.letter_serial = year, _last_serial(row.union_id, year) + 1
                    row.save(update_fields=["letter_year", "letter_serial"])
        except IntegrityError:
            continue  # another package of the union took that serial at the same moment: take the next
        package.letter_year, package.letter_serial = row.letter_year, row.letter_serial
        return package
    raise RuntimeError("no free letter number")
