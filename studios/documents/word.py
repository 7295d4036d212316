"""Word (python-docx): what the Word documents share — the page, the faces of official Chinese
documents, and files without a clock in them (the same document on the same day is the same file)."""

import datetime
import functools
import io
import re
import zipfile

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


# --- The fast path: WordprocessingML written as text --------------------------------------------
# python-docx's object API costs over half a second for a 申报表 (every run and cell is an lxml
# walk); a package writes one per studio. `Body` writes the same paragraphs and tables as markup
# into a page template made once per process by python-docx (A4, margins, footer, styles), so a
# form costs a few milliseconds. Only a document with an e-seal is reopened by python-docx, to add
# the picture where `Body.seal_mark` left its mark.

TEXT_WIDTH_TWIPS = 9355  # 21 cm less 2 × 2.2 cm of margins, in twentieths of a point
SEAL_MARK = "〔seal:{n}〕"
_BODY_MARK, _FOOTER_MARK = "BODY-MARK-7f3a", "FOOTER-MARK-7f3a"
_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)
_ALIGN = {"left": "left", "center": "center", "right": "right"}


def _escape(text):
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def run_xml(text, *, size=10.5, bold=False, face=BODY_FONT):
    props = (
        f'<w:rPr><w:rFonts w:ascii="{face}" w:hAnsi="{face}" w:eastAsia="{face}"/>'
        + ("<w:b/>" if bold else "")
        + f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/></w:rPr>'
    )
    lines = '</w:t><w:br/><w:t xml:space="preserve">'.join(_escape(line) for line in str(text).split("\n"))
    return f'<w:r>{props}<w:t xml:space="preserve">{lines}</w:t></w:r>'


def paragraph_xml(text="", *, size=10.5, bold=False, align=None, indent=False, face=BODY_FONT, space_after=0):
    props = f'<w:pPr><w:spacing w:before="0" w:after="{round(space_after * 20)}"/>'
    if indent:
        props += f'<w:ind w:firstLine="{round(size * 40)}"/>'
    if align:
        props += f'<w:jc w:val="{_ALIGN[align]}"/>'
    props += "</w:pPr>"
    return f"<w:p>{props}{run_xml(text, size=size, bold=bold, face=face) if text != '' else ''}</w:p>"


class Body:
    """The body of a Word document, written as markup, then packed into the page template."""

    def __init__(self):
        self.parts, self.seals = [], []

    def paragraph(self, text="", **style):
        self.parts.append(paragraph_xml(text, **style))

    def page_break(self):
        self.parts.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

    def seal_mark(self, png):
        """A paragraph where the seal picture goes (right-aligned); returns its markup."""
        self.seals.append(png)
        return paragraph_xml(SEAL_MARK.format(n=len(self.seals) - 1), align="right")

    def table(self, rows, widths, *, header=False, cant_split=False):
        """rows: [[cell]], a cell being markup of paragraphs, or (markup, columns spanned)."""
        total = sum(widths)
        twips = [round(TEXT_WIDTH_TWIPS * w / total) for w in widths]
        out = [
            f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(twips)}" w:type="dxa"/>'
            f'<w:jc w:val="center"/><w:tblBorders>{_BORDERS}</w:tblBorders>'
            '<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>'
            + "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
            + "</w:tblGrid>"
        ]
        for i, row in enumerate(rows):
            props = []
            if cant_split:
                props.append("<w:cantSplit/>")
            if header and i == 0:
                props.append("<w:tblHeader/>")
            out.append("<w:tr>" + (f"<w:trPr>{''.join(props)}</w:trPr>" if props else ""))
            column = 0
            for cell in row:
                markup, span = cell if isinstance(cell, tuple) else (cell, 1)
                width = sum(twips[column : column + span])
                spanned = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
                out.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{spanned}</w:tcPr>{markup or "<w:p/>"}</w:tc>'
                )
                column += span
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.parts.append("".join(out))

    def save(self, day, *, footer=""):
        """The .docx bytes: the template's parts with this body and footer, dated `day`."""
        members = _template()
        stamp = (day.year, day.month, day.day, 0, 0, 0)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name, data in members:
                if name == "word/document.xml":
                    data = data.replace(_BODY_MARK, "".join(self.parts))
                elif isinstance(data, str) and _FOOTER_MARK in data:
                    data = data.replace(_FOOTER_MARK, run_xml(footer, size=9))
                entry = zipfile.ZipInfo(name, date_time=stamp)
                entry.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(entry, data)
        blob = out.getvalue()
        return _with_seals(blob, self.seals, day) if self.seals else blob


@functools.cache
def _template():
    """[(part name, text or bytes)] of an empty A4 document with a footer, made once by python-docx,
    its body paragraph and footer run replaced by marks that `Body.save` fills."""
    from docx import Document

    doc = Document()
    a4(doc, top=2.2, bottom=2.2, left=2.2, right=2.2)
    doc.sections[0].footer.paragraphs[0].text = _FOOTER_MARK
    doc.add_paragraph(_BODY_MARK)
    buffer = io.BytesIO()
    doc.save(buffer)
    members = []
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.endswith(".xml"):
                text = data.decode("utf-8")
                if info.filename == "word/document.xml":
                    text = re.sub(
                        r"<w:p>(?:(?!</w:p>).)*" + _BODY_MARK + r"(?:(?!</w:p>).)*</w:p>",
                        _BODY_MARK,
                        text,
                        flags=re.S,
                    )
                elif _FOOTER_MARK in text:
                    text = re.sub(
                        r"<w:r>(?:(?!</w:r>).)*" + _FOOTER_MARK + r"(?:(?!</w:r>).)*</w:r>",
                        _FOOTER_MARK,
                        text,
                        flags=re.S,
                    )
                data = text
            members.append((info.filename, data))
    return members


def _with_seals(blob, seals, day):
    """Reopen the document and put each seal picture where its mark is (a sealed form only)."""
    from docx import Document

    doc = Document(io.BytesIO(blob))
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for found in cell.paragraphs:
                    for n, png in enumerate(seals):
                        if found.text == SEAL_MARK.format(n=n):
                            for old in list(found.runs):
                                old._element.getparent().remove(old._element)
                            found.add_run().add_picture(io.BytesIO(png), height=Cm(2.4))
    return saved(doc, day)
