"""Every workbook a person downloads reads and prints well: each column has a width, money is
`#,##0.00`, counts `#,##0`, dates `yyyy-mm-dd`, the header row is frozen (and an autofilter lies
over the rows of a list), it prints one page wide on A4 (landscape when wide), and its file name
is Chinese (RFC 5987 `filename*=utf-8''…`)."""

import datetime
import io
import re
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ledgers import statistics
from ledgers.models import Achievement, Activity, Export, FundEntry, Member, Training
from tests.factories import lead
from tests.overview.helpers import named_studio
from tests.overview.test_grants import grant
from unions import excel

pytestmark = pytest.mark.django_db

LEDGERS = ["members", "activities", "trainings", "achievements", "funds"]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def chinese_name(response):
    header = response["Content-Disposition"]
    match = re.fullmatch(r"attachment; filename\*=utf-8''(\S+)", header, re.I)
    assert match, header
    name = unquote(match.group(1))
    assert CHINESE.search(name) and name.endswith(".xlsx"), name
    return name


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def workbook(response):
    assert response.status_code == 200
    chinese_name(response)
    return load_workbook(io.BytesIO(body(response)))


def check_print(ws, widths):
    assert ws.page_setup.paperSize in (9, "9")  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth or 1) == 1 and int(ws.page_setup.fitToHeight or 0) == 0
    expected = "landscape" if sum(widths) > excel.PORTRAIT_WIDTH else "portrait"
    assert ws.page_setup.orientation == expected, (ws.title, sum(widths))


def check_cells(ws, first_row):
    """Every number and date below the header in the house's formats."""
    seen = set()
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            if isinstance(cell.value, datetime.datetime | datetime.date):
                assert cell.number_format == "yyyy-mm-dd", cell.coordinate
                seen.add("date")
            elif isinstance(cell.value, float) or (
                isinstance(cell.value, int) and not isinstance(cell.value, bool)
            ):
                assert cell.number_format in ("#,##0.00", "#,##0", "#,##0.0"), (
                    ws.title,
                    cell.coordinate,
                    cell.number_format,
                )
                seen.add(cell.number_format)
    return seen


def check_list(ws, rows_expected=None):
    """A list sheet: widths, frozen header, autofilter over every row, print setup, formats."""
    columns = ws.max_column
    widths = [ws.column_dimensions[get_column_letter(i)].width for i in range(1, columns + 1)]
    assert all(w and w >= 6 for w in widths), (ws.title, widths)
    assert ws.freeze_panes == "A2", ws.title
    assert ws.auto_filter.ref == f"A1:{get_column_letter(columns)}{ws.max_row}", (
        ws.title,
        ws.auto_filter.ref,
    )
    assert ws.print_title_rows == "$1:$1"
    if rows_expected is not None:
        assert ws.max_row == rows_expected + 1
    check_print(ws, widths)
    return check_cells(ws, 2)


@pytest.fixture
def studio(tree):
    studio = named_studio(tree.a1, by=tree.province, name="冯军劳模创新工作室")
    today = timezone.localdate()
    member = Member.objects.create(studio=studio, name="冯军", joined_on=datetime.date(2024, 3, 1))
    activity = Activity.objects.create(
        studio=studio, kind=Activity.Kind.BREAKTHROUGH, date=today, topic="攻关", headcount=12
    )
    activity.participants.add(member)
    Training.objects.create(studio=studio, date=today, title="培训", headcount=30, hours=Decimal("2.5"))
    Achievement.objects.create(
        studio=studio,
        kind=Achievement.Kind.PATENT,
        title="一种焊接工装",
        date=today,
        economic_benefit=Decimal("12.50"),
    )
    grant(tree, studio, "123456.00", today.year)
    FundEntry.objects.create(
        studio=studio,
        direction=FundEntry.Direction.EXPENDITURE,
        date=today,
        amount=Decimal("12345.60"),
        use=FundEntry.Use.ACTIVITIES,
    )
    return studio


def test_every_ledger_export_and_import_template(client, studio):
    client.force_login(lead(studio, "t_excel_lead"))
    formats = set()
    for ledger in LEDGERS:
        ws = workbook(client.get(f"/ledgers/studio/{studio.pk}/{ledger}/export.xlsx")).active
        formats |= check_list(ws)
        assert ws.max_row >= 2, ledger
        template = workbook(client.get(f"/ledgers/studio/{studio.pk}/{ledger}/template.xlsx"))
        check_list(template.worksheets[0], rows_expected=1)
    assert {"#,##0.00", "#,##0", "date"} <= formats
    funds = workbook(client.get(f"/ledgers/studio/{studio.pk}/funds/export.xlsx")).active
    amounts = [c for row in funds.iter_rows(min_row=2) for c in row if c.value in (123456, 12345.6)]
    assert amounts and all(c.number_format == "#,##0.00" for c in amounts)


def test_every_dashboard_table(client, tree, studio):
    client.force_login(tree.prov_reviewer)
    from ledgers.overview.dashboard import Overview

    keys = [t.key for t in Overview(tree.province, today=timezone.localdate()).tables()]
    assert len(keys) >= 8
    for key in keys:
        response = client.get(reverse("ledgers:dashboard_xlsx", args=[key]), {"union": tree.province.pk})
        assert "测试省总工会" in chinese_name(response)
        ws = load_workbook(io.BytesIO(body(response))).active
        check_list(ws)
        years = [row[0].value for row in ws.iter_rows(min_row=2) if row[0].value]
        assert all(isinstance(v, str) for v in years), key  # a year names its row: text, not "2,025"


def test_the_worker_exports(client, tree, studio, django_capture_on_commit_callbacks):
    client.force_login(tree.prov_head)
    for kind, query in (("grants", f"?union={tree.province.pk}"), ("studios", "")):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("ledgers:export_request", args=[kind]) + query)
        export = Export.objects.filter(requested_by=tree.prov_head, kind=kind).get()
        assert export.status == Export.Status.READY, export.error
        ws = workbook(client.get(reverse("ledgers:export_download", args=[export.pk]))).active
        check_list(ws, rows_expected=export.rows)


def test_the_onboarding_and_history_templates(client, tree):
    client.force_login(tree.prov_admin)
    for url in (
        reverse("unions:onboarding_template", args=[tree.province.pk]),
        reverse("studios:history_import_template", args=[tree.province.pk]),
    ):
        book = workbook(client.get(url))
        for ws in book.worksheets[:-1]:  # the last sheet is the notes
            check_list(ws, rows_expected=1)


def test_the_filed_statistics_workbook(client, tree, studio):
    report = statistics.file_report(union=tree.province, year=timezone.localdate().year, by=tree.prov_head)
    client.force_login(tree.prov_head)
    response = client.get(reverse("ledgers:statistics_xlsx", args=[report.pk]))
    assert "测试省总工会" in chinese_name(response)
    book = load_workbook(io.BytesIO(body(response)))
    ws = book.active
    widths = [ws.column_dimensions[get_column_letter(i)].width for i in range(1, ws.max_column + 1)]
    assert all(w and w >= 6 for w in widths), widths
    assert ws.freeze_panes  # the title, the union and the year stay in sight
    assert ws.page_setup.paperSize in (9, "9") and ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth or 1) == 1  # 1 is the default XlsxWriter leaves out
    assert {"#,##0", "#,##0.00"} <= check_cells(ws, 5)
    # The same figures one per row, under an autofilter, for sorting and pivot tables.
    data = book.worksheets[1]
    assert data.title == "数据明细" and data.freeze_panes == "A2"
    assert data.auto_filter.ref == f"A1:D{data.max_row}" and data.max_row > 20
    rows = list(data.iter_rows(min_row=2, values_only=True))
    assert all(isinstance(value, int | float) for *_labels, value in rows)
    assert len({section for section, *_rest in rows}) > 3
    pdf = client.get(reverse("ledgers:statistics_pdf", args=[report.pk]))
    assert re.fullmatch(r"attachment; filename\*=utf-8''\S+\.pdf", pdf["Content-Disposition"])
