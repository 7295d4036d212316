"""The ledger figures of a studio, defined once, and every way they are read.

`YEARLY` says what each figure counts or sums over which ledger rows; the value
fields of StudioYear carry the same names. From it:

- `by_studio_year(studio_ids, years=None)`: the figures of each (studio, calendar year),
  from the ledger rows, one grouped query per ledger; what ledgers/rollup.py stores;
- `rollup_totals(rows, *group)`: sums of the stored StudioYear rows, grouped; the
  provincial figures of the dashboard, never read from the millions of ledger rows;
- `studio_figures(studios, since, until=None)`: the figures of a window that is no
  calendar year (the last 12 months of an application, this year so far), with the
  current members and today's balance, from the ledger rows in one query for many
  studios; registered as studios.hooks.studio_figures;
- `fund_totals(studio)`, `achievement_totals(studio)`: a studio's figures of all time.

The activities of a studio count its own rows and the shared activities (联盟活动) of the
alliances it is a member of, logged by another member (`shared_activities`).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from studios.models import Studio

from .models import Achievement, Activity, Alliance, FundEntry, Member, Training

MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0.00")
CENT = Decimal("0.01")
NUMBER = IntegerField()
BENEFIT = DecimalField(max_digits=14, decimal_places=2)
INCOME = Q(direction=FundEntry.Direction.INCOME)
EXPENDITURE = Q(direction=FundEntry.Direction.EXPENDITURE)


@dataclass(frozen=True)
class Figure:
    model: type
    function: type  # Count or Sum
    field: str  # what it counts or sums
    output: object  # the model field of the value
    rows: Q | None = None  # which rows of the ledger, when not all

    def aggregate(self):
        """The aggregate over a grouped query of every row of the ledger (the filter inside it)."""
        return self.function(self.field, filter=self.rows) if self.rows else self.function(self.field)


YEARLY = {
    "activities": Figure(Activity, Count, "*", NUMBER),
    # 场次: a training record may stand for several sessions (a course of three evenings).
    "trainings": Figure(Training, Sum, "sessions", NUMBER),
    "training_headcount": Figure(Training, Sum, "headcount", NUMBER),
    "achievements": Figure(Achievement, Count, "*", NUMBER),
    "economic_benefit": Figure(Achievement, Sum, "economic_benefit", BENEFIT),
    "income": Figure(FundEntry, Sum, "amount", MONEY, INCOME),
    "expenditure": Figure(FundEntry, Sum, "amount", MONEY, EXPENDITURE),
}

# What studio_figures returns, in this order: the period's figures and two of today.
FIGURES = (
    "members",
    "activities",
    "trainings",
    "training_headcount",
    "achievements",
    "economic_benefit",
    "income",
    "expenditure",
    "balance",
)


def money(value):
    """A sum of money to the cent (SQLite adds decimals as floats; PostgreSQL needs no help)."""
    return ZERO if value is None else Decimal(value).quantize(CENT)


def signed_amount(prefix=""):
    """+amount for income, -amount for an expenditure, as an SQL expression."""
    return Case(
        When(**{f"{prefix}direction": FundEntry.Direction.INCOME}, then=F(f"{prefix}amount")),
        default=-F(f"{prefix}amount"),
        output_field=MONEY,
    )


def _by_ledger():
    """{ledger model: {figure: Figure}}, in the order of YEARLY."""
    ledgers = {}
    for name, figure in YEARLY.items():
        ledgers.setdefault(figure.model, {})[name] = figure
    return ledgers


# --- per studio and calendar year, from the ledger rows (the rollup's source) -------------


def by_studio_year(studio_ids, years=None):
    """{(studio_id, year): {figure: value}} of the given studios (in the given years), from the rows.

    One grouped query per ledger. A (studio, year) without any row is absent; a figure of a
    ledger without rows that year is 0.
    """
    found = {}
    for model, figures in _by_ledger().items():
        rows = model.objects.filter(studio_id__in=list(studio_ids))
        if years is not None:
            rows = rows.filter(date__year__in=sorted(years))
        grouped = (
            rows.values("studio_id", "date__year")
            .annotate(**{name: figure.aggregate() for name, figure in figures.items()})
            .order_by()
        )
        for row in grouped:
            key = (row.pop("studio_id"), row.pop("date__year"))
            found.setdefault(key, dict.fromkeys(YEARLY, 0)).update({k: v or 0 for k, v in row.items()})
    for key, n in shared_activities(studio_ids, years).items():
        found.setdefault(key, dict.fromkeys(YEARLY, 0))["activities"] += n
    return found


def shared_activities(studio_ids, years=None):
    """{(studio_id, year): n} of the shared activities (联盟活动) that count for the given studios: those
    of the alliances they are members of, logged by another member (the lead; its own are its rows).

    Two queries whatever the number of studios: the memberships, then the alliances' activities grouped.
    """
    links = list(
        Alliance.members.through.objects.filter(studio_id__in=list(studio_ids)).values_list(
            "alliance_id", "studio_id"
        )
    )
    if not links:
        return {}
    rows = Activity.objects.filter(alliance_id__in={alliance for alliance, _studio in links})
    if years is not None:
        rows = rows.filter(date__year__in=sorted(years))
    by_alliance = {}
    for row in rows.values("alliance_id", "studio_id", "date__year").annotate(n=Count("*")).order_by():
        by_alliance.setdefault(row["alliance_id"], []).append(row)
    found = {}
    for alliance, studio in links:
        for row in by_alliance.get(alliance, ()):
            if row["studio_id"] != studio:
                key = (studio, row["date__year"])
                found[key] = found.get(key, 0) + row["n"]
    return found


# --- sums of the stored rollup rows ---------------------------------------------------------


def rollup_totals(rows, *group, names=tuple(YEARLY)):
    """The StudioYear `rows` (a queryset, annotated with what `group` names) summed per `group`."""
    return list(rows.values(*group).annotate(**{name: Sum(name) for name in names}).order_by())


# --- a window that is no calendar year, for many studios at once ------------------------------


def _grouped(queryset, expression, output_field):
    """A correlated subquery: `expression` aggregated over the rows of the outer studio, 0 when none."""
    rows = (
        queryset.filter(studio=OuterRef("pk")).order_by().values("studio").annotate(v=expression).values("v")
    )
    zero = Value(ZERO if isinstance(output_field, DecimalField) else 0)
    return Coalesce(Subquery(rows, output_field=output_field), zero, output_field=output_field)


def studio_figures(studios, since, until=None):
    """Per-studio figures for many studios at once, in one query.

    `studios`: a list of studios (or pks) or a Studio queryset. Figures of the period
    since..until (inclusive; until defaults to today): activities, trainings (场次, the sessions),
    training_headcount (人次), achievements, economic_benefit (万元, Decimal), income and
    expenditure (元, Decimal). Figures of today: members (current) and balance (元, Decimal).
    Returns {studio_pk: {figure: value}}; a studio without records has zeros.
    """
    until = until or timezone.localdate()
    if isinstance(studios, QuerySet):
        base = Studio.objects.filter(pk__in=studios.values("pk"))
    else:
        base = Studio.objects.filter(pk__in=[getattr(s, "pk", s) for s in studios])
    period = {"date__gte": since, "date__lte": until}
    annotations = {"members": _grouped(Member.objects.filter(left_on__isnull=True), Count("*"), NUMBER)}
    for name, figure in YEARLY.items():
        rows = figure.model.objects.filter(**period)
        if figure.rows is not None:
            rows = rows.filter(figure.rows)
        annotations[name] = _grouped(rows, figure.function(figure.field), figure.output)
    # The shared activities of the studio's alliances, logged by another member (the lead).
    shared = (
        Activity.objects.filter(**period, alliance__members=OuterRef("pk"))
        .exclude(studio=OuterRef("pk"))
        .order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(v=Count("*"))
        .values("v")
    )
    annotations["activities"] = annotations["activities"] + Coalesce(
        Subquery(shared, output_field=NUMBER), Value(0), output_field=NUMBER
    )
    annotations["balance"] = _grouped(FundEntry.objects.all(), Sum(signed_amount()), MONEY)
    # Prefixed: several figures share their names with reverse relations of Studio.
    rows = base.order_by().annotate(**{f"figure_{name}": annotations[name] for name in FIGURES})
    columns = [f"figure_{name}" for name in FIGURES]
    return {
        row["pk"]: {name: row[f"figure_{name}"] for name in FIGURES} for row in rows.values("pk", *columns)
    }


# --- a studio's figures of all time -----------------------------------------------------------


def fund_totals(studio):
    """The studio's balance now, its income and its expenditure in all (元, to the cent), in one query."""
    totals = FundEntry.objects.filter(studio=studio).aggregate(
        balance=Sum(signed_amount()),
        income=Sum("amount", filter=INCOME),
        expenditure=Sum("amount", filter=~INCOME),
    )
    return {name: money(value) for name, value in totals.items()}


def achievement_totals(studio):
    """(count, economic benefit in 万元) of every achievement the studio recorded, in one query."""
    totals = Achievement.objects.filter(studio=studio).aggregate(
        count=Count("*"), benefit=Sum("economic_benefit")
    )
    return totals["count"], money(totals["benefit"])
