"""申报表: one application laid out as a printed A4 form (merged cells, borders, signature and stamp boxes)."""

import io
import math

from django.utils import timezone
from django.utils.translation import gettext as _

from .sheets import Styles, merged, print_setup, text, workbook

COLUMNS = 8
WIDTH = 11  # characters per column; a Chinese character takes about two
LINE = 15  # points per printed line


def _height(value, columns):
    """Row height for `value` wrapped across `columns` columns."""
    chars_per_line = max(1, columns * WIDTH // 2)
    lines = sum(max(1, math.ceil(len(part) / chars_per_line)) for part in str(value or "").split("\n"))
    return max(20, min(400, lines * LINE + 5))


class _Form:
    def __init__(self, sheet, styles):
        self.sheet, self.st, self.row = sheet, styles, 0

    def title(self, value):
        self.sheet.set_row(self.row, 34)
        merged(self.sheet, self.row, 0, self.row, COLUMNS - 1, value, self.st.title)
        self.row += 1

    def line(self, left, right=""):
        merged(self.sheet, self.row, 0, self.row, 4, left, self.st.subtitle)
        merged(self.sheet, self.row, 5, self.row, COLUMNS - 1, right, self.st.subtitle)
        self.row += 1

    def section(self, value):
        self.sheet.set_row(self.row, 22)
        merged(self.sheet, self.row, 0, self.row, COLUMNS - 1, value, self.st.header)
        self.row += 1

    def wide(self, label, value):
        self.sheet.set_row(self.row, _height(value, COLUMNS - 1))
        text(self.sheet, self.row, 0, label, self.st.label)
        merged(self.sheet, self.row, 1, self.row, COLUMNS - 1, value, self.st.cell)
        self.row += 1

    def pair(self, label1, value1, label2, value2):
        self.sheet.set_row(self.row, max(_height(value1, 3), _height(value2, 3)))
        text(self.sheet, self.row, 0, label1, self.st.label)
        merged(self.sheet, self.row, 1, self.row, 3, value1, self.st.cell)
        text(self.sheet, self.row, 4, label2, self.st.label)
        merged(self.sheet, self.row, 5, self.row, COLUMNS - 1, value2, self.st.cell)
        self.row += 1

    def quad(self, pairs):
        """Four label/value pairs on one row, for short figures."""
        for i, (label, value) in enumerate(pairs):
            text(self.sheet, self.row, 2 * i, label, self.st.label)
            text(self.sheet, self.row, 2 * i + 1, value, self.st.centre)
        self.sheet.set_row(self.row, 30)
        self.row += 1

    def cells(self, spans, values, fmt=None, height=None):
        """One row of cells, each spanning (first, last) columns."""
        fmt = fmt or self.st.cell_top
        tallest = height or max(
            _height(v, last - first + 1) for (first, last), v in zip(spans, values, strict=True)
        )
        self.sheet.set_row(self.row, tallest)
        for (first, last), value in zip(spans, values, strict=True):
            merged(self.sheet, self.row, first, self.row, last, value, fmt)
        self.row += 1

    def boxes(self, left, right, rows=6):
        merged(self.sheet, self.row, 0, self.row + rows - 1, 3, left, self.st.stamp)
        merged(self.sheet, self.row, 4, self.row + rows - 1, COLUMNS - 1, right, self.st.stamp)
        for r in range(self.row, self.row + rows):
            self.sheet.set_row(r, 22)
        self.row += rows


def _figure(entry, name):
    value = entry.figures.get(name)
    return "" if value in (None, "") else str(value)


def form_bytes(entry, *, package, criteria):
    """The 申报表 of one entry as .xlsx bytes (small: built in memory)."""
    out = io.BytesIO()
    book = workbook(out)
    sheet = book.add_worksheet(_("Application form"))
    sheet.set_column(0, COLUMNS - 1, WIDTH)
    form = _Form(sheet, Styles(book))
    studio = entry.studio

    form.title(_("Application form of a model-worker innovation studio"))
    form.line(
        _("Campaign: %(campaign)s") % {"campaign": package.campaign.title},
        _("Rank: %(rank)s") % {"rank": entry.rank},
    )
    form.line(
        _("Filed by: %(union)s") % {"union": entry.application.filing_union.name},
        _("Submitted on: %(date)s")
        % {
            "date": timezone.localdate(entry.application.submitted_at).isoformat()
            if entry.application.submitted_at
            else "—"
        },
    )

    form.section(_("The studio"))
    form.wide(_("Studio"), studio.get("name", ""))
    form.pair(_("Named after"), studio.get("person_name", ""), _("Post"), studio.get("person_post", ""))
    form.pair(
        _("Honours"), "、".join(studio.get("honours") or []), _("Skill level"), studio.get("skill_level", "")
    )
    form.pair(_("Host unit"), studio.get("unit", ""), _("Union"), studio.get("host_union", ""))
    form.pair(_("Type"), studio.get("kind", ""), _("Founded on"), studio.get("founded_on", ""))
    form.wide(_("Main topics"), "、".join(studio.get("topics") or []))
    form.pair(
        _("Site address"), studio.get("site_address", ""), _("Site area (m²)"), studio.get("site_area") or ""
    )
    form.wide(_("Site equipment"), studio.get("site_equipment", ""))
    form.wide(_("Expertise"), studio.get("expertise", ""))
    form.wide(_("Namings held"), "、".join(studio.get("namings") or []) or "—")

    form.section(_("Ledger figures of the last 12 months"))
    form.quad(
        [
            (_("Members (people)"), _figure(entry, "members")),
            (_("Activities (times)"), _figure(entry, "activities")),
            (_("Training head-count (person-times)"), _figure(entry, "training_headcount")),
            (_("Achievements (items)"), _figure(entry, "achievements")),
        ]
    )
    form.quad(
        [
            (_("Economic benefit (10k yuan)"), _figure(entry, "economic_benefit")),
            (_("Fund income (yuan)"), _figure(entry, "income")),
            (_("Fund expenditure (yuan)"), _figure(entry, "expenditure")),
            (_("Fund balance (yuan)"), _figure(entry, "balance")),
        ]
    )

    form.section(_("The criteria: statement, completeness and verdicts"))
    spans = [(0, 0), (1, 4), (5, 5), (6, 7)]
    form.cells(spans, [_("Criterion"), _("Statement"), _("Records show"), _("Verdicts")], form.st.header, 22)
    completeness = {c.get("code"): c for c in entry.completeness}
    for criterion in criteria:
        shown = completeness.get(criterion.code, {})
        verdicts = "\n".join(
            f"{line.union}：{line.verdicts[criterion.code][0]}"
            + (f"（{line.verdicts[criterion.code][1]}）" if line.verdicts[criterion.code][1] else "")
            for line in entry.reviews
            if criterion.code in line.verdicts
        )
        form.cells(
            spans,
            [
                criterion.name,
                entry.statements.get(criterion.code, ""),
                shown.get("status_label", ""),
                verdicts,
            ],
        )

    form.section(_("Review comments of each level"))
    if not entry.reviews:
        form.wide("—", "")
    for line in entry.reviews:
        body = _("Score %(score)s; %(decision)s; %(reviewer)s, %(date)s") % {
            "score": line.score,
            "decision": line.decision,
            "reviewer": line.reviewer,
            "date": line.reviewed_on,
        }
        for part in (line.reason, line.rank_reason):
            if part:
                body += "\n" + part
        form.cells([(0, 1), (2, COLUMNS - 1)], [line.union, body], form.st.cell_top)

    form.section(_("Attachments in this package"))
    names = [
        a.path + (_(" (not included: %(why)s)") % {"why": a.missing} if a.missing else "")
        for a in entry.attachments
    ] or ["—"]
    form.wide(_("Files"), "\n".join(names))

    form.section(_("Signatures and stamps"))
    date_line = _("Year    Month    Day")
    form.boxes(
        _("Filing union (stamp)") + "\n\n" + _("Head (signature):") + "\n" + date_line,
        _("Recommending union: %(union)s (stamp)") % {"union": package.union.name}
        + "\n\n"
        + _("Head (signature):")
        + "\n"
        + date_line,
    )
    print_setup(sheet, landscape=False)
    book.close()
    return out.getvalue()
