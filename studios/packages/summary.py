"""推荐汇总表: one row per studio in rank order, written row by row (XlsxWriter constant_memory).

A header block (campaign, union, date, count vs quota), a frozen header row, a totals
row (counts and money only: a sum or mean of scores means nothing), column widths and a
print setup for A4 landscape. The printed summary is the PDF (studios/documents/summary.py).
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from ..documents.text import long_date
from .sheets import Styles, merged, number, print_setup, text, workbook

HEADER_ROW = 3


def columns():
    """(heading, width, kind) in order; kind says how the cell is written and totalled."""
    return [
        (_("Rank"), 6, "rank"),
        (_("Studio"), 26, "text"),
        (_("Named after"), 10, "text"),
        (_("Honours"), 18, "text"),
        (_("Type"), 11, "text"),
        (_("Host unit"), 20, "text"),
        (_("Union"), 18, "text"),
        (_("Founded on"), 11, "text"),
        (_("Members"), 7, "int"),
        (_("Activities (12 months)"), 9, "int"),
        (_("Training head-count (12 months)"), 10, "int"),
        (_("Achievements (12 months)"), 9, "int"),
        (_("Economic benefit, 10k yuan (12 months)"), 12, "money"),
        (_("Fund expenditure, yuan (12 months)"), 13, "money"),
        (_("Fund balance, yuan"), 13, "money"),
        (_("Score at this level"), 8, "score"),
        (_("Scores and verdicts at each level"), 34, "text"),
        (_("Recommendation comment"), 30, "text"),
    ]


def _figure(entry, name):
    value = entry.figures.get(name)
    if value in (None, ""):
        return None
    return Decimal(str(value))


class SummaryWriter:
    """Write the summary to `target` (a binary file object) one entry at a time, then `close()`."""

    def __init__(self, target, *, package, recipient, count, places, today):
        self.book = workbook(target, constant_memory=True)
        self.sheet = self.book.add_worksheet(_("Summary"))
        self.styles = Styles(self.book)
        self.columns = columns()
        self.row = HEADER_ROW + 1
        self.totals = {}
        self._header(package, recipient, count, places, today)

    def _header(self, package, recipient, count, places, today):
        sheet, st, last = self.sheet, self.styles, len(self.columns) - 1
        for col, (_heading, width, _kind) in enumerate(self.columns):
            sheet.set_column(col, col, width)
        sheet.set_row(0, 30)
        merged(
            sheet,
            0,
            0,
            0,
            last,
            _("%(campaign)s: nomination summary") % {"campaign": package.campaign.title},
            st.title,
        )
        merged(
            sheet, 1, 0, 1, 6, _("Recommending union: %(union)s") % {"union": package.union.name}, st.subtitle
        )
        merged(
            sheet,
            1,
            7,
            1,
            12,
            _("To: %(union)s") % {"union": recipient.name if recipient else "—"},
            st.subtitle,
        )
        merged(sheet, 1, 13, 1, last, _("Date: %(date)s") % {"date": long_date(today)}, st.subtitle)
        quota = str(places) if places is not None else _("no quota set")
        merged(
            sheet,
            2,
            0,
            2,
            last,
            _("Recommended: %(count)s; quota: %(quota)s") % {"count": count, "quota": quota},
            st.subtitle,
        )
        sheet.set_row(HEADER_ROW, 42)
        for col, (heading, _width, _kind) in enumerate(self.columns):
            text(sheet, HEADER_ROW, col, heading, st.header)
        sheet.freeze_panes(HEADER_ROW + 1, 2)
        print_setup(sheet, landscape=True, repeat_rows=(HEADER_ROW, HEADER_ROW))

    def _values(self, entry):
        studio = entry.studio
        own = entry.own
        levels = "\n".join(
            f"{line.union}：{line.score}；{line.decision}；{line.verdict_summary()}" for line in entry.reviews
        )
        comment = "\n".join(part for part in ((own.reason, own.rank_reason) if own else ()) if part)
        return [
            entry.rank,
            studio.get("name", ""),
            studio.get("person_name", ""),
            "、".join(studio.get("honours") or []),
            studio.get("kind", ""),
            studio.get("unit", ""),
            studio.get("host_union", ""),
            studio.get("founded_on", ""),
            _figure(entry, "members"),
            _figure(entry, "activities"),
            _figure(entry, "training_headcount"),
            _figure(entry, "achievements"),
            _figure(entry, "economic_benefit"),
            _figure(entry, "expenditure"),
            _figure(entry, "balance"),
            own.score if own else None,
            levels,
            comment,
        ]

    def add(self, entry):
        sheet, st = self.sheet, self.styles
        for col, ((_heading, _width, kind), value) in enumerate(
            zip(self.columns, self._values(entry), strict=True)
        ):
            if kind == "text":
                text(sheet, self.row, col, value, st.cell)
            elif kind == "money":
                number(sheet, self.row, col, value, st.decimal)
            else:
                number(sheet, self.row, col, value, st.number if kind != "rank" else st.centre)
            if kind in ("int", "money") and value is not None:
                self.totals[col] = self.totals.get(col, Decimal(0)) + value
        self.row += 1

    def close(self):
        sheet, st = self.sheet, self.styles
        count = self.row - HEADER_ROW - 1
        for col, (_heading, _width, kind) in enumerate(self.columns):
            if col == 0:
                text(sheet, self.row, col, _("Total"), st.total_label)
            elif col == 1:
                text(sheet, self.row, col, _("%(count)s studios") % {"count": count}, st.total_text)
            elif kind in ("int", "money"):
                number(
                    sheet,
                    self.row,
                    col,
                    self.totals.get(col, 0),
                    st.total_number if kind == "int" else st.total_decimal,
                )
            else:
                text(sheet, self.row, col, "", st.total_text)
        if count:  # a filter over the studios' rows (not the total below them)
            sheet.autofilter(HEADER_ROW, 0, self.row - 1, len(self.columns) - 1)
        self.book.close()
