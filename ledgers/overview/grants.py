"""Creation funds: grant money to a named studio, and what each union granted against what was spent.

A grant is written once: the service creates the studio's income line in the funds
ledger in the same transaction and links it, so the balance and the 有经费
criterion see the money with no second entry.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from studios.models import Studio

from ..models import FundEntry, FundGrant
from ..permissions import can_grant_from

# The uses of money, in the order the report and its export list them.
USES = FundEntry.Use.choices


def year_of(value):
    """The year a report is filtered by (?year=2025), or None for every year."""
    value = str(value or "")
    return int(value) if value.isdigit() else None


def grant_funds(*, union, studio, year, amount, purpose, document_number, source, granted_on, by):
    """Grant creation funds to a named studio; return the grant (its ledger line is `grant.fund_entry`)."""
    if not can_grant_from(by, union, studio):
        raise PermissionDenied(_("You may not do this."))
    if amount is None or amount <= Decimal("0"):
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    with transaction.atomic():
        studio = Studio.objects.select_for_update().get(pk=studio.pk)
        return write_grant(
            union=union,
            studio=studio,
            year=year,
            amount=amount,
            purpose=purpose,
            document_number=document_number,
            source=source,
            granted_on=granted_on,
            by=by,
        )


def write_grant(*, union, studio, year, amount, purpose, document_number, source, granted_on, by, batch=None):
    """The writes of a grant, to a studio row the caller has locked (`grant_funds`, a batch grant)."""
    if not studio.is_named:
        raise ValidationError(_("Creation funds go to named studios only."))
    entry = FundEntry.objects.create(
        studio=studio,
        direction=FundEntry.Direction.INCOME,
        date=granted_on,
        amount=amount,
        source=source,
        description=_("Creation funds from %(union)s: %(purpose)s")
        % {"union": union.name, "purpose": purpose},
        document_number=document_number,
        created_by=by,
    )
    return FundGrant.objects.create(
        union=union,
        studio=studio,
        year=year,
        amount=amount,
        purpose=purpose,
        document_number=document_number,
        source=source,
        granted_on=granted_on,
        fund_entry=entry,
        granted_by=by,
        batch=batch,
    )


def grants_by_studio(union, year=None):
    """Per studio granted by `union` (in `year`, or every year): the sum granted and how many grants.

    A queryset of studios annotated `granted` and `grant_count`, ordered by name.
    """
    flt = Q(fund_grants__union=union)
    if year:
        flt &= Q(fund_grants__year=year)
    return (
        Studio.objects.filter(flt)
        .annotate(
            granted=Sum("fund_grants__amount", filter=flt), grant_count=Count("fund_grants", filter=flt)
        )
        .select_related("host_union")
        .order_by("name_pinyin", "name", "pk")
        .distinct()
    )


def spending_by_use(studio_ids, years):
    """{(studio_id, use): amount} of expenditures of those studios in those years (one query)."""
    rows = (
        FundEntry.objects.filter(
            studio_id__in=studio_ids, direction=FundEntry.Direction.EXPENDITURE, date__year__in=list(years)
        )
        .values("studio_id", "use")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {(r["studio_id"], r["use"] or FundEntry.Use.OTHER): r["total"] for r in rows}


def grants_by_year(union):
    """[(year, granted, studios)] of what `union` granted, newest first (one query)."""
    return list(
        FundGrant.objects.filter(union=union)
        .values("year")
        .annotate(granted=Sum("amount"), studios=Count("studio", distinct=True))
        .order_by("-year")
    )


def spent_by_year(union):
    """{year: {use: amount}}: what the studios granted by `union` spent in each year they were granted.

    A year's figure is the spending of that year's granted studios only: a studio granted in another
    year (or by another union) adds nothing to it, whatever it spent that year.
    """
    granted_that_year = FundGrant.objects.filter(
        union=union, studio_id=OuterRef("studio_id"), year=ExtractYear(OuterRef("date"))
    )
    rows = (
        FundEntry.objects.filter(
            studio_id__in=FundGrant.objects.filter(union=union).values("studio_id"),
            direction=FundEntry.Direction.EXPENDITURE,
        )
        .filter(Exists(granted_that_year))
        .values("date__year", "use")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    out = {}
    for r in rows:
        out.setdefault(r["date__year"], {})[r["use"] or FundEntry.Use.OTHER] = r["total"]
    return out


def with_spending(studios, years):
    """The studios (a list), each given `by_use` (spent per use, in USES order) and `spent` (one query)."""
    spending = spending_by_use([s.pk for s in studios], years)
    for studio in studios:
        studio.by_use = [spending.get((studio.pk, use), 0) for use, _label in USES]
        studio.spent = sum(studio.by_use)
    return studios


def grants_by_year_with_spending(union):
    """grants_by_year(union), each year given `by_use` and `spent` of the studios granted (two queries)."""
    by_year = grants_by_year(union)
    spent = spent_by_year(union)
    for item in by_year:
        uses = spent.get(item["year"], {})
        item["by_use"] = [uses.get(use, 0) for use, _label in USES]
        item["spent"] = sum(item["by_use"])
    return by_year
