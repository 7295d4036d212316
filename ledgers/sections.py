"""What the ledgers show on a studio's page, and per-studio figures for lists, packages and dashboards.

Registered in LedgersConfig.ready() into studios.hooks (studios/ never imports ledgers/):
- `studio_section(studio, request)` → the key counts, the five most recent entries and links;
- `studio_figures(studios, since, until=None)` → {studio_pk: {name: value}} in one query.
"""

import datetime
from decimal import Decimal

from django.db.models import (
    CharField,
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from studios.models import Studio

from .models import Achievement, Activity, FundEntry, Member, Training
from .permissions import can_log
from .services import MONEY, ZERO, money, signed_amount

# (slug, label) of each ledger, in the order the page lists them.
LEDGERS = [
    ("members", gettext_lazy("Member archive")),
    ("activities", gettext_lazy("Activity ledger")),
    ("trainings", gettext_lazy("Training ledger")),
    ("achievements", gettext_lazy("Achievements")),
    ("funds", gettext_lazy("Funds ledger")),
]

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


MONEY_FIGURES = {"economic_benefit", "income", "expenditure", "balance"}


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
    since..until (inclusive; until defaults to today): activities, trainings,
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
    number = IntegerField()
    benefit = DecimalField(max_digits=14, decimal_places=2)
    income = FundEntry.objects.filter(direction=FundEntry.Direction.INCOME, **period)
    spent = FundEntry.objects.filter(direction=FundEntry.Direction.EXPENDITURE, **period)
    annotations = dict(
        members=_grouped(Member.objects.filter(left_on__isnull=True), Count("*"), number),
        activities=_grouped(Activity.objects.filter(**period), Count("*"), number),
        trainings=_grouped(Training.objects.filter(**period), Count("*"), number),
        training_headcount=_grouped(Training.objects.filter(**period), Sum("headcount"), number),
        achievements=_grouped(Achievement.objects.filter(**period), Count("*"), number),
        economic_benefit=_grouped(Achievement.objects.filter(**period), Sum("economic_benefit"), benefit),
        income=_grouped(income, Sum("amount"), MONEY),
        expenditure=_grouped(spent, Sum("amount"), MONEY),
        balance=_grouped(FundEntry.objects.all(), Sum(signed_amount()), MONEY),
    )
    # Prefixed: several figures share their names with reverse relations of Studio.
    rows = base.order_by().annotate(**{f"figure_{name}": value for name, value in annotations.items()})
    columns = [f"figure_{name}" for name in FIGURES]
    return {
        row["pk"]: {name: row[f"figure_{name}"] for name in FIGURES} for row in rows.values("pk", *columns)
    }


def recent_entries(studio, limit=5):
    """The `limit` most recent entries across the ledgers, newest first, in one query."""
    text = CharField()
    money = DecimalField(max_digits=12, decimal_places=2)

    def part(model, kind, date_field, title, amount=None, extra=None):
        return (
            model.objects.filter(studio=studio)
            .annotate(
                entry_kind=Value(kind, output_field=text),
                entry_date=F(date_field),
                entry_title=F(title),
                entry_amount=F(amount) if amount else Cast(Value(None), output_field=money),
                entry_extra=F(extra) if extra else Value("", output_field=text),
            )
            .order_by()
            .values_list("entry_kind", "pk", "entry_date", "entry_title", "entry_amount", "entry_extra")
        )

    union = part(Activity, "activities", "date", "topic", extra="kind").union(
        part(Training, "trainings", "date", "title"),
        part(Achievement, "achievements", "date", "title", extra="kind"),
        part(FundEntry, "funds", "date", "description", amount="amount", extra="direction"),
        part(Member, "members", "joined_on", "name"),
        all=True,
    )
    labels = dict(LEDGERS)
    kinds = {
        "activities": dict(Activity.Kind.choices),
        "achievements": dict(Achievement.Kind.choices),
        "funds": dict(FundEntry.Direction.choices),
    }
    entries = []
    for kind, pk, date, title, amount, extra in union.order_by("-entry_date", "-pk")[:limit]:
        if kind == "members":
            title = _("%(name)s joined the studio") % {"name": title}
        elif kind == "funds":
            amount_text = _("%(direction)s %(amount)s yuan") % {
                "direction": kinds["funds"].get(extra, extra),
                "amount": f"{Decimal(amount):,.2f}",
            }
            title = f"{amount_text} · {title}" if title else amount_text
        entries.append(
            {
                "ledger": kind,
                "ledger_label": labels[kind],
                "pk": pk,
                "date": date,
                "title": title,
                "kind_label": kinds.get(kind, {}).get(extra, "") if kind != "funds" else "",
            }
        )
    return entries


def ledger_links(studio):
    return [
        {"slug": slug, "label": label, "url": reverse("ledgers:list", args=[studio.pk, slug])}
        for slug, label in LEDGERS
    ]


def studio_summary(studio, request, today=None):
    """Context of the ledgers' section: key counts of this year, recent entries, links."""
    today = today or timezone.localdate()
    year_start = datetime.date(today.year, 1, 1)
    figures = studio_figures([studio], year_start, today).get(studio.pk) or dict.fromkeys(FIGURES, 0)
    totals = Achievement.objects.filter(studio=studio).aggregate(
        count=Count("*"), benefit=Sum("economic_benefit")
    )
    return {
        "figures": figures,
        "achievements_total": totals["count"],
        "benefit_total": money(totals["benefit"]),
        "year": today.year,
        "recent": recent_entries(studio),
        "links": ledger_links(studio),
        "can_write": can_log(request.user, studio),
        "overview_url": reverse("ledgers:overview", args=[studio.pk]),
    }


def studio_section(studio, request):
    return {"template": "ledgers/_studio_section.html", **studio_summary(studio, request)}
