"""What every workbook of the package shares: safe workbook options, cell formats, text-only writing.

User text (a studio called "=1+1") is always written with `write_string`, never `write`,
and the workbook options switch off every automatic conversion as a second guard.
"""

import re

import xlsxwriter

from unions import uploads
from unions.excel import XLSXWRITER_OPTIONS
from unions.excel import write_text as text

A4 = 9
FONT = "宋体"


def workbook(target, *, constant_memory=False):
    """A workbook writing to `target` (a file object): streaming rows, or all in memory for a small form."""
    options = dict(XLSXWRITER_OPTIONS)  # no user text ever becomes a formula, link or number
    if constant_memory:
        options["constant_memory"] = True
    else:
        options["in_memory"] = True
    book = xlsxwriter.Workbook(target, options)
    book.formats[0].set_font_name(FONT)
    return book


class Styles:
    """The formats of one workbook, created once (XlsxWriter formats belong to their workbook)."""

    def __init__(self, book):
        base = {"font_name": FONT, "font_size": 10, "valign": "vcenter"}
        self.title = book.add_format({**base, "bold": True, "font_size": 16, "align": "center"})
        self.subtitle = book.add_format({**base, "font_size": 11})
        self.header = book.add_format(
            {**base, "bold": True, "border": 1, "align": "center", "text_wrap": True, "bg_color": "#E7EEF7"}
        )
        self.label = book.add_format(
            {**base, "bold": True, "border": 1, "align": "center", "text_wrap": True, "bg_color": "#F3F3F3"}
        )
        self.cell = book.add_format({**base, "border": 1, "text_wrap": True})
        self.cell_top = book.add_format({**base, "border": 1, "text_wrap": True, "valign": "top"})
        self.centre = book.add_format({**base, "border": 1, "align": "center", "text_wrap": True})
        self.number = book.add_format({**base, "border": 1, "num_format": "#,##0"})
        self.decimal = book.add_format({**base, "border": 1, "num_format": "#,##0.00"})
        self.total_label = book.add_format({**base, "bold": True, "border": 1, "align": "center", "top": 2})
        self.total_number = book.add_format(
            {**base, "bold": True, "border": 1, "num_format": "#,##0", "top": 2}
        )
        self.total_decimal = book.add_format(
            {**base, "bold": True, "border": 1, "num_format": "#,##0.00", "top": 2}
        )
        self.total_text = book.add_format({**base, "bold": True, "border": 1, "top": 2, "text_wrap": True})
        self.text = book.add_format({**base, "text_wrap": True, "valign": "top"})
        self.paragraph = book.add_format({**base, "font_size": 12, "text_wrap": True, "valign": "top"})
        self.stamp = book.add_format(
            {**base, "border": 1, "text_wrap": True, "valign": "bottom", "align": "right"}
        )
        self.signature = book.add_format({**base, "font_size": 12, "align": "right"})


def merged(sheet, first_row, first_col, last_row, last_col, value, fmt):
    """A merged block holding text (merge_range would write a leading "=" as a formula)."""
    if (first_row, first_col) == (last_row, last_col):
        text(sheet, first_row, first_col, value, fmt)
        return
    sheet.merge_range(first_row, first_col, last_row, last_col, "", fmt)
    text(sheet, first_row, first_col, value, fmt)


def number(sheet, row, col, value, fmt):
    if value is None or value == "":
        sheet.write_blank(row, col, None, fmt)
    else:
        sheet.write_number(row, col, float(value), fmt)


def print_setup(sheet, *, landscape, repeat_rows=None, fit_width=True):
    sheet.set_paper(A4)
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.center_horizontally()
    if fit_width:
        sheet.fit_to_pages(1, 0)
    if repeat_rows is not None:
        sheet.repeat_rows(*repeat_rows)
    sheet.set_footer("&C&P / &N")


# Characters no file system or zip tool accepts in a name, and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def safe_name(name, fallback="file", limit=80):
    """A readable file or folder name: Chinese kept, path separators and control characters removed."""
    cleaned = _UNSAFE.sub("_", uploads.clean_text(str(name or ""))).strip(" .")
    if not cleaned:
        cleaned = fallback
    if len(cleaned) > limit:
        stem, dot, ext = cleaned.rpartition(".")
        if dot and 0 < len(ext) <= 8:
            cleaned = stem[: limit - len(ext) - 1] + "." + ext
        else:
            cleaned = cleaned[:limit]
    return cleaned
