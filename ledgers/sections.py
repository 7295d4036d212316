"""What the ledgers show on a studio's page: its key figures, the most recent entries, links.

Registered in LedgersConfig.ready() into studios.hooks (studios/ never imports ledgers/):
`studio_section(studio, request)` → the key counts, the five most recent entries and links.
The figures themselves are ledgers/figures.py's.
"""

import datetime
from decimal import Decimal

from django.db.models import CharField, DecimalField, F, Value
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .figures import FIGURES, achievement_totals, studio_figures
from .models import Achievement, Activity, FundEntry, Member, Training
from .permissions import can_log

# (slug, label) of each ledger, in the order the page lists them.
LEDGERS = [
    ("members", gettext_lazy("Member archive")),
    ("activities", gettext_lazy("Activity ledger")),
    ("trainings", gettext_lazy("Training ledger")),
    ("achievements", gettext_lazy("Achievements")),
    ("funds", gettext_lazy("Funds ledger")),
]


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
    achievements, benefit = achievement_totals(studio)
    return {
        "figures": figures,
        "achievements_total": achievements,
        "benefit_total": benefit,
        "year": today.year,
        "recent": recent_entries(studio),
        "links": ledger_links(studio),
        "can_write": can_log(request.user, studio),
        "overview_url": reverse("ledgers:overview", args=[studio.pk]),
    }


def studio_section(studio, request):
    return {"template": "ledgers/_studio_section.html", **studio_summary(studio, request)}
