"""Trainings, achievements and funds import like members and activities: a template with notes, every
row through the ledger's form, every row or none, nothing twice; funds never overdraw, and the row that
would is named."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from ledgers.models import Achievement, FundEntry, Training
from ledgers.views.specs import IMPORTABLE

from .conftest import days_ago, income
from .test_excel import post_import, workbook_bytes

pytestmark = pytest.mark.django_db


def template_header(client, studio, ledger):
    response = client.get(f"/ledgers/studio/{studio.pk}/{ledger}/template.xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(wb.worksheets) == 2  # the rows and the notes
    return [c for c in next(wb.worksheets[0].iter_rows(values_only=True))]


def test_every_ledger_imports():
    assert IMPORTABLE == {"members", "activities", "trainings", "achievements", "funds"}


def test_trainings_import_once_and_only_once(client, studios):
    client.force_login(studios.a_lead)
    header = template_header(client, studios.a, "trainings")
    assert header[:2] == ["日期", "培训名称"]
    day = days_ago(20).isoformat()
    content = workbook_bytes(
        [
            header,
            [day, "焊接培训", "王工", 2, 30, 6, "", "", 2],
            [day, "安全培训", "", None, 12, None, "", "", None],
        ]
    )
    response = post_import(client, studios.a, "trainings", content)
    assert response.status_code == 302
    rows = {t.title: t for t in Training.objects.filter(studio=studios.a)}
    assert set(rows) == {"焊接培训", "安全培训"}
    assert rows["安全培训"].sessions == 1 and rows["焊接培训"].certified_count == 2
    post_import(client, studios.a, "trainings", content)
    assert Training.objects.filter(studio=studios.a).count() == 2


def test_a_training_row_failing_its_form_saves_nothing_and_is_named(client, studios):
    client.force_login(studios.a_lead)
    header = template_header(client, studios.a, "trainings")
    day = days_ago(20).isoformat()
    content = workbook_bytes(
        [header, [day, "焊接培训", "", 1, 30], [day, "安全培训", "", 1, 5, 0, "", "", 9]]
    )
    response = post_import(client, studios.a, "trainings", content)
    page = response.content.decode()
    assert "第3行" in page and "取证晋级人数" in page
    assert not Training.objects.exists()


def test_achievements_import_with_their_kind_and_benefit(client, studios):
    client.force_login(studios.a_lead)
    header = template_header(client, studios.a, "achievements")
    day = days_ago(40).isoformat()
    content = workbook_bytes([header, [day, "专利", "一种夹具", "张三", 3.5, ""], [day, "论文", "一篇论文"]])
    assert post_import(client, studios.a, "achievements", content).status_code == 302
    patent = Achievement.objects.get(studio=studios.a, title="一种夹具")
    assert patent.kind == Achievement.Kind.PATENT and patent.economic_benefit == Decimal("3.5")
    post_import(client, studios.a, "achievements", content)
    assert Achievement.objects.filter(studio=studios.a).count() == 2


def test_an_unknown_achievement_kind_is_named_with_its_column(client, studios):
    client.force_login(studios.a_lead)
    header = template_header(client, studios.a, "achievements")
    content = workbook_bytes([header, [days_ago(4).isoformat(), "发明创造大奖", "某成果"]])
    page = post_import(client, studios.a, "achievements", content).content.decode()
    assert "第2行" in page and "成果类型" in page and "（B列）" in page
    assert not Achievement.objects.exists()


def test_funds_import_in_date_order_and_not_twice(client, studios):
    client.force_login(studios.a_lead)
    header = template_header(client, studios.a, "funds")
    # The spending is listed first but dated after the income: entered by date, it never overdraws.
    content = workbook_bytes(
        [
            header,
            [days_ago(5).isoformat(), "支出", 300, "", "活动开展", "培训耗材"],
            [days_ago(9).isoformat(), "收入", 1000, "行政支持", "", "年度经费", "财-1"],
        ]
    )
    assert post_import(client, studios.a, "funds", content).status_code == 302
    assert FundEntry.objects.filter(studio=studios.a).count() == 2
    assert post_import(client, studios.a, "funds", content).status_code == 302
    assert FundEntry.objects.filter(studio=studios.a).count() == 2


def test_a_funds_row_that_would_overdraw_is_named_and_nothing_is_saved(client, studios):
    income(studios.a, "100", days_ago(30))
    client.force_login(studios.a_lead)
    header = template_header(client, studios.a, "funds")
    content = workbook_bytes(
        [
            header,
            [days_ago(8).isoformat(), "收入", 50, "行政支持"],
            [days_ago(6).isoformat(), "支出", 120, "", "设备添置"],
            [days_ago(4).isoformat(), "支出", 200, "", "活动开展"],
        ]
    )
    page = post_import(client, studios.a, "funds", content).content.decode()
    # 100 + 50 − 120 leaves 30: the third row (file row 4) would overdraw.
    assert "第4行 · 金额（元）（C列）" in page and "余额" in page
    assert "第3行" not in page
    assert FundEntry.objects.filter(studio=studios.a).count() == 1


def test_a_funds_income_without_a_source_fails_its_form(client, studios):
    client.force_login(studios.a_lead)
    header = template_header(client, studios.a, "funds")
    page = post_import(
        client, studios.a, "funds", workbook_bytes([header, [days_ago(3).isoformat(), "收入", 10]])
    ).content.decode()
    assert "第2行" in page and "来源" in page
    assert not FundEntry.objects.filter(studio=studios.a).exists()
