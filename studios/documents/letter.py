"""推荐函: the union's cover letter of a nomination package, as a PDF (Typst) and as Word (python-docx).

A letter as unions write them: the 文号 (studios.services.documents), the title 关于推荐……的函,
the addressee (the union the package goes to), the body with the ranked list, what the
package encloses, the contact, the sending union with the date (Asia/Shanghai) and a stamp
box. The Word file is there because unions edit a letter before they stamp it.
"""

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from ..models.review import Decision
from ..packages.letter import review_counts
from .renderer import render
from .seals import png_of, union_seal
from .text import long_date
from .word import BODY_FONT, TITLE_FONT, a4, font, saved
from .word import paragraph as _paragraph

TEMPLATE = "letter.typ"


def letter_data(*, package, recipient, ranked, places, today):
    """ranked: [(rank, studio name, unit, lead)] in rank order."""
    counts = review_counts(package)
    quota = str(places) if places is not None else _("no quota set")
    body = [
        _(
            "In accordance with the notice of %(campaign)s, our union reviewed the applications sent up by the "
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
    ]
    after = [
        _("Review and public notice at this level: %(statement)s")
        % {"statement": package.statement.strip() or _("(to be completed by hand)")},
        _("We ask you to consider them."),
    ]
    requested_by = package.requested_by
    contact = ""
    if requested_by is not None:
        contact = _("Contact: %(name)s, phone %(phone)s") % {
            "name": requested_by.full_name or requested_by.username,
            "phone": requested_by.phone or "—",
        }
    return {
        "number": package.letter_number,
        "title": _("Letter on recommending the studios of %(campaign)s")
        % {"campaign": package.campaign.title},
        "addressee": _("%(union)s:") % {"union": recipient.name if recipient else "—"},
        "body": body,
        "headings": [_("Rank"), _("Studio"), _("Host unit"), _("Lead")],
        "rows": [[str(rank), name, unit, lead] for rank, name, unit, lead in ranked],
        "empty": _("No studio is recommended."),
        "after": after,
        "enclosures_label": _("Enclosures:"),
        "enclosures": [
            _("Nomination summary"),
            _("The application form of each studio with its attachments"),
        ],
        "contact": contact,
        "sender": package.union.name,
        "date": long_date(today),
        "stamp": _("(stamp)"),
        # The sending union's e-seal once it has recommended (its reviews recorded), never another's.
        "seal": union_seal(package.union) if ranked else "",
        "footer": package.letter_number,
    }


def letter_pdf(*, package, recipient, ranked, places, today, generated_at=None, typeset=render):
    """`typeset`: `renderer.render`, or `renderer.render_apart` (a package: a child process of its own)."""
    data = letter_data(package=package, recipient=recipient, ranked=ranked, places=places, today=today)
    return typeset(TEMPLATE, data, timestamp=generated_at)


def letter_docx(*, package, recipient, ranked, places, today):
    """The same letter as a Word document (A4, 仿宋 三号 body, 宋体 二号 title)."""
    data = letter_data(package=package, recipient=recipient, ranked=ranked, places=places, today=today)
    doc = Document()
    a4(doc)
    if data["number"]:
        _paragraph(doc, data["number"], align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_after=12)
    _paragraph(
        doc,
        data["title"],
        size=22,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
        face=TITLE_FONT,
        bold=True,
        space_after=12,
    )
    _paragraph(doc, data["addressee"], indent=False)
    for text in data["body"]:
        _paragraph(doc, text)
    table = doc.add_table(rows=1, cols=len(data["headings"]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, heading in zip(table.rows[0].cells, data["headings"], strict=True):
        cell.text = ""
        font(cell.paragraphs[0].add_run(heading), BODY_FONT, 12, bold=True)
    for row in data["rows"]:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = ""
            font(cell.paragraphs[0].add_run(value), BODY_FONT, 12)
    for text in data["after"]:
        _paragraph(doc, text)
    _paragraph(doc, data["enclosures_label"], indent=True)
    for i, text in enumerate(data["enclosures"], start=1):
        _paragraph(doc, f"{i}. {text}")
    if data["contact"]:
        _paragraph(doc, data["contact"])
    _paragraph(doc, "", indent=False, space_after=36)
    if data["seal"]:
        picture = doc.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        picture.add_run().add_picture(io.BytesIO(png_of(data["seal"])), height=Cm(3.6))
    for text in (data["stamp"], data["sender"], data["date"]):
        _paragraph(doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    return saved(doc, today)
