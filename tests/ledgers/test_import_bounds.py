"""An import's work is bounded by the file, not by the row numbers it claims: a 6 KB workbook whose
only data row is numbered 20,000,000 is refused at once, whether or not it declares its dimension."""

import io
import re
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from ledgers import excel
from ledgers.views.specs import SPECS


def far_row_workbook(row=20_000_000, declare_dimension=True):
    columns = SPECS["members"].import_columns
    with translation.override("zh-hans"):
        header = [str(c.header) for c in columns]
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    placeholder = 1_048_576  # Excel's last row: openpyxl writes no further, a hand-made file may
    sheet.cell(row=min(row, placeholder), column=1, value="张三")
    out = io.BytesIO()
    book.save(out)
    source, edited = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                content = content.replace(str(placeholder).encode(), str(row).encode())
                if not declare_dimension:  # the reader cannot know the last row beforehand
                    content = re.sub(rb"<dimension [^>]*/>", b"", content)
            target.writestr(info, content)
    return edited.getvalue()


@pytest.mark.parametrize("declare_dimension", [True, False])
def test_a_row_numbered_far_beyond_the_cap_is_refused_at_once(declare_dimension):
    data = far_row_workbook(declare_dimension=declare_dimension)
    assert len(data) < 10_000
    started = time.monotonic()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        excel.read_rows(SimpleUploadedFile("成员.xlsx", data), columns=SPECS["members"].import_columns)
    assert refused.value.code == "too_many_rows"
    assert time.monotonic() - started < 3, "the reader walked the empty rows"


def test_a_sheet_within_the_cap_still_reads():
    data = far_row_workbook(row=excel.MAX_ROWS)
    with translation.override("zh-hans"):
        parsed, _errors = excel.read_rows(
            SimpleUploadedFile("成员.xlsx", data), columns=SPECS["members"].import_columns
        )
    assert [number for number, _data, _places in parsed] == [excel.MAX_ROWS]
