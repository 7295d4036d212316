"""A studio lead logs an activity and an expenditure, and sees the checklist and the balance change."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ledgers.models import Activity, FundEntry, Member
from tests.factories import StudioFactory, ensure_seven_haves, lead, make_union
from unions.models import Union

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_lead_logs_an_activity_and_an_expenditure_and_sees_the_studio_page_change(
    live_server, page, login_as
):
    ensure_seven_haves()  # an earlier transactional test may have flushed the migration's rows
    today = timezone.localdate()
    company = make_union(name="浙能集团工会", code="t-co", level=Union.Level.CITY_OR_COMPANY)
    grassroots = make_union(company, name="兰溪电厂工会", code="t-gr")
    studio = StudioFactory(host_union=grassroots, name="王海峰劳模创新工作室", person_name="王海峰")
    user = lead(studio, "t_browser_lead", full_name="王海峰")
    Member.objects.create(studio=studio, name="王海峰", role="lead", joined_on=datetime.date(2020, 1, 1))
    for name in ("张伟", "李娜", "陈刚"):
        Member.objects.create(studio=studio, name=name, joined_on=datetime.date(2021, 1, 1))
    for days in (20, 60):
        Activity.objects.create(
            studio=studio, kind="training", date=today - datetime.timedelta(days=days), topic=f"带徒{days}"
        )
    FundEntry.objects.create(
        studio=studio,
        direction="income",
        date=today - datetime.timedelta(days=90),
        amount=1000,
        source="administrative",
    )

    login_as(user)
    page.goto(f"{live_server.url}/studios/{studio.pk}/")
    ledger_row = page.locator("#criterion-ledger")
    expect(ledger_row).to_contain_text("部分达到")
    expect(ledger_row).to_contain_text("近12个月再登记 1 次活动或培训")
    expect(page.locator("#studio-balance")).to_have_text("1,000.00")

    # An activity, through the form.
    page.locator("#studio-ledgers").get_by_role("link", name="记一笔活动").click()
    page.get_by_label("活动类型").select_option(label="技术攻关")
    page.get_by_label("日期").fill(today.isoformat())
    page.get_by_label("主题").fill("给水泵振动超标攻关")
    page.get_by_label("张伟").check()
    page.get_by_label("时长（小时）").fill("3.5")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("已保存到活动台帐")
    expect(page.locator("#ledger-table")).to_contain_text("给水泵振动超标攻关")

    # An expenditure, through the form; one beyond the balance first.
    page.get_by_role("link", name="经费台帐").click()
    page.locator("#add-entry").click()
    page.get_by_label("收支").select_option(label="支出")
    page.get_by_label("日期").fill(today.isoformat())
    page.get_by_label("金额（元）").fill("1500")
    page.get_by_label("用途").select_option(label="设备添置")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#ledger-form")).to_contain_text("经费余额不足")
    expect(page.get_by_label("金额（元）")).to_have_value("1500")
    page.get_by_label("金额（元）").fill("300")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#fund-balance")).to_have_text("700.00")

    page.goto(f"{live_server.url}/studios/{studio.pk}/")
    expect(page.locator("#criterion-ledger")).to_contain_text("已达到")
    expect(page.locator("#studio-balance")).to_have_text("700.00")
    expect(page.locator("#recent-entries")).to_contain_text("给水泵振动超标攻关")

    # The expenditure was entered by mistake: the lead voids it with a reason; it stays, struck
    # through, the balance is back, and its history says who did what.
    page.get_by_role("link", name="经费台帐").first.click()
    spending = page.locator("#ledger-table tbody tr", has_text="设备添置")
    spending.get_by_role("link", name="作废").click()
    page.get_by_label("作废原因").fill("重复登记")
    page.locator("#void-entry").click()
    expect(page.locator(".alert-success")).to_contain_text("已作废")
    expect(page.locator("#fund-balance")).to_have_text("1,000.00")
    voided = page.locator("#ledger-table tr.ledger-voided")
    expect(voided).to_contain_text("重复登记")
    voided.get_by_role("link", name="修改记录").click()
    expect(page.locator("#change-history")).to_contain_text("已作废")
    expect(page.locator("#change-history")).to_contain_text("王海峰")
    expect(page.locator("#change-history")).to_contain_text("重复登记")
