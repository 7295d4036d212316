"""汇总表 as a PDF: A4 landscape, the columns a clerk reads at 9.5 pt, rows that wrap and never
overlap (each row stays on one page, the header repeats), and totals only where a total means
something: the number of studios, members, results and money, never scores. The full set of
columns stays in the workbook (summary.xlsx) beside it.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from unions import numbers

from .renderer import render
from .text import long_date

TEMPLATE = "summary.typ"


def _columns():
    """(heading, width, kind): kind "text", "count" or "money" (totalled), "score" (never totalled)."""
    return [
        (_("Rank"), 0.5, "rank"),
        (_("Studio"), 2.4, "text"),
        (_("Named after"), 0.9, "text"),
        (_("Honours"), 1.8, "text"),
        (_("Type"), 1.0, "text"),
        (_("Host unit"), 2.0, "text"),
        (_("Union"), 1.7, "text"),
        (_("Members"), 0.6, "count"),
        (_("Achievements (12 months)"), 0.8, "count"),
        (_("Economic benefit, 10k yuan (12 months)"), 1.1, "money"),
        (_("Score at this level"), 0.7, "score"),
        (_("Recommendation comment"), 2.6, "text"),
    ]


def _number(value):
    if value in (None, ""):
        return None
    return Decimal(str(value))


class SummaryPdf:
    """Collect the rows one entry at a time (a few strings each), then `pdf()` renders them."""

    def __init__(self, *, package, recipient, count, places, today):
        self.package, self.recipient, self.count, self.places, self.today = (
            package,
            recipient,
            count,
            places,
            today,
        )
        self.columns = _columns()
        self.rows = []
        self.totals = {}

    def add(self, entry):
        studio, own = entry.studio, entry.own
        comment = "\n".join(p for p in ((own.reason, own.rank_reason) if own else ()) if p)
        values = [
            entry.rank,
            studio.get("name", ""),
            studio.get("person_name", ""),
            "、".join(studio.get("honours") or []),
            studio.get("kind", ""),
            studio.get("unit", ""),
            studio.get("host_union", ""),
            _number(entry.figures.get("members")),
            _number(entry.figures.get("achievements")),
            _number(entry.figures.get("economic_benefit")),
            own.score if own else None,
            comment,
        ]
        row = []
        for (_heading, _width, kind), value in zip(self.columns, values, strict=True):
            if kind in ("count", "money") and value is not None:
                self.totals[_heading] = self.totals.get(_heading, Decimal(0)) + value
            if kind == "money" and value is not None:
                row.append(numbers.amount(value))
            elif kind == "count" and value is not None:
                row.append(numbers.number(int(value)))
            else:
                row.append("" if value is None else str(value))
        self.rows.append(row)

    def data(self):
        totals = []
        for i, (heading, _width, kind) in enumerate(self.columns):
            if i == 0:
                totals.append(_("Total"))
            elif i == 1:
                totals.append(_("%(count)s studios") % {"count": len(self.rows)})
            elif kind == "count":
                totals.append(numbers.number(int(self.totals.get(heading, 0))))
            elif kind == "money":
                totals.append(numbers.amount(self.totals.get(heading, Decimal(0))))
            else:
                totals.append("")
        package = self.package
        quota = str(self.places) if self.places is not None else _("no quota set")
        return {
            "title": _("%(campaign)s: nomination summary") % {"campaign": package.campaign.title},
            "header": [
                _("Recommending union: %(union)s") % {"union": package.union.name},
                _("To: %(union)s") % {"union": self.recipient.name if self.recipient else "—"},
                _("Date: %(date)s") % {"date": long_date(self.today)}
                + "　"
                + _("Recommended: %(count)s; quota: %(quota)s") % {"count": self.count, "quota": quota},
            ],
            "headings": [c[0] for c in self.columns],
            "widths": [c[1] for c in self.columns],
            "numeric": [i for i, c in enumerate(self.columns) if c[2] in ("count", "money", "score", "rank")],
            "rows": self.rows,
            "totals": totals,
            "note": _("The ledger figures are those of the last 12 months; every column is in the workbook."),
            "footer": _("%(campaign)s: nomination summary") % {"campaign": package.campaign.title},
        }

    def pdf(self, *, generated_at=None, typeset=render):
        """`typeset`: `renderer.render`, or `renderer.render_apart` (a package: the rows of every
        studio typeset in a child process of its own, whose memory goes with it)."""
        return typeset(TEMPLATE, self.data(), timestamp=generated_at)
