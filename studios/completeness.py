"""Completeness of a studio against its criteria: computed from the records, never typed in.

Each criterion names a rule (`Criterion.rule`). A rule is a function
`rule(studio, today) -> Verdict`, registered once with `@register("code", facts=...)`.
studios/ registers the rules it can judge from its own records (identity, site,
rules); ledgers/ registers those that need the ledgers (members, funds, ledger,
results) from its AppConfig.ready(), since studios/ never imports ledgers/.
A criterion without a registered rule is judged from its evidence: a statement
and at least one file.

A rule reads the records through its facts: `facts(studio_pk, today)` returns
named scalar subqueries (counts, latest dates, whether a file exists) over one
studio's rows. `evaluate()` reads the facts of every rule of the studio's set and
the evidence of the criteria without a rule together with the criteria, in one
query; a rule judged alone (`judge()`) reads its own facts in one query.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Exists, OuterRef, Subquery
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
# code -> facts(studio_pk, today) -> {name: a scalar expression over one studio's rows}
FACTS: dict[str, Callable] = {}


def register(code, facts=None):
    def decorator(func):
        RULES[code] = func
        if facts is not None:
            FACTS[code] = facts
        return func

    return decorator


def aggregate(queryset, group="studio", **aggregates):
    """Scalar subqueries, one per aggregate over `queryset` (the rows of one studio): a rule's facts.

    Each is None when there is no row (a count reads as 0 through `count()`).
    """
    rows = queryset.order_by().values(group)
    return {
        name: Subquery(rows.annotate(_v=expression).values("_v")[:1])
        for name, expression in aggregates.items()
    }


def count(value):
    return value or 0


def _prefixed(code, name):
    return f"fact__{code}__{name}"


def _facts_expressions(codes, studio_pk, today):
    expressions = {}
    for code in codes:
        for name, expression in FACTS[code](studio_pk, today).items():
            expressions[_prefixed(code, name)] = expression
    return expressions


def _unpack(codes, row):
    return {
        code: {
            key.split("__", 2)[2]: value for key, value in row.items() if key.startswith(f"fact__{code}__")
        }
        for code in codes
    }


def facts(studio, today, code):
    """The facts of one rule for this studio: read with the criteria by evaluate(), else alone."""
    known = getattr(studio, "_completeness_facts", None)
    if known is not None and code in known:
        return known[code]
    from .models import Studio

    expressions = _facts_expressions([code], studio.pk, today)
    row = Studio.objects.filter(pk=studio.pk).annotate(**expressions).values(*expressions).first() or {}
    return _unpack([code], row)[code]


def judge(studio, criterion, today=None):
    today = today or timezone.localdate()
    rule = RULES.get(criterion.rule)
    if rule is not None:
        return rule(studio, today)
    return _from_evidence(studio, criterion)


def _evidence_expressions(studio_pk, criterion):
    """The statement of the studio's evidence for `criterion` (a pk or OuterRef) and whether it has a file."""
    from .models import Evidence, EvidenceFile

    evidence = Evidence.objects.filter(studio_id=studio_pk, criterion=criterion)
    files = EvidenceFile.objects.filter(evidence__studio_id=studio_pk, evidence__criterion=criterion)
    return Subquery(evidence.values("description")[:1]), Exists(files)


# The query of evaluate() compiled once per criteria set and day: compiling its sixteen subqueries
# costs several times what PostgreSQL takes to run them. The studio's pk is the one parameter
# that changes; it is compiled as PLACEHOLDER and put in place of it.
_COMPILED = {}
PLACEHOLDER = -982_451_653  # no studio has this pk


def _criteria_with_facts(studio, today, codes):
    """(criteria of the studio's set, the facts row, {criterion pk: (statement, has a file)}) in one query."""
    from .models import Criterion

    key = (connections[DEFAULT_DB_ALIAS].vendor, studio.criteria_set_id, today, tuple(codes))
    compiled = _COMPILED.get(key)
    if compiled is None:
        if len(_COMPILED) > 100:
            _COMPILED.clear()
        expressions = _facts_expressions(codes, PLACEHOLDER, today)
        text, has_file = _evidence_expressions(PLACEHOLDER, OuterRef("pk"))
        fields = [f.attname for f in Criterion._meta.concrete_fields]
        query = (
            Criterion.objects.filter(criteria_set_id=studio.criteria_set_id)
            .annotate(**expressions, evidence_text=text, evidence_has_file=has_file)
            .values_list(*fields, *expressions, "evidence_text", "evidence_has_file")
        )
        compiler = query.query.get_compiler(DEFAULT_DB_ALIAS)
        sql, params = compiler.as_sql()
        compiled = _COMPILED[key] = (compiler, sql, params, fields, list(expressions))
    compiler, sql, params, fields, names = compiled
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(sql, [studio.pk if p == PLACEHOLDER else p for p in params])
        rows = list(compiler.results_iter(results=[cursor.fetchall()]))
    n = len(fields)
    criteria = [Criterion.from_db(DEFAULT_DB_ALIAS, fields, row[:n]) for row in rows]
    facts_row = dict(zip(names, rows[0][n : n + len(names)], strict=True)) if rows else {}
    evidence = {c.pk: (row[-2], row[-1]) for c, row in zip(criteria, rows, strict=True)}
    return criteria, facts_row, evidence


def evaluate(studio, today=None):
    """[(criterion, verdict)] in the order of the studio's criteria set.

    One query: the criteria with the facts of every rule and the evidence of each criterion
    annotated. When the criteria were prefetched (lists of studios), one query for the facts.
    """
    from .models import Studio

    today = today or timezone.localdate()
    codes = sorted(FACTS)
    prefetched = getattr(studio.criteria_set, "_prefetched_objects_cache", {}).get("criteria")
    evidence = {}
    if prefetched is None:
        criteria, row, evidence = _criteria_with_facts(studio, today, codes)
        if not criteria:
            return []
    else:
        criteria = list(prefetched)
        if not criteria:
            return []
        expressions = _facts_expressions(codes, studio.pk, today)
        for criterion in criteria:
            if criterion.rule not in RULES:
                text, has_file = _evidence_expressions(studio.pk, criterion.pk)
                expressions[f"evidence_text_{criterion.pk}"] = text
                expressions[f"evidence_file_{criterion.pk}"] = has_file
        row = Studio.objects.filter(pk=studio.pk).values(**expressions).first() or {}
        evidence = {
            c.pk: (row.get(f"evidence_text_{c.pk}"), row.get(f"evidence_file_{c.pk}"))
            for c in criteria
            if c.rule not in RULES
        }
    studio._completeness_facts = _unpack(codes, row)
    studio._completeness_evidence = evidence
    try:
        return [(criterion, judge(studio, criterion, today)) for criterion in criteria]
    finally:
        del studio._completeness_facts, studio._completeness_evidence


def all_met(studio, today=None):
    return all(verdict.status == Status.MET for _criterion, verdict in evaluate(studio, today))


def _from_evidence(studio, criterion):
    known = getattr(studio, "_completeness_evidence", {})
    if criterion.pk in known:  # read with the criteria by evaluate()
        text, has_file = known[criterion.pk][0] or "", bool(known[criterion.pk][1])
    else:
        evidence = studio.evidence.filter(criterion=criterion).first()
        text = evidence.description if evidence else ""
        has_file = bool(evidence and evidence.files.exists())
    has_text = bool(text.strip())
    missing = []
    if not has_text:
        missing.append(str(_("a statement")))
    if not has_file:
        missing.append(str(_("supporting files")))
    if not missing:
        return Verdict(Status.MET)
    return Verdict(Status.PARTLY if (has_text or has_file) else Status.MISSING, missing)


def _verdict(checks):
    """checks: [(holds, what is missing when it does not)] -> Verdict met / partly / missing."""
    missing = [str(what) for holds, what in checks if not holds]
    if not missing:
        return Verdict(Status.MET)
    if len(missing) == len(checks):
        return Verdict(Status.MISSING, missing)
    return Verdict(Status.PARTLY, missing)


def _file_exists(studio_pk, **match):
    from .models import EvidenceFile

    return Exists(EvidenceFile.objects.filter(evidence__studio_id=studio_pk, **match))


def _identity_facts(studio_pk, today):
    from .models import EvidenceFile

    return {"plaque_photo": _file_exists(studio_pk, kind=EvidenceFile.Kind.PLAQUE_PHOTO)}


def _site_facts(studio_pk, today):
    from .models import EvidenceFile

    return {"site_photo": _file_exists(studio_pk, kind=EvidenceFile.Kind.SITE_PHOTO)}


def _rules_facts(studio_pk, today):
    from .models import EvidenceFile

    return {
        kind.value: _file_exists(studio_pk, kind=EvidenceFile.Kind.RULE_DOCUMENT, rule_kind=kind.value)
        for kind in EvidenceFile.RuleKind
    }


@register("identity", facts=_identity_facts)
def identity(studio, today):
    """有标识: named after a person with expertise and an honour or skill level, and a plaque."""
    known = facts(studio, today, "identity")
    return _verdict(
        [
            (bool(studio.person_name.strip()), _("the name of the person the studio is named after")),
            (bool(studio.person_expertise.strip()), _("the expertise of the named person")),
            (
                bool(studio.person_honours) or bool(studio.person_skill_level),
                _("an honour or the skill level of the named person"),
            ),
            (bool(known["plaque_photo"]), _("a photo of the plaque")),
        ]
    )


@register("site", facts=_site_facts)
def site(studio, today):
    """有场所: an address, an area, an equipment list and at least one photo of the site."""
    known = facts(studio, today, "site")
    return _verdict(
        [
            (bool(studio.site_address.strip()), _("the address of the site")),
            (bool(studio.site_area), _("the area of the site")),
            (bool(studio.site_equipment.strip()), _("the list of equipment")),
            (bool(known["site_photo"]), _("a photo of the site")),
        ]
    )


@register("rules", facts=_rules_facts)
def rules(studio, today):
    """有制度: a rule document of each of the seven kinds."""
    from .models import EvidenceFile

    known = facts(studio, today, "rules")
    present = {kind for kind, on_file in known.items() if on_file}
    kinds = list(EvidenceFile.RuleKind)
    verdict = _verdict(
        [(kind.value in present, gettext("%(kind)s rules") % {"kind": kind.label}) for kind in kinds]
    )
    have = len([k for k in kinds if k.value in present])
    summary = gettext("%(have)d of %(all)d kinds of rules on file") % {"have": have, "all": len(kinds)}
    return Verdict(verdict.status, verdict.missing, summary)
