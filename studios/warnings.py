"""Warnings during the year: a studio gone quiet (no ledger entry in 90 days) or without results (12 months).

Yellow: no activity, training or achievement recorded in the last 90 days.
Red: no achievement recorded in the last 12 months.
Silence is counted from the later of the last entry and the founding date, so a
new studio is not flagged on its first day. The ledgers are read through the
reverse relations ledgers/ names on Studio, as correlated subqueries: one query
flags a whole list.
"""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, DateField, ExpressionWrapper, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Studio

QUIET_DAYS = 90
NO_RESULTS_DAYS = 365
# The ledgers whose entries count as "the studio keeps its ledgers" (有台帐).
LEDGER_RELATIONS = ("activities", "trainings", "achievements")
YELLOW, RED = "yellow", "red"


@dataclass(frozen=True)
class Flag:
    level: str  # "yellow" or "red"
    code: str
    message: str

    @property
    def css(self):
        return "warning" if self.level == YELLOW else "danger"


def _latest(relation):
    model = Studio._meta.get_field(relation).related_model
    rows = model.objects.filter(studio=OuterRef("pk")).order_by("-date").values("date")[:1]
    return Subquery(rows, output_field=DateField())


def _thresholds(today):
    return today - datetime.timedelta(days=QUIET_DAYS), today - datetime.timedelta(days=NO_RESULTS_DAYS)


def annotate_flags(studios, today=None):
    """Annotate `last_entry_on`, `last_achievement_on`, `is_quiet` (yellow) and `lacks_results` (red)."""
    today = today or timezone.localdate()
    quiet_before, results_before = _thresholds(today)
    latest = [Coalesce(_latest(relation), "founded_on") for relation in LEDGER_RELATIONS]
    return studios.annotate(
        last_entry_on=Greatest(*latest, output_field=DateField()),
        last_achievement_on=Coalesce(_latest("achievements"), "founded_on", output_field=DateField()),
    ).annotate(
        is_quiet=ExpressionWrapper(Q(last_entry_on__lt=quiet_before), output_field=BooleanField()),
        lacks_results=ExpressionWrapper(
            Q(last_achievement_on__lt=results_before), output_field=BooleanField()
        ),
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
