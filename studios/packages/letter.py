"""推荐函: the union's cover letter, laid out for printing on A4 (campaign, count vs quota, the ranked
list, the review and 公示 held at this level, signature and stamp boxes)."""

import io

from django.utils.translation import gettext as _

from ..models import Review
from ..models.review import Decision
from .sheets import Styles, merged, number, print_setup, text, workbook

WIDTHS = (7, 34, 34, 12)


def review_counts(package):
    """{decision: applications} by the latest decision of this union on each application of the campaign."""
    latest = {}
    rows = (
        Review.objects.filter(union=package.union, application__campaign=package.campaign)
        .order_by("created_at", "pk")
        .values_list("application_id", "decision")
    )
    for application_id, decision in rows.iterator(chunk_size=2000):
        latest[application_id] = decision
    counts = {d.value: 0 for d in Decision}
    for decision in latest.values():
        counts[decision] = counts.get(decision, 0) + 1
    counts["received"] = len(latest)
    return counts


def letter_bytes(*, package, recipient, ranked, places, today):
    """ranked: [(rank, studio name, unit, score)] in rank order."""
    out = io.BytesIO()
    book = workbook(out)
    sheet = book.add_worksheet(_("Cover letter"))
    st = Styles(book)
    last = len(WIDTHS) - 1
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    row = 0

    def paragraph(value, height=None, fmt=st.paragraph):
        nonlocal row
        lines = max(1, sum(1 + len(part) // 40 for part in value.split("\n")))
        sheet.set_row(row, height or 18 * lines + 4)
        merged(sheet, row, 0, row, last, value, fmt)
        row += 1

    sheet.set_row(row, 40)
    merged(
        sheet,
        row,
        0,
        row,
        last,
        _("Letter recommending studios for %(campaign)s") % {"campaign": package.campaign.title},
        st.title,
    )
    row += 2
    paragraph(_("To %(union)s:") % {"union": recipient.name if recipient else "—"})
    counts = review_counts(package)
    quota = str(places) if places is not None else _("no quota set")
    paragraph(
        _(
            "    In accordance with the notice of %(campaign)s, our union reviewed the applications sent up by the "
            "unions below it: %(received)s reviewed, %(recommended)s recommended (quota: %(quota)s), %(returned)s "
            "returned for revision, %(rejected)s not recommended. The studios we recommend, in order of rank:"
        )
        % {
            "campaign": package.campaign.title,
            "received": counts["received"],
            "recommended": len(ranked),
            "quota": quota,
            "returned": counts[Decision.RETURN],
            "rejected": counts[Decision.REJECT],
        }
    )
    for col, heading in enumerate((_("Rank"), _("Studio"), _("Host unit"), _("Score at this level"))):
        text(sheet, row, col, heading, st.header)
    sheet.set_row(row, 22)
    sheet.repeat_rows(row, row)
    row += 1
    for rank, name, unit, score in ranked:
        number(sheet, row, 0, rank, st.centre)
        text(sheet, row, 1, name, st.cell)
        text(sheet, row, 2, unit, st.cell)
        number(sheet, row, 3, score, st.number)
        row += 1
    row += 1
    statement = package.statement.strip() or _("(to be completed by hand)")
    paragraph(_("    Review and public notice at this level: %(statement)s") % {"statement": statement})
    paragraph(
        _(
            "    Enclosed in this package: the nomination summary, the application form of each studio with its "
            "attachments, and a manifest of every file with its SHA-256."
        )
    )
    row += 1
    sheet.set_row(row, 90)
    merged(
        sheet,
        row,
        2,
        row,
        last,
        _("%(union)s (stamp)") % {"union": package.union.name} + "\n\n" + _("Head (signature):"),
        st.stamp,
    )
    row += 1
    merged(sheet, row, 2, row, last, today.strftime("%Y-%m-%d"), st.signature)
    print_setup(sheet, landscape=False)
    book.close()
    return out.getvalue()
