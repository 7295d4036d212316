"""What the workbooks of a package say: the summary (rows, order, totals, text stays text), a form.

The letter is a document now: tests/documents/test_letter.py."""

import io
import zipfile

import openpyxl
from django.core.files.storage import default_storage

from studios.services import applications as filing

from .conftest import compile_now


def package_zip(package):
    with default_storage.open(package.file.name, "rb") as stored:
        return zipfile.ZipFile(io.BytesIO(stored.read()))


def sheet(archive, name):
    return openpyxl.load_workbook(io.BytesIO(archive.read(name))).active


def rows(ws):
    return [row for row in ws.iter_rows(values_only=True) if any(v not in (None, "") for v in row)]


def test_summary_lists_the_studios_in_rank_order_with_totals(pack, django_capture_on_commit_callbacks):
    first, second = pack.apps
    # Put the "=1+1" studio first: the summary follows the ranking, not the filing order.
    filing.rerank(
        campaign=pack.campaign,
        union=pack.company_a,
        by=pack.a_reviewer,
        ranking=[(second, 1, "成果更突出"), (first, 2, "")],
    )
    package = compile_now(pack, django_capture_on_commit_callbacks)
    ws = sheet(package_zip(package), "推荐汇总表.xlsx")
    values = rows(ws)
    assert values[0][0] == "测试省级评选推荐汇总表"
    assert "推荐单位：甲集团公司工会" in values[1]
    assert "推荐数量：2；名额：3" in values[2]
    header = values[3]
    assert header[:3] == ("序号", "工作室", "命名人")
    data = values[4:6]
    assert [(r[0], r[1]) for r in data] == [(1, "=1+1工作室"), (2, "甲一劳模创新工作室")]
    score = header.index("本级评分")
    assert [r[score] for r in data] == [80, 90]
    assert "成果更突出" in data[0][header.index("推荐意见")]
    totals = values[6]
    assert totals[0] == "合计" and totals[1] == "共 2 个工作室"
    assert totals[score] in (None, "")  # scores are never summed nor averaged
    assert ws.freeze_panes == "C5"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.column_dimensions["B"].width > 20
    # An autofilter over the studios' rows (the header and the two studios, not the total).
    assert ws.auto_filter.ref == f"A4:{openpyxl.utils.get_column_letter(len(header))}6"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    members = header.index("成员（人）")
    assert ws.cell(row=5, column=members + 1).number_format == "#,##0"


def test_a_studio_name_beginning_with_equals_is_text_not_a_formula(pack, django_capture_on_commit_callbacks):
    package = compile_now(pack, django_capture_on_commit_callbacks)
    archive = package_zip(package)
    ws = sheet(archive, "推荐汇总表.xlsx")
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "=1+1工作室")
    assert cell.data_type == "s"
    for name in ("推荐汇总表.xlsx", "02_=1+1工作室/申报表.xlsx"):
        inner = zipfile.ZipFile(io.BytesIO(archive.read(name)))
        sheets = [n for n in inner.namelist() if n.startswith("xl/worksheets/sheet")]
        assert all(b"<f>" not in inner.read(n) for n in sheets), name


def test_each_studio_has_a_printed_form_with_statements_verdicts_and_stamp_boxes(
    pack, django_capture_on_commit_callbacks
):
    package = compile_now(pack, django_capture_on_commit_callbacks)
    ws = sheet(package_zip(package), "01_甲一劳模创新工作室/申报表.xlsx")
    text = "\n".join(str(v) for row in rows(ws) for v in row if v not in (None, ""))
    assert "劳模（职工）创新工作室申报表" in text
    assert "甲一劳模创新工作室" in text
    assert "有标识：情况说明" in text
    assert "甲集团公司工会：达标" in text
    assert "评分 90；推荐" in text
    assert "申报单位工会（盖章）" in text and "推荐单位：甲集团公司工会（盖章）" in text
    assert "佐证/有标识_牌匾照片.png" in text
    assert len(ws.merged_cells.ranges) > 20
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "portrait"
