"""Excel export (typed cells, formulas neutralised) and import (every row or none, errors by row and column)."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from ledgers.models import Activity, Member

from .conftest import days_ago, income

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_bytes(rows):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(content, name="成员.xlsx"):
    return SimpleUploadedFile(name, content, content_type=XLSX)


def read_export(response):
    content = b"".join(response.streaming_content)
    return content, load_workbook(io.BytesIO(content)).worksheets[0]


def sheet_xml(content):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))


MEMBER_HEADER = ["姓名", "岗位", "技能等级", "荣誉称号", "工作室职务", "加入日期"]
# The template has every column; an import may leave the optional particulars out.
MEMBER_TEMPLATE_HEADER = [
    "姓名",
    "性别",
    "出生日期",
    "学历",
    "职称",
    "岗位",
    "技能等级",
    "荣誉称号",
    "工作室职务",
    "加入日期",
]


# --- export ------------------------------------------------------------------------


def test_a_value_starting_with_equals_is_exported_as_text_never_as_a_formula(client, studios):
    Activity.objects.create(
        studio=studios.a, kind="training", date=days_ago(3), topic="=1+1", place="+SUM(A1)", outcome="@cmd"
    )
    client.force_login(studios.a_lead)
    response = client.get(f"/ledgers/studio/{studios.a.pk}/activities/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    content, ws = read_export(response)
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][2] == "=1+1"
    assert rows[1][3] == "+SUM(A1)"
    assert ws.cell(row=2, column=3).data_type == "s"
    assert "<f>" not in sheet_xml(content) and "<f " not in sheet_xml(content)


def test_the_export_has_a_chinese_header_dates_as_dates_and_numbers_as_numbers(client, studios):
    income(studios.a, "1234.50", datetime.date(2026, 1, 5))
    client.force_login(studios.a_lead)
    _content, ws = read_export(client.get(f"/ledgers/studio/{studios.a.pk}/funds/export.xlsx"))
    header = [c.value for c in ws[1]]
    assert header[:6] == ["日期", "收支", "来源/用途", "收入（元）", "支出（元）", "余额（元）"]
    row = ws[2]
    assert row[0].is_date and row[0].value.date() == datetime.date(2026, 1, 5)
    assert row[3].data_type == "n" and Decimal(str(row[3].value)) == Decimal("1234.5")
    assert row[5].data_type == "n"
    assert row[1].value == "收入"


def test_the_export_follows_the_filters_of_the_list(client, studios):
    Activity.objects.create(studio=studios.a, kind="training", date=days_ago(3), topic="近期活动")
    Activity.objects.create(studio=studios.a, kind="exchange", date=days_ago(300), topic="早期活动")
    client.force_login(studios.a_lead)
    since = days_ago(30).isoformat()
    _content, ws = read_export(
        client.get(f"/ledgers/studio/{studios.a.pk}/activities/export.xlsx?date_from={since}")
    )
    topics = [row[2] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert topics == ["近期活动"]


def test_text_with_control_characters_is_exported_without_them(client, studios):
    Member.objects.create(studio=studios.a, name="张\x07三", joined_on=days_ago(10))
    client.force_login(studios.a_lead)
    _content, ws = read_export(client.get(f"/ledgers/studio/{studios.a.pk}/members/export.xlsx"))
    assert ws.cell(row=2, column=1).value == "张三"


# --- import ------------------------------------------------------------------------


def post_preview(client, studio, ledger, content, name="导入.xlsx"):
    """Upload the file: the preview (200, with its token) or the upload page with the problems."""
    return client.post(f"/ledgers/studio/{studio.pk}/{ledger}/import/", {"file": upload(content, name)})


def post_import(client, studio, ledger, content, name="导入.xlsx"):
    """Upload the file and, when its preview is shown, apply it: the answer to "apply" or the refusal."""
    response = post_preview(client, studio, ledger, content, name)
    if response.status_code != 200 or "token" not in response.context:
        return response
    return client.post(
        f"/ledgers/studio/{studio.pk}/{ledger}/import/apply/", {"token": response.context["token"]}
    )


def test_the_template_has_chinese_headers_and_an_example_row(client, studios):
    client.force_login(studios.a_lead)
    response = client.get(f"/ledgers/studio/{studios.a.pk}/members/template.xlsx")
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == MEMBER_TEMPLATE_HEADER
    assert rows[1][0] == "王建华"
    assert len(wb.worksheets) == 2


def test_the_untouched_template_imports_nothing_and_says_so(client, studios):
    client.force_login(studios.a_lead)
    template = b"".join(client.get(f"/ledgers/studio/{studios.a.pk}/members/template.xlsx").streaming_content)
    response = post_import(client, studios.a, "members", template)
    assert "文件中没有可导入的数据行" in response.content.decode()
    assert not Member.objects.exists()


def test_a_good_file_saves_every_row(client, studios):
    content = workbook_bytes(
        [
            MEMBER_HEADER,
            ["张三", "班长", "技师", "省劳动模范", "带头人", datetime.datetime(2023, 1, 2)],
            ["李四", "检修工", "", "", "骨干成员", "2023-03-04"],
            ["王五", "", "高级工", "", "", "2023/5/6"],
        ]
    )
    client.force_login(studios.a_lead)
    response = post_import(client, studios.a, "members", content)
    assert response.status_code == 302
    members = {m.name: m for m in Member.objects.filter(studio=studios.a)}
    assert set(members) == {"张三", "李四", "王五"}
    assert members["张三"].role == Member.StudioRole.LEAD
    assert members["张三"].skill_level == "technician"
    assert members["王五"].role == Member.StudioRole.MEMBER
    assert members["王五"].joined_on == datetime.date(2023, 5, 6)
    page = client.get(response["Location"]).content.decode()
    assert "已导入 3 条记录" in page


def test_a_file_with_one_bad_row_saves_nothing_and_names_the_row_and_column(client, studios):
    content = workbook_bytes(
        [
            MEMBER_HEADER,
            ["张三", "班长", "", "", "成员", "2023-01-02"],
            ["李四", "检修工", "", "", "成员", "明年"],
            ["王五", "", "大师", "", "成员", "2023-01-02"],
            ["赵六", "", "", "", "成员", "2023-01-02"],
        ]
    )
    client.force_login(studios.a_lead)
    response = post_import(client, studios.a, "members", content)
    assert response.status_code == 200
    page = response.content.decode()
    assert "第3行 · 加入日期（F列）" in page
    assert "第4行 · 技能等级（C列）" in page
    assert "未保存任何数据" in page
    assert not Member.objects.exists()


def test_activities_import_links_participants_by_name_and_refuses_unknown_names(client, studios):
    zhang = Member.objects.create(studio=studios.a, name="张三", joined_on=days_ago(400))
    Member.objects.create(studio=studios.a, name="李四", joined_on=days_ago(400))
    header = [
        "日期",
        "活动类型",
        "主题",
        "地点",
        "参加成员",
        "其他参加人员",
        "参加人数",
        "时长（小时）",
        "成效",
    ]
    bad = workbook_bytes(
        [header, [days_ago(3).isoformat(), "技术攻关", "攻关一", "", "张三、不存在", "", "", "", ""]]
    )
    client.force_login(studios.a_lead)
    response = post_import(client, studios.a, "activities", bad)
    assert "第2行 · 参加成员（E列）" in response.content.decode()
    assert not Activity.objects.exists()
    good = workbook_bytes(
        [
            header,
            [days_ago(3).isoformat(), "技术攻关", "攻关一", "现场", "张三、李四", "刘工", "", 2.5, "完成"],
            [days_ago(2).isoformat(), "exchange", "交流二", "", "张三", "", 9, 1, ""],
        ]
    )
    response = post_import(client, studios.a, "activities", good)
    assert response.status_code == 302
    first = Activity.objects.get(topic="攻关一")
    assert set(first.participants.values_list("name", flat=True)) == {"张三", "李四"}
    assert first.headcount == 3 and first.hours == Decimal("2.5")
    assert Activity.objects.get(topic="交流二").headcount == 9
    assert zhang.activities.count() == 2


def test_a_file_that_is_not_excel_is_refused_with_a_message(client, studios):
    client.force_login(studios.a_lead)
    response = post_import(client, studios.a, "members", "name,post\n张三,班长\n".encode(), name="成员.xlsx")
    assert response.status_code == 200
    assert "不是" in response.content.decode() or "Excel" in response.content.decode()
    assert response.context["form"].errors["file"]
    assert not Member.objects.exists()


def test_a_corrupt_workbook_is_refused_with_a_message(client, studios):
    content = bytearray(workbook_bytes([MEMBER_HEADER, ["张三", "", "", "", "成员", "2023-01-02"]]))
    # Keep the zip readable but break the sheet's XML.
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    client.force_login(studios.a_lead)
    response = post_import(client, studios.a, "members", broken.getvalue())
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Member.objects.exists()


def test_a_truncated_file_is_refused_with_a_message(client, studios):
    content = workbook_bytes([MEMBER_HEADER])
    client.force_login(studios.a_lead)
    response = post_import(client, studios.a, "members", content[:300])
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_a_sheet_without_the_required_columns_is_refused(client, studios):
    client.force_login(studios.a_lead)
    response = post_import(client, studios.a, "members", workbook_bytes([["名字", "岗位"], ["张三", "班长"]]))
    assert "第1行缺少列：姓名、加入日期" in response.content.decode()


def test_too_many_rows_are_refused(client, studios, monkeypatch):
    from unions import imports as excel

    monkeypatch.setattr(excel, "MAX_ROWS", 3)
    rows = [MEMBER_HEADER] + [[f"成员{i}", "", "", "", "成员", "2023-01-02"] for i in range(4)]
    client.force_login(studios.a_lead)
    response = post_import(client, studios.a, "members", workbook_bytes(rows))
    assert "文件超过 3 行" in response.content.decode()
    assert not Member.objects.exists()


def test_a_second_lead_in_a_file_is_refused_and_nothing_saved(client, studios):
    Member.objects.create(studio=studios.a, name="老带头人", role="lead", joined_on=days_ago(400))
    rows = [
        MEMBER_HEADER,
        ["新人", "", "", "", "成员", "2023-01-02"],
        ["新带头人", "", "", "", "带头人", "2023-01-02"],
    ]
    client.force_login(studios.a_lead)
    response = post_import(client, studios.a, "members", workbook_bytes(rows))
    assert "第3行 · 工作室职务（E列）" in response.content.decode()
    assert Member.objects.filter(studio=studios.a).count() == 1


def test_only_the_lead_may_import(client, tree, studios):
    client.force_login(tree.a_reviewer)
    response = post_import(client, studios.a, "members", workbook_bytes([MEMBER_HEADER]))
    assert response.status_code == 403
    assert client.get(f"/ledgers/studio/{studios.a.pk}/trainings/import/").status_code == 403
    assert client.get(f"/ledgers/studio/{studios.a.pk}/nonsense/import/").status_code == 404
