"""Reading Excel imports (openpyxl), and their templates: every app's imports (a studio's ledgers,
a province's union tree and accounts, its studios' historic titles) read through here.

Writing goes through unions.excel (typed cells, text that never becomes a formula,
streaming), here for the templates as for every export.

Import: the upload is checked by unions.uploads.check_upload (real type, size, zip
bomb) before openpyxl reads it read-only, values only, without external links
(defusedxml guards the XML). Rows and columns are capped, every row goes through
the same Django form as the web page, and each error is reported as
"第N行 · 列名（列字母）· 原因" (with the sheet's name first when a workbook has several).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from .excel import (
    DATE,
    INTEGER,
    NUMBER,
    end_list,
    file_response,
    list_sheet,
    safe_sheet_title,
    scratch_file,
    text_cell,
    typed_cell,
)

MAX_ROWS = 5000
# The last row position read: the header, the template's example row and MAX_ROWS rows.
LAST_ROW = MAX_ROWS + 2
MAX_COLUMNS = 30


# --- reading ------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportColumn:
    header: Any  # lazy Chinese label, the text of the header cell
    field: str  # the form field it fills
    convert: Callable  # convert(cell_value, context) -> form value; ValueError(reason) when it cannot
    example: Any = ""
    required: bool = False
    width: int = 16


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    letter: str
    reason: str
    sheet: str = ""  # named in the message when a workbook imports several sheets

    def __str__(self):
        if self.sheet:
            return _("Sheet %(sheet)s · %(place)s") % {
                "sheet": self.sheet,
                "place": str(RowError(self.row, self.column, self.letter, self.reason)),
            }
        if self.letter:
            return _("Row %(row)d · %(column)s (column %(letter)s) · %(reason)s") % {
                "row": self.row,
                "column": self.column,
                "letter": self.letter,
                "reason": self.reason,
            }
        return _("Row %(row)d · %(reason)s") % {"row": self.row, "reason": self.reason}


@dataclass
class PreviewGroup:
    """One group of an import's preview (templates/includes/import_preview.html): e.g. the rows to be
    created, or those already held and skipped; `rows` are (row number, [values]) of the first few."""

    key: str
    title: str
    count: int
    headers: list
    rows: list

    @property
    def lines(self):
        """[(row number, [(header, value)])]: each value with its header (a card's label on a phone)."""
        return [(number, list(zip(self.headers, values, strict=False))) for number, values in self.rows]


def as_text(value, context=None):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def as_date(value, context=None):
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return as_text(value)


def choice(choices):
    """A converter accepting either the Chinese label or the code of a TextChoices."""

    def convert(value, context=None):
        text = as_text(value)
        if not text:
            return ""
        for code, label in choices:
            if text == str(label) or text.lower() == str(code).lower():
                return code
        raise ValueError(
            _("“%(value)s” is not one of: %(allowed)s.")
            % {"value": text, "allowed": "、".join(str(label) for _code, label in choices)}
        )

    return convert


def template_response(*, filename, notes: list[str], sheet_title=None, columns=None, sheets=None):
    """An import template: each sheet's header row and one example row, and a sheet of notes.

    One sheet (`sheet_title`, `columns`) or several (`sheets`: [(title, columns)]).
    """
    workbook = Workbook(write_only=True)
    for title, sheet_columns in sheets or [(sheet_title, columns)]:
        ws = workbook.create_sheet(safe_sheet_title(title))
        list_sheet(
            ws, [column.header for column in sheet_columns], [column.width for column in sheet_columns]
        )
        example = []
        for column in sheet_columns:
            if isinstance(column.example, datetime.date):
                example.append(typed_cell(ws, column.example, DATE))
            elif isinstance(column.example, int | Decimal):
                example.append(
                    typed_cell(ws, column.example, NUMBER if isinstance(column.example, Decimal) else INTEGER)
                )
            else:
                example.append(text_cell(ws, column.example))
        ws.append(example)
        end_list(ws, len(sheet_columns), 1)
    help_sheet = workbook.create_sheet(safe_sheet_title(_("Notes")))
    help_sheet.column_dimensions["A"].width = 100
    for note in notes:
        help_sheet.append([text_cell(help_sheet, note)])
    out = scratch_file()
    workbook.save(out)
    return file_response(out, filename, private=False)


def _open(upload):
    upload.seek(0)
    try:
        return load_workbook(upload, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file; all mean the same here
        raise ValidationError(
            _("The file could not be read as an Excel workbook (.xlsx). Save it again from Excel and retry."),
            code="unreadable",
        ) from exc


def read_rows(upload, *, columns: list[ImportColumn], context=None, example_row=True):
    """Read the first sheet; return ([(row number, form data, {field: (header, letter)})], [RowError]).

    Raises ValidationError for a file that cannot be read or lacks a required column.
    """
    return read_sheets(upload, sheets={None: columns}, context=context, example_row=example_row)[None]


def read_sheets(upload, *, sheets: dict, context=None, example_row=True, max_rows=None, may_be_empty=()):
    """Read several sheets of one workbook by name ({sheet name: columns}; the name None is the
    first sheet); return {name: (parsed rows, [RowError])} as read_rows does for one, each error
    naming its sheet. A sheet that is missing, or has more than `max_rows` rows (MAX_ROWS), is
    refused whole; one without rows too, unless named in `may_be_empty`.
    """
    max_rows = max_rows or MAX_ROWS
    workbook = _open(upload)
    try:
        out = {}
        for name, columns in sheets.items():
            if name is None:
                if not workbook.worksheets:
                    raise ValidationError(_("The workbook has no sheet."), code="empty")
                ws = workbook.worksheets[0]
            elif str(name) in workbook.sheetnames:
                ws = workbook[str(name)]
            else:
                raise ValidationError(
                    _("The workbook lacks the sheet “%(sheet)s”. Use the template."),
                    params={"sheet": name},
                    code="sheet",
                )
            parsed, errors = _read(ws, columns, context or {}, example_row, max_rows, name in may_be_empty)
            if name is not None:
                errors = [RowError(e.row, e.column, e.letter, e.reason, sheet=str(name)) for e in errors]
            out[name] = (parsed, errors)
        return out
    except ValidationError:
        raise
    except Exception as exc:
        raise ValidationError(
            _("The file could not be read as an Excel workbook (.xlsx). Save it again from Excel and retry."),
            code="unreadable",
        ) from exc
    finally:
        workbook.close()


def _too_many_rows(max_rows):
    return ValidationError(
        _("The file has more than %(max)d rows; split it into several files."),
        params={"max": max_rows},
        code="too_many_rows",
    )


def _read(ws, columns, context, example_row, max_rows, may_be_empty=False):
    last_row = max_rows + 2
    # The work is bounded by the cap, never by the row numbers the file claims: a sheet whose
    # declared last row lies beyond it is refused before any row is read, and every row
    # position counts toward it while reading (empty rows too: a lone <row r="20000000"> would
    # otherwise make the reader walk twenty million empty rows).
    if (ws.max_row or 0) > last_row:
        raise _too_many_rows(max_rows)
    rows = ws.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    header = next(rows, None)
    if header is None:
        raise ValidationError(
            _("The sheet is empty: the first row must hold the column headers."), code="empty"
        )
    by_header = {str(column.header): column for column in columns}
    positions = {}  # field -> (index, header, letter)
    for index, value in enumerate(header):
        name = as_text(value).rstrip("*＊").strip()
        if name in by_header and by_header[name].field not in positions:
            positions[by_header[name].field] = (index, name, get_column_letter(index + 1))
    missing = [str(c.header) for c in columns if c.required and c.field not in positions]
    if missing:
        raise ValidationError(
            _("The first row lacks the column(s) %(columns)s. Use the template."),
            params={"columns": "、".join(missing)},
            code="columns",
        )
    example = [as_text(c.example) for c in columns if c.field in positions]
    parsed, errors = [], []
    count = 0
    for number, values in enumerate(rows, start=2):
        if number > last_row:
            raise _too_many_rows(max_rows)
        cells = [as_text(v) for v in values]
        if not any(cells):
            continue
        picked = [
            cells[positions[c.field][0]] if positions[c.field][0] < len(cells) else ""
            for c in columns
            if c.field in positions
        ]
        if example_row and number == 2 and picked == example:
            continue  # the untouched example row of the template
        count += 1
        if count > max_rows:
            raise _too_many_rows(max_rows)
        data, places = {}, {}
        for column in columns:
            if column.field not in positions:
                # An optional column the file leaves out reads as empty cells: its default applies.
                data[column.field] = column.convert(None, context)
                continue
            index, name, letter = positions[column.field]
            places[column.field] = (name, letter)
            raw = values[index] if index < len(values) else None
            try:
                data[column.field] = column.convert(raw, context)
            except ValueError as exc:
                errors.append(RowError(number, name, letter, str(exc)))
                data[column.field] = ""
        parsed.append((number, data, places))
    if not parsed and not errors and not may_be_empty:
        raise ValidationError(_("The file holds no rows to import."), code="no_rows")
    return parsed, errors


def validate_rows(parsed, errors, make_form):
    """Run every row through its form; return (cleaned rows, all errors sorted by row)."""
    cleaned = []
    failed_rows = {e.row for e in errors}
    for number, data, places in parsed:
        form = make_form(data)
        if form.is_valid() and number not in failed_rows:
            cleaned.append(form.cleaned_data)
            continue
        for field, messages in form.errors.items():
            name, letter = places.get(field, ("", ""))
            if not name and field != "__all__":
                name = str(form.fields[field].label) if field in form.fields else field
            for message in messages:
                errors.append(RowError(number, name, letter, message))
    errors.sort(key=lambda e: (e.row, e.letter))
    return cleaned, errors
