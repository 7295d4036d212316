"""What the ledgers show on a studio's page: its key figures, the most recent entries, links.

Registered in LedgersConfig.ready() into studios.hooks (studios/ never imports ledgers/):
`studio_section(studio, request)` → the key counts, the five most recent entries and links.
The counts and sums come from the studio's StudioYear rollup rows (a handful, kept current
by ledgers/rollup.py on every write), never from its ledger rows; the current members are
counted. Both queries of the section have a fixed shape and are compiled once
(unions/compiled.py).
"""

from decimal import Decimal

from django.db.models import CharField, Count, DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from studios.models import Studio
from unions import compiled

from .figures import money
from .models import Achievement, Activity, FundEntry, Member, StudioYear, Training
from .permissions import can_log

# (slug, label) of each ledger, in the order the page lists them.
LEDGERS = [
    ("members", gettext_lazy("Member archive")),
    ("activities", gettext_lazy("Activity ledger")),
    ("trainings", gettext_lazy("Training ledger")),
    ("achievements", gettext_lazy("Achievements")),
    ("funds", gettext_lazy("Funds ledger")),
]


def _recent_union(studio, limit):
    """The newest `limit` entries of the five ledgers of `studio` (a pk), as one UNION query."""
    text = CharField()
    amount_field = DecimalField(max_digits=12, decimal_places=2)

    def part(model, kind, date_field, title, amount=None, extra=None):
        return (
            model.objects.filter(studio_id=studio)
            .annotate(
                entry_kind=Value(kind, output_field=text),
                entry_date=F(date_field),
                entry_title=F(title),
                entry_amount=F(amount) if amount else Cast(Value(None), output_field=amount_field),
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
    return union.order_by("-entry_date", "-pk")[:limit]


def recent_entries(studio, limit=5):
    """The `limit` most recent entries across the ledgers, newest first, in one query."""
    found = compiled.rows(
        ("ledgers.recent_entries", limit), lambda studio: _recent_union(studio, limit), studio=studio.pk
    )
    labels = dict(LEDGERS)
    kinds = {
        "activities": dict(Activity.Kind.choices),
        "achievements": dict(Achievement.Kind.choices),
        "funds": dict(FundEntry.Direction.choices),
    }
    entries = []
    for kind, pk, date, title, amount, extra in found:
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


# What the section shows of this year, and of all time.
YEAR_FIGURES = ("activities", "training_headcount", "achievements", "economic_benefit")
TOTALS = ("achievements", "economic_benefit", "income", "expenditure")
COLUMNS = ("current_members", *(f"year_{n}" for n in YEAR_FIGURES), *(f"total_{n}" for n in TOTALS))


def _figures_query(studio, year):
    """One row: current members, this year's figures and the all-time sums of `studio` (a pk)."""
    years = StudioYear.objects.filter(studio_id=OuterRef("pk")).order_by().values("studio")

    def summed(name, rows=None):
        field = StudioYear._meta.get_field(name)
        aggregate = Sum(name, filter=rows) if rows is not None else Sum(name)
        return Subquery(years.annotate(v=aggregate).values("v"), output_field=field)

    members = Member.objects.filter(studio_id=OuterRef("pk"), left_on__isnull=True).order_by()
    annotations = {
        "current_members": Subquery(members.values("studio").annotate(v=Count("*")).values("v")),
        **{f"year_{name}": summed(name, Q(year=year)) for name in YEAR_FIGURES},
        **{f"total_{name}": summed(name) for name in TOTALS},
    }
    return Studio.objects.filter(pk=studio).annotate(**annotations).values_list(*annotations)


def section_figures(studio, today=None):
    """The section's figures of `studio`, from its StudioYear rows and its members, in one query.

    {"figures": {members, activities, training_headcount, achievements, economic_benefit,
    balance}, "achievements_total", "benefit_total"}: this calendar year's counts (entries
    cannot be dated in the future, so the year's rollup row is the year so far), the
    achievements and benefit of all time and today's balance.
    """
    year = (today or timezone.localdate()).year
    found = compiled.rows(
        ("ledgers.section_figures", year), lambda studio: _figures_query(studio, year), studio=studio.pk
    )
    row = dict(zip(COLUMNS, found[0], strict=True))
    figures = {
        "members": row["current_members"] or 0,
        "activities": row["year_activities"] or 0,
        "training_headcount": row["year_training_headcount"] or 0,
        "achievements": row["year_achievements"] or 0,
        "economic_benefit": money(row["year_economic_benefit"]),
        "balance": money(row["total_income"]) - money(row["total_expenditure"]),
    }
    return {
        "figures": figures,
        "achievements_total": row["total_achievements"] or 0,
        "benefit_total": money(row["total_economic_benefit"]),
    }


def studio_summary(studio, request, today=None):
    """Context of the ledgers' section: key counts of this year, recent entries, links."""
    today = today or timezone.localdate()
    return {
        **section_figures(studio, today),
        "year": today.year,
        "recent": recent_entries(studio),
        "links": ledger_links(studio),
        "can_write": can_log(request.user, studio),
        "overview_url": reverse("ledgers:overview", args=[studio.pk]),
    }


def studio_section(studio, request):
    return {"template": "ledgers/_studio_section.html", **studio_summary(studio, request)}


def studio_actions(studio, request):
    """The main acts of someone who logs the studio's ledgers, for the top of the studio page."""
    if not can_log(request.user, studio):
        return []
    acts = [
        ("activities", _("Log an activity"), True),
        ("trainings", _("Log a training"), False),
        ("achievements", _("Record an achievement"), False),
    ]
    return [
        {
            "label": label,
            "url": reverse("ledgers:add", args=[studio.pk, slug]),
            "id": f"action-{slug}",
            "primary": primary,
        }
        for slug, label, primary in acts
    ]
