"""Nothing lost: every change of a ledger row or a studio is in its history, and a row entered by
mistake is voided with a reason — kept, struck through, out of every total and of the 七有."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ledgers import completeness_rules as rules
from ledgers import services
from ledgers.models import Achievement, Activity, FundEntry, Member, StudioYear
from studios.completeness import Status

from .conftest import days_ago, expenditure, income

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def void_url(studio, ledger, pk):
    return reverse("ledgers:void", args=[studio.pk, ledger, pk])


def history_url(studio, ledger, pk):
    return reverse("ledgers:history", args=[studio.pk, ledger, pk])


def an_activity(studio, day=None, topic="锅炉给水泵振动攻关"):
    return Activity.objects.create(
        studio=studio, kind=Activity.Kind.BREAKTHROUGH, date=day or days_ago(10), topic=topic, headcount=5
    )


def test_a_voided_activity_stays_struck_through_and_counts_nowhere(client, studios):
    kept = an_activity(studios.a, topic="保留的活动")
    twice = an_activity(studios.a, topic="重复登记的活动")
    year = twice.date.year
    assert StudioYear.objects.get(studio=studios.a, year=year).activities == 2
    client.force_login(studios.a_lead)

    response = client.post(void_url(studios.a, "activities", twice.pk), {"reason": "与上一条重复登记"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "已作废" in page and "与上一条重复登记" in page
    assert page.count('class="ledger-voided"') == 1

    twice = Activity.with_voided.get(pk=twice.pk)
    assert twice.is_voided and twice.voided_by == studios.a_lead
    assert list(Activity.objects.filter(studio=studios.a)) == [kept]
    assert StudioYear.objects.get(studio=studios.a, year=year).activities == 1
    # The export leaves it out; the edit form no longer opens it; voiding is final.
    export = b"".join(client.get(f"/ledgers/studio/{studios.a.pk}/activities/export.xlsx").streaming_content)
    topics = [row[2] for row in load_workbook(io.BytesIO(export)).worksheets[0].iter_rows(values_only=True)]
    assert "保留的活动" in topics and "重复登记的活动" not in topics
    assert client.get(f"/ledgers/studio/{studios.a.pk}/activities/{twice.pk}/edit/").status_code == 404
    assert client.post(void_url(studios.a, "activities", twice.pk), {"reason": "再次"}).status_code == 404


def test_voiding_needs_a_reason_and_the_form_says_so(client, studios):
    activity = an_activity(studios.a)
    client.force_login(studios.a_lead)
    response = client.post(void_url(studios.a, "activities", activity.pk), {"reason": "   "})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    assert not Activity.with_voided.get(pk=activity.pk).is_voided


def test_a_voided_achievement_no_longer_meets_the_results_rule(studios):
    today = datetime.date.today()
    achievement = Achievement.objects.create(
        studio=studios.a, kind=Achievement.Kind.PATENT, title="一种检修工具", date=today
    )
    assert rules.results(studios.a, today).status == Status.MET
    services.void_entry(entry=achievement, by=studios.a_lead, reason="录入了别的工作室的成果")
    assert rules.results(studios.a, today).status == Status.MISSING


def test_voided_fund_lines_leave_the_balance_and_income_spent_later_cannot_be_voided(client, studios):
    first = income(studios.a, "1000", days_ago(30))
    second = income(studios.a, "500", days_ago(20))
    expenditure(studios.a, "1200", days_ago(10))
    client.force_login(studios.a_lead)
    response = client.post(void_url(studios.a, "funds", first.pk), {"reason": "金额录错"})
    assert response.status_code == 200
    assert "不能作废" in response.content.decode()
    assert not FundEntry.with_voided.get(pk=first.pk).is_voided

    spare = income(studios.a, "300", days_ago(5))
    assert services.balance(studios.a) == Decimal("600.00")
    assert client.post(void_url(studios.a, "funds", spare.pk), {"reason": "重复"}).status_code == 302
    assert services.balance(studios.a) == Decimal("300.00")
    assert second.pk  # untouched


def test_an_edit_of_an_amount_shows_who_when_and_from_what_to_what(client, studios):
    client.force_login(studios.a_lead)
    data = {
        "direction": "income",
        "date": days_ago(3).isoformat(),
        "amount": "800",
        "source": "administrative",
    }
    assert client.post(f"/ledgers/studio/{studios.a.pk}/funds/new/", data).status_code == 302
    entry = FundEntry.objects.get(studio=studios.a)
    assert client.post(f"/ledgers/studio/{studios.a.pk}/funds/{entry.pk}/edit/", {**data, "amount": "8000"})
    entry.refresh_from_db()
    assert entry.amount == Decimal("8000")

    page = client.get(history_url(studios.a, "funds", entry.pk)).content.decode()
    assert "新建" in page and "修改" in page
    assert studios.a_lead.display_name in page
    assert "金额（元）" in page
    assert "<del>800.00</del>" in page and "8,000.00" in page
    assert "administrative" not in page  # choices by their labels, never by their codes


def test_the_history_of_a_voided_member_names_the_voiding_and_its_reason(client, studios):
    member = Member.objects.create(studio=studios.a, name="王重复", joined_on=days_ago(100))
    services.void_entry(entry=member, by=studios.a_lead, reason="同一人登记了两次")
    client.force_login(studios.a_lead)
    page = client.get(history_url(studios.a, "members", member.pk)).content.decode()
    assert "作废" in page and "同一人登记了两次" in page
    assert "王重复" in client.get(f"/ledgers/studio/{studios.a.pk}/members/").content.decode()


def test_the_other_branch_neither_reads_the_history_nor_voids(client, studios):
    activity = an_activity(studios.a)
    client.force_login(studios.b_lead)
    assert client.get(history_url(studios.a, "activities", activity.pk)).status_code == 404
    assert client.post(void_url(studios.a, "activities", activity.pk), {"reason": "越权"}).status_code == 404
    assert not Activity.with_voided.get(pk=activity.pk).is_voided


def test_the_studio_record_keeps_its_history(client, studios, tree):
    studio = studios.a
    studio.site_address = "一号楼"
    studio.save()
    studio.site_address = "二号楼"
    studio.save()
    client.force_login(studios.a_lead)
    page = client.get(reverse("studios:history", args=[studio.pk])).content.decode()
    assert "场所地址" in page and "<del>一号楼</del>" in page and "二号楼" in page


# --- an import uploaded twice creates nothing twice ---------------------------------------------


def workbook(rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("成员.xlsx", out.getvalue(), content_type=XLSX)


def _import(client, url, content, follow=False):
    """Upload, then apply the preview: the answer to "apply"."""
    preview = client.post(url, {"file": content})
    assert preview.status_code == 200 and "token" in preview.context
    return client.post(url + "apply/", {"token": preview.context["token"]}, follow=follow)


def test_the_same_member_file_imported_twice_adds_its_rows_once(client, studios):
    rows = [
        ["姓名", "加入日期"],
        ["张三", "2023-01-02"],
        ["李四", "2023-03-04"],
        ["李四", "2023-03-04"],  # the file lists two people of the same name who joined the same day
    ]
    client.force_login(studios.a_lead)
    url = f"/ledgers/studio/{studios.a.pk}/members/import/"
    assert _import(client, url, workbook(rows)).status_code == 302
    assert Member.objects.filter(studio=studios.a).count() == 3
    # The second time the preview names the three rows as held, and applying adds none.
    preview = client.post(url, {"file": workbook(rows)})
    assert [n for n, _r in preview.context["plan"].held] == [2, 3, 4]
    response = _import(client, url, workbook(rows), follow=True)
    assert Member.objects.filter(studio=studios.a).count() == 3
    assert "3 行已在台帐中，未重复添加" in response.content.decode()
    # A file with one more row adds just that row.
    response = _import(client, url, workbook([*rows, ["王五", "2024-05-06"]]), follow=True)
    assert Member.objects.filter(studio=studios.a).count() == 4


def test_the_same_activity_file_imported_twice_adds_its_rows_once(client, studios):
    header = ["日期", "活动类型", "主题", "时长（小时）"]
    day = days_ago(5).isoformat()
    rows = [header, [day, "技术攻关", "攻关一", 2], [day, "技能培训", "攻关一", 1.5]]
    client.force_login(studios.a_lead)
    url = f"/ledgers/studio/{studios.a.pk}/activities/import/"
    assert _import(client, url, workbook(rows)).status_code == 302
    assert _import(client, url, workbook(rows)).status_code == 302
    assert Activity.objects.filter(studio=studios.a).count() == 2
    assert StudioYear.objects.get(studio=studios.a, year=days_ago(5).year).activities == 2


def test_an_activity_row_without_hours_is_refused_by_row_and_column(client, studios):
    rows = [["日期", "活动类型", "主题", "时长（小时）"], [days_ago(5).isoformat(), "技术攻关", "攻关一", ""]]
    client.force_login(studios.a_lead)
    response = client.post(f"/ledgers/studio/{studios.a.pk}/activities/import/", {"file": workbook(rows)})
    assert "第2行 · 时长（小时）（D列）" in response.content.decode()
    assert not Activity.objects.exists()
