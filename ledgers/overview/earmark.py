"""The 专款专用 report: per studio of a union's subtree, the creation funds granted in a range of years,
what was spent by use in those years, what is left, and a flag on a grant with no spending within a year.

Grants from any union count (a studio of a city may hold the province's money and the city's); the
spending is the studio's expenditure lines dated in the range's years, by use. A grant is idle when
a year has passed since the day it was granted (today is the day in Asia/Shanghai) and the studio
recorded no expenditure from that day to the same day a year later.
"""

import datetime

from django.db.models import Count, Q, Sum

from studios.models import Studio
from unions import access
from unions.dates import years_after

from ..models import FundEntry, FundGrant
from . import grants


def years_between(year_from, year_to):
    return list(range(year_from, year_to + 1))


def granted_studios(root, year_from, year_to):
    """Studios of `root`'s subtree granted funds in the years, annotated `granted` and `grant_count`."""
    flt = Q(fund_grants__year__gte=year_from, fund_grants__year__lte=year_to)
    return (
        Studio.objects.filter(access.subtree_of(root, via="host_union"))
        .filter(flt)
        .annotate(
            granted=Sum("fund_grants__amount", filter=flt), grant_count=Count("fund_grants", filter=flt)
        )
        .select_related("host_union")
        .order_by("name", "pk")
        .distinct()
    )


def idle_grants(grant_rows, spending_days, today):
    """The grants of `grant_rows` [(studio_id, granted_on)] a year old with no spending within that year.

    `spending_days`: {studio_id: sorted expenditure dates}.
    """
    idle = []
    for studio_id, granted_on in grant_rows:
        until = years_after(granted_on, 1)
        if today <= until:
            continue  # the year is not over yet
        days = spending_days.get(studio_id, ())
        if not any(granted_on <= day <= until for day in days):
            idle.append((studio_id, granted_on))
    return idle


def _idle_by_studio(grants_qs, today):
    """{studio_id: [days of its idle grants]} of the grants of `grants_qs` (two queries)."""
    grant_rows = list(grants_qs.values_list("studio_id", "granted_on").order_by("granted_on"))
    spending_days = {}
    if grant_rows:
        first = min(day for _s, day in grant_rows)
        last = years_after(max(day for _s, day in grant_rows), 1)
        for studio_id, day in (
            FundEntry.objects.filter(
                studio_id__in=grants_qs.values("studio_id"),
                direction=FundEntry.Direction.EXPENDITURE,
                date__gte=first,
                date__lte=last,
            )
            .values_list("studio_id", "date")
            .distinct()
            .order_by("studio_id", "date")
        ):
            spending_days.setdefault(studio_id, []).append(day)
    idle = {}
    for studio_id, granted_on in idle_grants(grant_rows, spending_days, today):
        idle.setdefault(studio_id, []).append(granted_on)
    return idle


def _grants_in(year_from, year_to, **where):
    return FundGrant.objects.filter(year__gte=year_from, year__lte=year_to, **where)


def with_earmark(studios, year_from, year_to, today):
    """The studios (a list), each given `by_use`, `spent`, `left` (granted − spent), `idle_since` (the
    dates of its idle grants) and `flagged` (three queries, whatever the number of studios)."""
    studios = grants.with_spending(studios, years_between(year_from, year_to))
    idle = _idle_by_studio(_grants_in(year_from, year_to, studio_id__in=[s.pk for s in studios]), today)
    for studio in studios:
        studio.left = studio.granted - studio.spent
        studio.idle_since = idle.get(studio.pk, [])
        studio.flagged = bool(studio.idle_since)
    return studios


def idle_studio_ids(root, year_from, year_to, today):
    """The studios of `root`'s subtree with an idle grant among the grants of the years (two queries)."""
    return set(
        _idle_by_studio(_grants_in(year_from, year_to, studio__host_union__path__startswith=root.path), today)
    )


def totals(root, year_from, year_to):
    """{granted, studios, spent}: the whole subtree's figures for the range (two queries)."""
    flt = Q(studio__host_union__path__startswith=root.path, year__gte=year_from, year__lte=year_to)
    granted = FundGrant.objects.filter(flt).aggregate(
        granted=Sum("amount"), studios=Count("studio", distinct=True)
    )
    spent = FundEntry.objects.filter(
        studio__in=FundGrant.objects.filter(flt).values("studio_id"),
        direction=FundEntry.Direction.EXPENDITURE,
        date__gte=datetime.date(year_from, 1, 1),
        date__lte=datetime.date(year_to, 12, 31),
    ).aggregate(spent=Sum("amount"))
    return {
        "granted": granted["granted"] or 0,
        "studios": granted["studios"] or 0,
        "spent": spent["spent"] or 0,
    }
