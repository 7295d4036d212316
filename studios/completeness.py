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
from django.utils.translation import gettext
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
    # The rules below share one read of the studio's evidence files.
    studio._evidence_files = _files(studio)
    try:
        return [(criterion, judge(studio, criterion, today)) for criterion in criteria]
    finally:
        del studio._evidence_files


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


def _files(studio):
    cached = getattr(studio, "_evidence_files", None)
    if cached is not None:
        return cached
    from .models import EvidenceFile

    return list(EvidenceFile.objects.filter(evidence__studio=studio).only("kind", "rule_kind", "evidence_id"))


def _verdict(checks):
    """checks: [(holds, what is missing when it does not)] -> Verdict met / partly / missing."""
    missing = [str(what) for holds, what in checks if not holds]
    if not missing:
        return Verdict(Status.MET)
    if len(missing) == len(checks):
        return Verdict(Status.MISSING, missing)
    return Verdict(Status.PARTLY, missing)


@register("identity")
def identity(studio, today):
    """有标识: named after a person with expertise and an honour or skill level, and a plaque."""
    from .models import EvidenceFile

    files = _files(studio)
    return _verdict(
        [
            (bool(studio.person_name.strip()), _("the name of the person the studio is named after")),
            (bool(studio.person_expertise.strip()), _("the expertise of the named person")),
            (
                bool(studio.person_honours) or bool(studio.person_skill_level),
                _("an honour or the skill level of the named person"),
            ),
            (
                any(f.kind == EvidenceFile.Kind.PLAQUE_PHOTO for f in files),
                _("a photo of the plaque"),
            ),
        ]
    )


@register("site")
def site(studio, today):
    """有场所: an address, an area, an equipment list and at least one photo of the site."""
    from .models import EvidenceFile

    files = _files(studio)
    return _verdict(
        [
            (bool(studio.site_address.strip()), _("the address of the site")),
            (bool(studio.site_area), _("the area of the site")),
            (bool(studio.site_equipment.strip()), _("the list of equipment")),
            (any(f.kind == EvidenceFile.Kind.SITE_PHOTO for f in files), _("a photo of the site")),
        ]
    )


@register("rules")
def rules(studio, today):
    """有制度: a rule document of each of the seven kinds."""
    from .models import EvidenceFile

    present = {f.rule_kind for f in _files(studio) if f.kind == EvidenceFile.Kind.RULE_DOCUMENT}
    kinds = list(EvidenceFile.RuleKind)
    verdict = _verdict(
        [(kind.value in present, gettext("%(kind)s rules") % {"kind": kind.label}) for kind in kinds]
    )
    have = len([k for k in kinds if k.value in present])
    summary = gettext("%(have)d of %(all)d kinds of rules on file") % {"have": have, "all": len(kinds)}
    return Verdict(verdict.status, verdict.missing, summary)
