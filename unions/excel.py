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
"""

import datetime
import tempfile
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

# How a column's values become cells.
TEXT = "text"
DATE = "date"
NUMBER = "number"
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
    if isinstance(value, Decimal):
        return WriteOnlyCell(ws, value=float(value))
    if isinstance(value, int | float):
        return WriteOnlyCell(ws, value=value)
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
    if kind in (NUMBER, INTEGER):
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            return text_cell(ws, value)
        cell = WriteOnlyCell(ws, value=int(value) if kind == INTEGER else value)
        if kind == NUMBER:
            cell.number_format = (
                "0.00" if isinstance(value, Decimal) and value.as_tuple().exponent == -2 else "0.0"
            )
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
    header_row(ws, [column.header for column in columns], [column.width for column in columns])
    for row in rows:
        ws.append([typed_cell(ws, column.value(row), column.kind) for column in columns])
    workbook.save(out)


def scratch_file():
    """A temporary binary file a workbook is written to, removed when closed."""
    return tempfile.TemporaryFile(suffix=".xlsx")


def file_response(out, filename, *, private=True):
    """Send a written workbook (`out`, rewound here) as a download, streamed; closed when sent."""
    out.seek(0)
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
