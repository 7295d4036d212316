"""A filed yearly report as the files a union sends upward: the Excel workbook and the PDF."""

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from studios.documents import renderer
from unions import excel, numbers

from .. import statistics


def _heading(report):
    return _("Yearly statistics of the innovation studios, %(year)s") % {"year": report.year}


def _filed_line(report):
    return _("%(union)s · version %(version)s · filed by %(by)s on %(day)s") % {
        "union": report.union.name,
        "version": report.version,
        "by": report.filed_by.display_name,
        "day": timezone.localdate(report.filed_at).isoformat(),
    }


def write_xlsx(report, out):
    """One printable sheet: title, union and year, then each section with its heading and header row."""
    tables = statistics.present(report.figures, drill=False)
    book = xlsxwriter.Workbook(out, {**excel.XLSXWRITER_OPTIONS, "in_memory": True})
    sheet = book.add_worksheet(excel.safe_sheet_title(_("Yearly statistics")))
    title = book.add_format({"bold": True, "font_size": 16, "align": "center"})
    section = book.add_format({"bold": True, "font_size": 12, "bg_color": "#DDEBF7", "border": 1})
    header = book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1, "align": "center"})
    label = book.add_format({"border": 1})
    number = book.add_format({"border": 1, "num_format": "#,##0"})
    amount = book.add_format({"border": 1, "num_format": "#,##0.00"})
    width = max(len(t.headers) for t in tables)
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, width - 1, 18)
    sheet.merge_range(0, 0, 0, width - 1, _heading(report), title)
    excel.write_text(sheet, 1, 0, _("union"), header)
    excel.write_text(sheet, 1, 1, report.union.name, label)
    excel.write_text(sheet, 2, 0, _("year"), header)
    sheet.write_number(2, 1, report.year, label)
    excel.write_text(sheet, 3, 0, _filed_line(report))
    sheet.freeze_panes(4, 1)  # the title, the union and the year stay in sight, and each row's label
    row = 5
    for table in tables:
        sheet.merge_range(row, 0, row, width - 1, table.title, section)
        row += 1
        for col, text in enumerate(table.headers):
            excel.write_text(sheet, row, col, text, header)
        row += 1
        for label_text, *cells in table.rows:
            excel.write_text(sheet, row, 0, label_text, label)
            for col, cell in enumerate(cells, start=1):
                fmt = amount if isinstance(cell.value, statistics.Decimal) else number
                sheet.write_number(row, col, cell.value, fmt)
            row += 1
        row += 1
    sheet.set_portrait()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # one page wide, as many pages down as it takes
    sheet.repeat_rows(0, 2)
    sheet.set_footer("&C&P / &N")
    _data_sheet(book, tables, header, label, number, amount)
    book.close()


def _data_sheet(book, tables, header, label, number, amount):
    """The same figures one per row (section, item, figure, value) under an autofilter, for sorting,
    filtering and pivot tables; the first sheet stays the layout a union files upward."""
    sheet = book.add_worksheet(excel.safe_sheet_title(_("Figures, one per row")))
    headers = [_("section"), _("item"), _("figure"), _("value")]
    for col, (text, width) in enumerate(zip(headers, (28, 30, 24, 16), strict=True)):
        sheet.set_column(col, col, width)
        excel.write_text(sheet, 0, col, text, header)
    row = 1
    for table in tables:
        for label_text, *cells in table.rows:
            for figure, cell in zip(table.headers[1:], cells, strict=False):
                excel.write_text(sheet, row, 0, table.title, label)
                excel.write_text(sheet, row, 1, label_text, label)
                excel.write_text(sheet, row, 2, figure, label)
                fmt = amount if isinstance(cell.value, statistics.Decimal) else number
                sheet.write_number(row, 3, cell.value, fmt)
                row += 1
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(row - 1, 1), len(headers) - 1)
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)


def render_pdf(report):
    """The PDF of the report through the documents' Typst renderer (templates/documents/statistics.typ)."""
    tables = statistics.present(report.figures, drill=False)
    data = {
        "title": _heading(report),
        "union_label": _("union"),
        "union": report.union.name,
        "year_label": _("year"),
        "year": str(report.year),
        "filed": _filed_line(report),
        "footer": f"{report.union.name} · {_heading(report)}",
        "sections": [
            {
                "title": t.title,
                "headings": t.headers,
                "rows": [[label, *[_text(c.value) for c in cells]] for label, *cells in t.rows],
            }
            for t in tables
        ],
    }
    return renderer.render("statistics.typ", data, timestamp=report.filed_at)


def _text(value):
    return numbers.number(value)
