"""Selectors of the overview dashboard: every figure of a union's subtree as a few grouped SQL aggregates.

No loop runs over studios or ledger rows: each query groups in the database (by the
child union a studio lies under, a stage, a type, a year) and Python only arranges
the grouped rows, whose number depends on the width of the tree, not on its size.
The child union of a studio is read from its host union's materialised path (the
first `depth + 1` steps), so no join to the union table is needed per row.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, F, Sum
from django.db.models.functions import ExtractYear, Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from studios import warnings
from studios.models import Application, Campaign, Naming, NamingLevel, Studio, StudioType
from unions import numbers
from unions.models import Union

from .. import figures
from ..figures import CENT
from ..models import FundGrant, StudioYear
from ..permissions import can_view_overview

BEHIND_LIMIT = 20


@dataclass
class Cell:
    value: object
    url: str | None = None


@dataclass
class Table:
    key: str
    title: str
    headers: list
    rows: list = field(default_factory=list)  # list of lists of Cell
    note: str = ""


def search_url(**params):
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{reverse('ledgers:studio_search')}?{urlencode(params)}"


def parent_in_scope(user, union):
    """The union just above `union`, if `user` may see its overview; else None."""
    if union.depth <= 1:
        return None
    parent = Union.objects.filter(path=union.path[: -Union.steplen]).first()
    return parent if parent is not None and can_view_overview(user, parent) else None


def _child_key(prefix, root):
    """An expression: the path of the child of `root` that a row's union lies under (or root's own)."""
    return Substr(f"{prefix}path", 1, len(root.path) + Union.steplen)


def _num(value):
    if value is None:
        return 0
    # SQLite sums decimals as floats; show money with two places everywhere.
    return Decimal(value).quantize(CENT) if isinstance(value, Decimal | float) else value


class Overview:
    """The dashboard of `root`'s subtree for `year` (this year) against `year - 1`."""

    def __init__(self, root, *, today=None):
        self.root = root
        self.today = today or datetime.date.today()
        self.year = self.today.year
        self.years = (self.year - 1, self.year)
        self.studios = Studio.objects.filter(host_union__path__startswith=root.path)
        self.children = list(
            Union.objects.filter(path__startswith=root.path, depth=root.depth + 1).only("pk", "name", "path")
        )
        self._load()

    # --- the queries --------------------------------------------------------------------

    def _load(self):
        root = self.root
        studio_child = _child_key("host_union__", root)
        ledger_child = _child_key("studio__host_union__", root)
        in_tree = {"studio__host_union__path__startswith": root.path}
        self.studio_groups = list(
            self.studios.annotate(child=studio_child).values("child", "stage", "kind").annotate(n=Count("*"))
        )
        self.level_groups = list(
            Naming.objects.filter(revoked=False, studio__stage=Studio.Stage.NAMED, **in_tree)
            .annotate(child=ledger_child)
            .values("child", "level")
            .annotate(n=Count("studio", distinct=True))
        )
        self.named_by_year = dict(
            Naming.objects.filter(**in_tree).values_list("year").annotate(n=Count("*")).order_by()
        )
        self.revoked_by_year = dict(
            Naming.objects.filter(revoked=True, revoked_on__isnull=False, **in_tree)
            .annotate(y=ExtractYear("revoked_on"))
            .values_list("y")
            .annotate(n=Count("*"))
            .order_by()
        )

        # Ledger figures come from the per studio-year rollup (ledgers/rollup.py), not the
        # millions of ledger rows: one grouped query for all four series.
        yearly = figures.rollup_totals(
            StudioYear.objects.filter(year__in=self.years, **in_tree).annotate(
                child=ledger_child, y=F("year")
            ),
            "child",
            "y",
            names=("activities", "training_headcount", "achievements", "economic_benefit", "expenditure"),
        )

        def series(value, **extra):
            return [
                {"child": r["child"], "y": r["y"], "n": r[value], **{k: r[v] for k, v in extra.items()}}
                for r in yearly
            ]

        self.activity_rows = series("activities")
        self.training_rows = series("training_headcount")
        self.achievement_rows = series("achievements", benefit="economic_benefit")
        self.spent_rows = series("expenditure")
        self.granted_rows = list(
            FundGrant.objects.filter(year__in=self.years, **in_tree)
            .annotate(child=ledger_child, y=F("year"))
            .values("child", "y")
            .annotate(n=Sum("amount"))
            .order_by()
        )
        self.application_rows = list(
            Application.objects.filter(campaign__status=Campaign.Status.OPEN, **in_tree)
            .values("status")
            .annotate(n=Count("*"))
            .order_by()
        )
        flagged = warnings.flagged(self.studios, self.today)
        self.behind_by_child = dict(
            flagged.annotate(child=studio_child).values_list("child").annotate(n=Count("*")).order_by()
        )
        self.behind = list(
            flagged.select_related("host_union").order_by("quiet_since", "name_pinyin", "name", "pk")[
                :BEHIND_LIMIT
            ]
        )

    # --- arranging ----------------------------------------------------------------------

    def _units(self):
        """(label, path, union or None): each child union, then the root's own studios if any."""
        units = [(u.name, u.path, u) for u in self.children]
        own = any(g["child"] == self.root.path for g in self.studio_groups)
        if own:
            units.append(
                (str(_("%(union)s (own level)") % {"union": self.root.name}), self.root.path, self.root)
            )
        return units

    def _sum(self, groups, **match):
        """The sum of `n` over the grouped rows matching `match`, from an index built once per key set."""
        keys = tuple(sorted(match))
        index_key = (id(groups), keys)
        indexes = self.__dict__.setdefault("_sum_indexes", {})
        if index_key not in indexes:
            index = {}
            for g in groups:
                values = tuple(g[k] for k in keys)
                index[values] = index.get(values, 0) + g["n"]
            indexes[index_key] = index
        return indexes[index_key].get(tuple(match[k] for k in keys), 0)

    def _unit_url(self, union, **params):
        return search_url(union=union.pk if union else self.root.pk, **params)

    def total_studios(self):
        return sum(g["n"] for g in self.studio_groups)

    def studios_by_child(self):
        stages = Studio.Stage.choices
        kinds = StudioType.choices
        headers = (
            [_("union"), _("studios")] + [label for _v, label in stages] + [label for _v, label in kinds]
        )
        headers += [_("falling behind")]
        table = Table("studios_by_union", _("Studios by union below"), headers)
        for label, path, union in self._units():
            own = union is self.root
            if own:
                url = search_url(union=self.root.pk, own="1")
            else:
                url = self._unit_url(union)
            row = [Cell(label, reverse("ledgers:dashboard") + f"?union={union.pk}" if not own else None)]
            row.append(Cell(self._sum(self.studio_groups, child=path), url))
            for value, _label in stages:
                row.append(
                    Cell(self._sum(self.studio_groups, child=path, stage=value), f"{url}&stage={value}")
                )
            for value, _label in kinds:
                row.append(Cell(self._sum(self.studio_groups, child=path, kind=value), f"{url}&kind={value}"))
            row.append(Cell(self.behind_by_child.get(path, 0), f"{url}&flag=any"))
            table.rows.append(row)
        return table

    def simple_counts(self, key, title, choices, field_name):
        table = Table(key, title, [title, _("studios")])
        for value, label in choices:
            table.rows.append(
                [
                    Cell(label),
                    Cell(
                        self._sum(self.studio_groups, **{field_name: value}),
                        self._unit_url(None, **{field_name: value}),
                    ),
                ]
            )
        return table

    def by_level(self):
        table = Table("by_level", _("Named studios by level"), [_("naming level"), _("studios")])
        for value, label in NamingLevel.choices:
            n = sum(g["n"] for g in self.level_groups if g["level"] == value)
            table.rows.append([Cell(label), Cell(n, self._unit_url(None, level=value))])
        return table

    def _title_years(self):
        """Every year from the first title to this one, those with nothing granted or revoked too (a chart
        that skipped them would draw two distant years side by side)."""
        known = set(self.named_by_year) | set(self.revoked_by_year)
        return list(range(min(known), max(*known, self.year) + 1)) if known else []

    def over_years(self):
        table = Table(
            "over_years",
            _("Titles over the years"),
            [_("year"), _("titles granted"), _("titles revoked"), _("titles in force at year end")],
        )
        years = self._title_years()
        running = 0
        for y in years:
            running += self.named_by_year.get(y, 0) - self.revoked_by_year.get(y, 0)
            table.rows.append(
                [
                    Cell(y),
                    Cell(self.named_by_year.get(y, 0), self._unit_url(None, named_year=y)),
                    Cell(self.revoked_by_year.get(y, 0)),
                    Cell(running),
                ]
            )
        return table

    def _year_total(self, rows, y, key="n", child=None):
        return sum(_num(r[key]) for r in rows if r["y"] == y and (child is None or r["child"] == child))

    def ledger_compare(self):
        last, this = self.years
        table = Table(
            "ledgers_compare",
            _("The ledgers, this year against last year"),
            [_("figure"), str(last), str(this), _("change")],
        )
        same = _num
        figures = [
            (_("activities"), self.activity_rows, "n", same),
            (_("trainings (人次)"), self.training_rows, "n", same),
            (_("achievements"), self.achievement_rows, "n", same),
            (_("economic benefit (10,000 yuan)"), self.achievement_rows, "benefit", same),
            # Large sums read in 万元 (unions/numbers.py).
            (_("creation funds granted (10,000 yuan)"), self.granted_rows, "n", numbers.to_wan),
            (_("funds spent (10,000 yuan)"), self.spent_rows, "n", numbers.to_wan),
        ]
        for label, rows, key, unit in figures:
            a, b = unit(self._year_total(rows, last, key)), unit(self._year_total(rows, this, key))
            table.rows.append([Cell(label), Cell(a), Cell(b), Cell(b - a)])
        return table

    def ledgers_by_child(self):
        this = self.year
        table = Table(
            "ledgers_by_union",
            _("This year's ledgers by union below"),
            [
                _("union"),
                _("activities"),
                _("trainings (人次)"),
                _("achievements"),
                _("economic benefit (10,000 yuan)"),
                _("creation funds granted (10,000 yuan)"),
                _("funds spent (10,000 yuan)"),
            ],
        )
        for label, path, union in self._units():
            table.rows.append(
                [
                    Cell(label, self._unit_url(union)),
                    Cell(self._year_total(self.activity_rows, this, child=path)),
                    Cell(self._year_total(self.training_rows, this, child=path)),
                    Cell(self._year_total(self.achievement_rows, this, child=path)),
                    Cell(self._year_total(self.achievement_rows, this, "benefit", child=path)),
                    Cell(numbers.to_wan(self._year_total(self.granted_rows, this, child=path))),
                    Cell(numbers.to_wan(self._year_total(self.spent_rows, this, child=path))),
                ]
            )
        return table

    def applications(self):
        counts = {r["status"]: r["n"] for r in self.application_rows}
        table = Table("applications", _("Applications in open campaigns"), [_("status"), _("applications")])
        for value, label in Application.Status.choices:
            if counts.get(value):
                table.rows.append([Cell(label), Cell(counts[value])])
        return table

    def falling_behind(self):
        table = Table(
            "falling_behind",
            _("Studios falling behind"),
            [_("studio"), _("host union"), _("last ledger entry"), _("last achievement"), _("warnings")],
            note=_("No ledger entry in 90 days (yellow) or no achievement in 12 months (red)."),
        )
        for studio in self.behind:
            flags = "；".join(str(f.message) for f in warnings.flags_of(studio))
            table.rows.append(
                [
                    Cell(studio.name, reverse("studios:detail", args=[studio.pk])),
                    Cell(studio.host_union.name),
                    Cell(studio.last_entry_on or _("none yet")),
                    Cell(studio.last_achievement_on or _("none yet")),
                    Cell(flags),
                ]
            )
        return table

    def tables(self):
        return [
            self.studios_by_child(),
            self.simple_counts("by_stage", _("stage"), Studio.Stage.choices, "stage"),
            self.simple_counts("by_kind", _("type"), StudioType.choices, "kind"),
            self.by_level(),
            self.over_years(),
            self.ledger_compare(),
            self.ledgers_by_child(),
            self.applications(),
            self.falling_behind(),
        ]

    # --- charts (ECharts options, rendered from static/js/dashboard.js) -------------------

    # One line of legend, paged with arrows when it does not fit (a 360 px phone), above a plot that
    # starts below it; long category labels cut with an ellipsis instead of running off the chart.
    LEGEND = {"type": "scroll", "top": 0, "left": 8, "right": 8}
    GRID_BELOW_LEGEND = {"containLabel": True, "left": 8, "right": 16, "top": 44, "bottom": 8}
    CATEGORY_LABEL = {"interval": 0, "rotate": 30, "width": 96, "overflow": "truncate"}

    def charts(self):
        units = self._units()
        kind_series = []
        for value, label in StudioType.choices:
            data = []
            for _label, path, union in units:
                n = self._sum(self.studio_groups, child=path, kind=value)
                data.append({"value": n, "url": self._unit_url(union, kind=value)})
            kind_series.append({"type": "bar", "stack": "kind", "name": str(label), "data": data})
        by_union = {
            "tooltip": {"trigger": "axis"},
            "legend": self.LEGEND,
            "grid": self.GRID_BELOW_LEGEND,
            "xAxis": {
                "type": "category",
                "data": [str(u[0]) for u in units],
                "axisLabel": self.CATEGORY_LABEL,
            },
            "yAxis": {"type": "value", "minInterval": 1},
            "series": kind_series,
        }
        kinds = StudioType.choices
        by_kind = {
            "tooltip": {"trigger": "axis"},
            "grid": {"containLabel": True, "left": 8, "right": 8, "top": 16, "bottom": 8},
            "xAxis": {"type": "category", "data": [str(label) for _v, label in kinds]},
            "yAxis": {"type": "value", "minInterval": 1},
            "series": [
                {
                    "type": "bar",
                    "name": str(_("studios")),
                    "data": [
                        {"value": self._sum(self.studio_groups, kind=v), "url": self._unit_url(None, kind=v)}
                        for v, _label in kinds
                    ],
                }
            ],
        }
        years = self._title_years()
        running, in_force = 0, []
        for y in years:
            running += self.named_by_year.get(y, 0) - self.revoked_by_year.get(y, 0)
            in_force.append(running)
        over_years = {
            "tooltip": {"trigger": "axis"},
            "legend": self.LEGEND,
            "grid": self.GRID_BELOW_LEGEND,
            "xAxis": {"type": "category", "data": [str(y) for y in years]},
            "yAxis": {"type": "value", "minInterval": 1},
            "series": [
                {
                    "type": "line",
                    "name": str(_("titles granted")),
                    "data": [
                        {"value": self.named_by_year.get(y, 0), "url": self._unit_url(None, named_year=y)}
                        for y in years
                    ],
                },
                {"type": "line", "name": str(_("titles in force at year end")), "data": in_force},
            ],
        }
        return {"by_union": by_union, "by_kind": by_kind, "over_years": over_years}
