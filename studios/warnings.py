"""Warnings during the year: a studio gone quiet (no ledger entry in 90 days) or without results (12 months).

Yellow: no activity, training or achievement recorded in the last 90 days.
Red: no achievement recorded in the last 12 months.
Silence is counted from the later of the last entry and the founding date, so a
new studio is not flagged on its first day. The latest dates come from the
summary row ledgers/ keeps current on every write (`studio.ledger_summary`,
a reverse relation, so studios/ imports nothing of ledgers/): one join flags a
whole province.
"""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, DateField, ExpressionWrapper, F, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unions.dates import last_12_months

from .models import Studio

QUIET_DAYS = 90
# Activities, trainings and achievements count as "the studio keeps its ledgers" (有台帐).
YELLOW, RED = "yellow", "red"


@dataclass(frozen=True)
class Flag:
    level: str  # "yellow" or "red"
    code: str
    message: str

    @property
    def css(self):
        return "warning" if self.level == YELLOW else "danger"


def _thresholds(today):
    first_of_12_months, _today = last_12_months(today)
    return today - datetime.timedelta(days=QUIET_DAYS), first_of_12_months


def annotate_flags(studios, today=None):
    """Annotate `last_entry_on`, `last_achievement_on` (None when nothing is recorded: shown as such,
    never as the founding date), `quiet_since` (the later of the last entry and the founding date),
    `is_quiet` (yellow) and `lacks_results` (red)."""
    today = today or timezone.localdate()
    quiet_before, results_before = _thresholds(today)
    return studios.annotate(
        last_entry_on=F("ledger_summary__last_entry_on"),
        last_achievement_on=F("ledger_summary__last_achievement_on"),
        quiet_since=Greatest(
            Coalesce("ledger_summary__last_entry_on", "founded_on"), "founded_on", output_field=DateField()
        ),
        results_since=Greatest(
            Coalesce("ledger_summary__last_achievement_on", "founded_on"),
            "founded_on",
            output_field=DateField(),
        ),
    ).annotate(
        is_quiet=ExpressionWrapper(Q(quiet_since__lt=quiet_before), output_field=BooleanField()),
        lacks_results=ExpressionWrapper(Q(results_since__lt=results_before), output_field=BooleanField()),
    )


def flagged(studios, today=None):
    """Only the studios with a flag: the list of those falling behind."""
    return annotate_flags(studios, today).filter(Q(is_quiet=True) | Q(lacks_results=True))


def flags_of(studio):
    """The flags of a studio annotated by annotate_flags()."""
    flags = []
    if studio.lacks_results:
        flags.append(Flag(RED, "no_results", _("No achievement recorded in the last 12 months")))
    if studio.is_quiet:
        flags.append(Flag(YELLOW, "quiet", _("No ledger entry in the last 90 days")))
    return flags


def flags_for(studio, today=None):
    """The flags of one studio (one query)."""
    annotated = annotate_flags(Studio.objects.filter(pk=studio.pk), today).get()
    return flags_of(annotated)
