"""Writing Excel workbooks, the one way every app does it (generic: no domain here).

User text is always written as text, so that a value such as "=1+1" stays text and
never becomes a formula: openpyxl cells through `text_cell` (type "s", and without
the control characters openpyxl refuses), XlsxWriter sheets through `write_text`
(`write_string`) in a workbook opened with `XLSXWRITER_OPTIONS`, which switch off
every automatic conversion as a second guard. Dates are dates, numbers numbers.

openpyxl (write-only, constant memory) writes the lists: a bold header row with
column widths, then the rows, into a scratch file streamed as the response
(`export_response`) or stored by the worker (`write_workbook`). XlsxWriter writes
the formatted, printable workbooks of nomination packages.

Every list sheet reads and prints the same way (`list_sheet` before its first row, `end_list`
after its last): its columns as wide as their content asks, money as `#,##0.00`, counts as
`#,##0`, dates as `yyyy-mm-dd`, the header row frozen and repeated on every printed page, an
autofilter over the rows, printed on A4 one page wide (landscape when the columns are wide). A
download is named in Chinese (RFC 5987 `filename*=utf-8''…`, `file_response`).
"""

import datetime
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"
DECIMAL_FORMAT = "#,##0.0"
INTEGER_FORMAT = "#,##0"
# A column without a width of its own is as wide as its header asks, within these bounds.
MIN_WIDTH, MAX_WIDTH = 10, 40
# Columns wider than this in all (about an A4 page upright) print landscape.
PORTRAIT_WIDTH = 95

# How a column's values become cells.
TEXT = "text"
DATE = "date"
NUMBER = "number"
MONEY = "money"  # yuan (or 万元) to the cent: #,##0.00 whatever the value's own places
INTEGER = "integer"
AUTO = "auto"  # by the value's type: numbers as numbers, dates as dates, anything else as text

# XlsxWriter: no conversion of user text into formulas, links or numbers, ever.
XLSXWRITER_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


# --- cells (openpyxl, write-only) ---------------------------------------------------------


def plain_text(value):
    """User text as a string Excel will store as it is (no control characters openpyxl refuses)."""
    if value is None:
        return ""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def text_cell(ws, value):
    """A cell holding user text as text: a leading = + - @ never makes it a formula."""
    cell = WriteOnlyCell(ws, value=plain_text(value))
    cell.data_type = "s"
    return cell


def _date_cell(ws, value):
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def _auto_cell(ws, value):
    if isinstance(value, bool) or value is None:
        return text_cell(ws, "" if value is None else str(value))
    if isinstance(value, Decimal | float):
        cell = WriteOnlyCell(ws, value=float(value))
        cell.number_format = MONEY_FORMAT
        return cell
    if isinstance(value, int):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = INTEGER_FORMAT
        return cell
    if isinstance(value, datetime.date):
        return _date_cell(ws, value)
    return text_cell(ws, value)


def typed_cell(ws, value, kind):
    """The one way a value becomes a cell: text as text, dates as dates, numbers as numbers."""
    if kind == AUTO:
        return _auto_cell(ws, value)
    if kind == TEXT or value is None:
        return text_cell(ws, "" if value is None else value)
    if kind == DATE:
        if not isinstance(value, datetime.date):
            return text_cell(ws, value)
        return _date_cell(ws, value)
    if kind in (NUMBER, MONEY, INTEGER):
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            return text_cell(ws, value)
        cell = WriteOnlyCell(ws, value=int(value) if kind == INTEGER else value)
        if kind == INTEGER:
            cell.number_format = INTEGER_FORMAT
        elif kind == MONEY:
            cell.number_format = MONEY_FORMAT
        elif isinstance(value, Decimal) and value.as_tuple().exponent == -2:
            cell.number_format = MONEY_FORMAT
        else:
            cell.number_format = DECIMAL_FORMAT
        return cell
    raise ValueError(f"unknown cell kind {kind!r}")


# --- sheets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: Any  # a (lazy) label
    value: Callable  # value(row) -> the value
    kind: str = TEXT
    width: int | None = 14  # None: Excel's own width


def safe_sheet_title(title):
    """A sheet name Excel accepts: without []:*?/\\, at most 31 characters."""
    cleaned = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")
    return cleaned[:31] or "Sheet1"


def header_width(header):
    """A column width for a header: a Chinese character takes two widths of a Latin one."""
    text = str(header)
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")
    return max(MIN_WIDTH, min(MAX_WIDTH, len(text) + wide + 2))


def list_sheet(ws, headers, widths=()):
    """Before a list's first row: widths, the frozen header, the print setup; then the header row.
    Returns the widths set."""
    widths = list(widths) + [None] * (len(headers) - len(widths))
    widths = [header_width(h) if w is None else w for h, w in zip(headers, widths, strict=True)]
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.orientation = "landscape" if sum(widths) > PORTRAIT_WIDTH else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    header_row(ws, headers, widths)
    return widths


def end_list(ws, columns, rows):
    """After a list's last row (`rows` of them below the header): the autofilter over them all."""
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{rows + 1}"


def header_row(ws, headers, widths=()):
    """Set the column widths (before any row, as write-only sheets require), then a bold header row."""
    for index, width in enumerate(widths, start=1):
        if width is not None:
            ws.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    cells = []
    for header in headers:
        cell = text_cell(ws, header)
        cell.font = bold
        cells.append(cell)
    ws.append(cells)


def write_workbook(*, sheet_title: str, columns: list[Column], rows: Iterable, out):
    """Write rows (any iterable of objects) into `out` (a binary file) as one sheet with a header row."""
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(safe_sheet_title(sheet_title))
    list_sheet(ws, [column.header for column in columns], [column.width for column in columns])
    count = 0
    for row in rows:
        ws.append([typed_cell(ws, column.value(row), column.kind) for column in columns])
        count += 1
    end_list(ws, len(columns), count)
    workbook.save(out)


def scratch_file():
    """A temporary binary file a workbook is written to, removed when closed."""
    return tempfile.TemporaryFile(suffix=".xlsx")


def file_response(out, filename, *, private=True):
    """Send a written workbook (`out`, rewound here) as a download, streamed; closed when sent."""
    out.seek(0)
    # A Chinese name goes out as RFC 5987 `filename*=utf-8''%E7%BB%9F…` (Django's FileResponse).
    response = FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX)
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def export_response(*, filename, sheet_title, columns, rows):
    """Stream the workbook from a scratch file (constant memory, whatever the number of rows)."""
    out = scratch_file()
    try:
        write_workbook(sheet_title=sheet_title, columns=columns, rows=rows, out=out)
    except Exception:
        out.close()
        raise
    return file_response(out, filename)


# --- XlsxWriter -----------------------------------------------------------------------------


def write_text(sheet, row, col, value, fmt=None):
    """Write user text as text into an XlsxWriter sheet (a leading "=" stays a character)."""
    sheet.write_string(row, col, "" if value is None else str(value), fmt)
