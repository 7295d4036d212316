"""Completeness of a studio against its criteria: computed from the records, never typed in.

Each criterion names a rule (`Criterion.rule`). A rule is a function
`rule(studio, today) -> Verdict`, registered once with `@register("code")`.
studios/ registers the rules it can judge from its own records (identity, site,
rules); ledgers/ registers those that need the ledgers (members, funds, ledger,
results) from its AppConfig.ready(), since studios/ never imports ledgers/.
A criterion without a registered rule is judged from its evidence: a statement
and at least one file.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    MISSING = "missing", _("Missing")


@dataclass(frozen=True)
class Verdict:
    status: str
    # What is still missing, each a short noun phrase shown as "还缺：…".
    missing: list[str] = field(default_factory=list)
    # One sentence saying what the records show, e.g. "在册成员 5 人，其中带头人 1 人".
    summary: str = ""


RULES: dict[str, Callable] = {}


def register(code):
    def decorator(func):
        RULES[code] = func
        return func

    return decorator


def judge(studio, criterion, today=None):
    today = today or timezone.localdate()
    rule = RULES.get(criterion.rule)
    if rule is not None:
        return rule(studio, today)
    return _from_evidence(studio, criterion)


def evaluate(studio, today=None):
    """[(criterion, verdict)] in the order of the studio's criteria set."""
    today = today or timezone.localdate()
    criteria = studio.criteria_set.criteria.all()
    return [(criterion, judge(studio, criterion, today)) for criterion in criteria]


def all_met(studio, today=None):
    return all(verdict.status == Status.MET for _criterion, verdict in evaluate(studio, today))


def _from_evidence(studio, criterion):
    evidence = studio.evidence.filter(criterion=criterion).first()
    has_text = bool(evidence and evidence.description.strip())
    has_file = bool(evidence and evidence.files.exists())
    missing = []
    if not has_text:
        missing.append(str(_("a statement")))
    if not has_file:
        missing.append(str(_("supporting files")))
    if not missing:
        return Verdict(Status.MET)
    return Verdict(Status.PARTLY if (has_text or has_file) else Status.MISSING, missing)
