"""The yearly statistics (统计年报) of a union's subtree: computed, frozen when filed, presented.

`compute(root, year)` reads a fixed number of grouped queries, whatever the size of the
subtree: the studios grouped by stage, type, title level, tier (示范性 or not) and each union grouping (行业,
所有制, region), the leads and members by skill level, the ledger figures of the year summed
from the per studio-year rollup (ledgers_studioyear, never the ledger rows), the
achievements by kind, the grants of the year and the changes of the year (titles granted,
revoked, studios dissolved). It returns plain JSON — row keys and numbers, no labels — which
a filed `YearlyReport` keeps as it is; `present()` turns it into labelled tables in the
reader's language, each figure with the link to the studios behind it (`studios_behind`).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from studios.models import Naming, NamingLevel, NamingTier, SkillLevel, Studio, StudioType
from unions import numbers
from unions.models import Union

from .figures import money
from .models import Achievement, FundGrant, Member, StudioYear, Training, YearlyReport

# The union fields a report groups studios by, when the union model has them (行业 and 所有制
# arrive with the onboarding import; region is there already). A field missing from the model
# is left out of the report, never guessed.
UNION_GROUPINGS = ("industry", "ownership", "region")
# The stage a dissolved (注销) studio is in; `Studio.dissolved_on` is the day it ended.
DISSOLVED = Studio.Stage.DISSOLVED.value
NOT_GIVEN = ""


@dataclass
class Cell:
    value: object
    url: str | None = None


@dataclass
class Table:
    key: str
    title: str
    headers: list
    rows: list = field(default_factory=list)  # [label, Cell, Cell, ...]


def union_groupings():
    """[(field name, model field)] of UNION_GROUPINGS that the union model has."""
    fields = {f.name: f for f in Union._meta.get_fields() if getattr(f, "concrete", False)}
    return [(name, fields[name]) for name in UNION_GROUPINGS if name in fields]


def year_bounds(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# --- computing ---------------------------------------------------------------------------------


def _counts(queryset, key):
    return [
        [row[key] or NOT_GIVEN, row["n"]] for row in queryset.values(key).annotate(n=Count("*")).order_by(key)
    ]


def compute(root, year):
    """The figures of `root`'s subtree for `year`, as JSON-ready data (see the module's docstring)."""
    in_tree = {"studio__host_union__path__startswith": root.path}
    studios = Studio.objects.filter(host_union__path__startswith=root.path)
    first, last = year_bounds(year)
    sections = {}

    sections["studio_stage"] = _counts(studios, "stage")
    sections["studio_kind"] = _counts(studios, "kind")
    sections["studio_level"] = [
        [row["level"], row["n"]]
        for row in Naming.objects.filter(revoked=False, studio__stage=Studio.Stage.NAMED, **in_tree)
        .values("level")
        .annotate(n=Count("studio", distinct=True))
        .order_by("level")
    ]
    # Every tier a row, 0 where no studio holds it: a named studio counts once, in its highest tier.
    tiers = Naming.objects.filter(revoked=False, studio__stage=Studio.Stage.NAMED, **in_tree).aggregate(
        named=Count("studio", distinct=True),
        exemplary=Count("studio", distinct=True, filter=Q(tier=NamingTier.EXEMPLARY)),
    )
    sections["studio_tier"] = [
        [NamingTier.EXEMPLARY.value, tiers["exemplary"]],
        [NamingTier.ORDINARY.value, tiers["named"] - tiers["exemplary"]],
    ]
    for name, _field in union_groupings():
        sections[f"studio_{name}"] = _counts(studios, f"host_union__{name}")

    # Leads are the studios' named persons; members those in the studio at the end of the year.
    leads = dict(_counts(studios, "person_skill_level"))
    members_at_year_end = Member.objects.filter(joined_on__lte=last, **in_tree).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=last)
    )
    members = dict(_counts(members_at_year_end, "skill_level"))
    sections["people"] = [
        [level, leads.get(level, 0), members.get(level, 0)] for level in [*SkillLevel.values, NOT_GIVEN]
    ]

    work = StudioYear.objects.filter(year=year, **in_tree).aggregate(
        n_activities=Coalesce(Sum("activities"), 0),
        n_trainings=Coalesce(Sum("trainings"), 0),
        n_headcount=Coalesce(Sum("training_headcount"), 0),
        active=Count("studio", filter=Q(activities__gt=0)),
        training=Count("studio", filter=Q(trainings__gt=0)),
        total_income=Sum("income"),
        total_expenditure=Sum("expenditure"),
        receiving=Count("studio", filter=Q(income__gt=0)),
        spending=Count("studio", filter=Q(expenditure__gt=0)),
    )
    # Skill promotions (取证晋级): the people the year's trainings brought to a higher level.
    promoted = Training.objects.filter(date__year=year, certified_count__gt=0, **in_tree).aggregate(
        studios=Count("studio", distinct=True), people=Coalesce(Sum("certified_count"), 0)
    )
    sections["work"] = [
        ["activities", work["active"], work["n_activities"]],
        ["trainings", work["training"], work["n_trainings"]],
        ["training_headcount", work["training"], work["n_headcount"]],
        ["promotions", promoted["studios"], promoted["people"]],
    ]

    by_kind = {
        row["kind"]: row
        for row in Achievement.objects.filter(date__year=year, **in_tree)
        .values("kind")
        .annotate(n=Count("*"), studios=Count("studio", distinct=True), benefit=Sum("economic_benefit"))
        .order_by()
    }
    sections["achievements"] = [
        [
            kind,
            by_kind.get(kind, {}).get("studios", 0),
            by_kind.get(kind, {}).get("n", 0),
            str(money(by_kind.get(kind, {}).get("benefit"))),
        ]
        for kind in Achievement.Kind.values
    ]

    granted = FundGrant.objects.filter(year=year, **in_tree).aggregate(
        studios=Count("studio", distinct=True), amount=Sum("amount")
    )
    sections["funds"] = [
        ["granted", granted["studios"], str(money(granted["amount"]))],
        ["income", work["receiving"], str(money(work["total_income"]))],
        ["expenditure", work["spending"], str(money(work["total_expenditure"]))],
    ]

    named = Naming.objects.filter(year=year, **in_tree).aggregate(
        titles=Count("*"), studios=Count("studio", distinct=True)
    )
    revoked = Naming.objects.filter(revoked=True, revoked_on__range=(first, last), **in_tree).aggregate(
        titles=Count("*"), studios=Count("studio", distinct=True)
    )
    dissolved = _dissolved(studios, first, last).count()
    sections["changes"] = [
        ["named", named["studios"], named["titles"]],
        ["revoked", revoked["studios"], revoked["titles"]],
        ["dissolved", dissolved, dissolved],
    ]
    return {
        "union": {"pk": root.pk, "code": root.code, "name": root.name},
        "year": year,
        "computed_at": timezone.now().isoformat(),
        "totals": {"studios": sum(n for _k, n in sections["studio_stage"])},
        "sections": sections,
    }


def _dissolved(studios, first, last):
    """The studios dissolved in the year: by the day the dissolution took effect (an approved request's
    effective date, studios/services/changes.py)."""
    return studios.filter(stage=DISSOLVED, dissolved_on__range=(first, last))


# --- filing ------------------------------------------------------------------------------------


def file_report(*, union, year, by):
    """File `union`'s report for `year`: its figures now, frozen; a second filing is a new version."""
    figures = compute(union, year)
    with transaction.atomic():
        # Locks the union's row so that two filings at once do not take the same version.
        Union.objects.select_for_update().filter(pk=union.pk).first()
        latest = YearlyReport.objects.filter(union=union, year=year).aggregate(v=Max("version"))["v"] or 0
        return YearlyReport.objects.create(
            union=union, year=year, version=latest + 1, figures=figures, filed_by=by
        )


def latest_reports(unions, year):
    """{union pk: the report in force (highest version)} of `unions` for `year`, in one query."""
    found = {}
    for report in (
        YearlyReport.objects.filter(union__in=unions, year=year)
        .select_related("filed_by")
        .order_by("union_id", "-version")
    ):
        found.setdefault(report.union_id, report)
    return found


@dataclass
class LevelFilings:
    """The unions of one level below a root that file, each with its report in force (None: not filed)."""

    level: str
    label: str
    unions: list  # [(union, report or None)]: not filed first, then in tree order

    @property
    def filed(self):
        return sum(1 for _union, report in self.unions if report is not None)

    @property
    def missing(self):
        return len(self.unions) - self.filed


def filing_status(root, year):
    """Every union below `root` that files a report for `year`, grouped by level (top level first).

    A union files when a studio is hosted in its subtree: it has figures to report upward; a union
    with no studio anywhere below it has nothing to file. Three queries whatever the size of the
    subtree: its unions, the host unions of its studios, and the reports of the year (without
    their figures).
    """
    below = list(
        Union.objects.filter(path__startswith=root.path, depth__gt=root.depth)
        .only("pk", "name", "code", "level", "path", "depth")
        .order_by("path")
    )
    hosts = set(
        Studio.objects.filter(host_union__path__startswith=root.path)
        .values_list("host_union__path", flat=True)
        .distinct()
        .order_by()
    )
    step = Union.steplen
    with_studios = {path[:end] for path in hosts for end in range(step, len(path) + 1, step)}
    filers = [union for union in below if union.path in with_studios]
    reports = {}
    for report in (
        YearlyReport.objects.filter(union__path__startswith=root.path, union__depth__gt=root.depth, year=year)
        .defer("figures")
        .select_related("filed_by")
        .order_by("union_id", "-version")
    ):
        reports.setdefault(report.union_id, report)
    groups = []
    for level, label in Union.Level.choices:
        unions = [(u, reports.get(u.pk)) for u in filers if u.level == level]
        if unions:
            unions.sort(key=lambda pair: pair[1] is not None)  # stable: tree order within each part
            groups.append(LevelFilings(level, str(label), unions))
    return groups


# --- what each figure counts, for the drill-down ---------------------------------------------


def studios_behind(root, year, section, row):
    """The studios of `root`'s subtree behind one figure (a section's row), or None if there is no such row."""
    studios = Studio.objects.filter(host_union__path__startswith=root.path)
    first, last = year_bounds(year)
    value = None if row == NOT_GIVEN else row
    if section == "studio_stage":
        return studios.filter(stage=row)
    if section == "studio_kind":
        return studios.filter(kind=row)
    if section == "studio_level":
        return studios.filter(
            stage=Studio.Stage.NAMED,
            pk__in=Naming.objects.filter(revoked=False, level=row).values("studio_id"),
        )
    if section == "studio_tier" and row in NamingTier.values:
        exemplary = Naming.objects.filter(revoked=False, tier=NamingTier.EXEMPLARY).values("studio_id")
        named = studios.filter(
            stage=Studio.Stage.NAMED, pk__in=Naming.objects.filter(revoked=False).values("studio_id")
        )
        return (
            named.filter(pk__in=exemplary) if row == NamingTier.EXEMPLARY else named.exclude(pk__in=exemplary)
        )
    grouping = section.removeprefix("studio_")
    if section.startswith("studio_") and grouping in dict(union_groupings()):
        return studios.filter(**{f"host_union__{grouping}": row if value else ""})
    if section == "people":
        members = Member.objects.filter(joined_on__lte=last, skill_level=row).filter(
            Q(left_on__isnull=True) | Q(left_on__gt=last)
        )
        return studios.filter(Q(person_skill_level=row) | Q(pk__in=members.values("studio_id")))
    rollup = {
        ("work", "activities"): Q(activities__gt=0),
        ("work", "trainings"): Q(trainings__gt=0),
        ("work", "training_headcount"): Q(trainings__gt=0),
        ("funds", "income"): Q(income__gt=0),
        ("funds", "expenditure"): Q(expenditure__gt=0),
    }.get((section, row))
    if rollup is not None:
        return studios.filter(pk__in=StudioYear.objects.filter(rollup, year=year).values("studio_id"))
    if (section, row) == ("work", "promotions"):
        return studios.filter(
            pk__in=Training.objects.filter(date__year=year, certified_count__gt=0).values("studio_id")
        )
    if section == "achievements" and row in Achievement.Kind.values:
        return studios.filter(
            pk__in=Achievement.objects.filter(kind=row, date__year=year).values("studio_id")
        )
    if (section, row) == ("funds", "granted"):
        return studios.filter(pk__in=FundGrant.objects.filter(year=year).values("studio_id"))
    if (section, row) == ("changes", "named"):
        return studios.filter(pk__in=Naming.objects.filter(year=year).values("studio_id"))
    if (section, row) == ("changes", "revoked"):
        return studios.filter(
            pk__in=Naming.objects.filter(revoked=True, revoked_on__range=(first, last)).values("studio_id")
        )
    if (section, row) == ("changes", "dissolved"):
        return _dissolved(studios, first, last)
    return None


# --- presenting ------------------------------------------------------------------------------


def _choice_labels(choices):
    labels = dict(choices)
    return lambda key: labels.get(key, _("not given") if key == NOT_GIVEN else _("other"))


def _grouping_labels(model_field):
    if model_field.choices:
        return _choice_labels(model_field.choices)
    return lambda key: key or _("not given")


WORK_ROWS = {
    "activities": gettext_lazy("Activities"),
    "trainings": gettext_lazy("Trainings (sessions)"),
    "training_headcount": gettext_lazy("Trainings (head-count, 人次)"),
    "promotions": gettext_lazy("People certified at a higher skill level through the trainings"),
}
FUND_ROWS = {
    "granted": gettext_lazy("Creation funds granted"),
    "income": gettext_lazy("Income of the studios"),
    "expenditure": gettext_lazy("Spent by the studios"),
}
CHANGE_ROWS = {
    "named": gettext_lazy("Titles granted"),
    "revoked": gettext_lazy("Titles revoked"),
    "dissolved": gettext_lazy("Studios dissolved"),
}


def _definitions():
    """{section key: (title, headers, label of a row key, which columns drill down)} in report order."""
    studios = [_("studios")]
    sections = {
        "studio_stage": (_("Studios by stage"), studios, _choice_labels(Studio.Stage.choices)),
        "studio_kind": (_("Studios by type"), studios, _choice_labels(StudioType.choices)),
        "studio_level": (_("Named studios by title level"), studios, _choice_labels(NamingLevel.choices)),
        "studio_tier": (_("Named studios by tier"), studios, _choice_labels(NamingTier.choices)),
    }
    for name, model_field in union_groupings():
        title = _("Studios by %(grouping)s") % {"grouping": model_field.verbose_name}
        sections[f"studio_{name}"] = (title, studios, _grouping_labels(model_field))
    sections |= {
        "people": (
            _("Leads and members by skill level"),
            [_("leads"), _("members at the end of the year")],
            _choice_labels(SkillLevel.choices),
        ),
        "work": (_("Activities and trainings"), [_("studios"), _("number")], WORK_ROWS.get),
        "achievements": (
            _("Achievements by kind"),
            [_("studios"), _("number"), _("economic benefit (10,000 yuan)")],
            _choice_labels(Achievement.Kind.choices),
        ),
        "funds": (_("Funds"), [_("studios"), _("amount (10,000 yuan)")], FUND_ROWS.get),
        "changes": (_("Changes in the year"), [_("studios"), _("titles or moves")], CHANGE_ROWS.get),
    }
    return sections


# The sections whose figures after the studio count are sums of money in yuan.
IN_WAN = {"funds"}


def drill_url(root_pk, year, section, row):
    query = urlencode({"union": root_pk, "year": year, "section": section, "row": row})
    return f"{reverse('ledgers:statistics_studios')}?{query}"


def present(figures, *, drill=True):
    """The report's tables, labelled in the active language; each studio count links to its studios."""
    root_pk, year = figures["union"]["pk"], figures["year"]
    definitions = _definitions()
    tables = []
    for key, rows in figures["sections"].items():
        title, headers, label = definitions.get(key, (key, [""] * (len(rows[0]) - 1) if rows else [], str))
        table = Table(key, str(title), [_("item"), *[str(h) for h in headers]])
        for row_key, *values in rows:
            url = drill_url(root_pk, year, key, row_key) if drill else None
            # A report keeps its sums of money in yuan; they read in 万元 (unions/numbers.py).
            unit = numbers.to_wan if key in IN_WAN else _value
            cells = [Cell(_value(values[0]), url)] + [Cell(unit(v)) for v in values[1:]]
            table.rows.append([str(label(row_key) or row_key), *cells])
        tables.append(table)
    return tables


def _value(value):
    return Decimal(value) if isinstance(value, str) else value


def row_label(section, row):
    """The label of one figure (the drill-down page's heading)."""
    definition = _definitions().get(section)
    if definition is None:
        return ""
    title, _headers, label = definition
    return f"{title} · {label(row) or ''}"
