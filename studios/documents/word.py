"""Word (python-docx): what the Word documents share — the page, the faces of official Chinese
documents, and files without a clock in them (the same document on the same day is the same file)."""

import datetime
import io
import zipfile

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

BODY_FONT = "仿宋"  # the body face of official letters; Word substitutes where it is missing
TITLE_FONT = "宋体"


def a4(doc, *, top=3.7, bottom=3.5, left=2.8, right=2.6):
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
    section.left_margin, section.right_margin = Cm(left), Cm(right)
    return section


def font(run, name, size, bold=False):
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    return run


def paragraph(doc, text, *, size=16, align=None, indent=True, face=BODY_FONT, bold=False, space_after=0):
    """A paragraph of `doc` (a document or a table cell) in one run."""
    found = doc.add_paragraph()
    if align is not None:
        found.alignment = align
    if indent:
        found.paragraph_format.first_line_indent = Pt(size * 2)
    found.paragraph_format.space_after = Pt(space_after)
    found.paragraph_format.line_spacing = Pt(size * 1.75)
    font(found.add_run(text), face, size, bold)
    return found


def cell_text(cell, text, *, size=10.5, bold=False, face=BODY_FONT):
    """Put `text` in a table cell (its first paragraph; a line break per newline)."""
    cell.text = ""
    first = cell.paragraphs[0]
    for i, line in enumerate(str(text).split("\n")):
        run = font(first.add_run(line), face, size, bold)
        if i:
            run._element.addprevious(_break())
    return cell


def _break():
    return OxmlElement("w:br")


def saved(doc, day):
    """The document's bytes with `day` (a date) as every time it carries."""
    stamp = datetime.datetime(day.year, day.month, day.day)
    props = doc.core_properties
    props.created = props.modified = props.last_printed = stamp
    out = io.BytesIO()
    doc.save(out)
    source, clean = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(clean, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return clean.getvalue()
