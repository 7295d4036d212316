"""A batch grant in a browser: the provincial head grants creation funds to three named studios under one
文号, a studio lead finds the income in the funds ledger through the notice and spends some, and the
专款专用 report shows granted against spent. On a desktop and on a phone."""

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from ledgers.models import FundGrant, GrantBatch
from tests.factories import lead
from tests.overview.helpers import named_studio

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}


@pytest.mark.parametrize("size", sorted(SIZES))
def test_the_province_grants_three_studios_at_once_and_the_report_shows_granted_against_spent(
    live_server, page, login_as, tree, size
):
    page.set_viewport_size(SIZES[size])
    today = timezone.localdate()
    first = named_studio(tree.a1, by=tree.province, name="甲一拨款工作室")
    second = named_studio(tree.a2, by=tree.province, name="甲二拨款工作室")
    third = named_studio(tree.b1, by=tree.province, name="乙一拨款工作室")
    named_studio(tree.b1, by=tree.province, name="乙一未选工作室")
    leader = lead(first, "t_batch_lead", full_name="甲一带头人")

    page = login_as(tree.prov_head)
    page.goto(f"{live_server.url}/ledgers/grants/?union={tree.province.pk}")
    page.locator("#new-batch").click()
    expect(page.locator("h1")).to_have_text("批量拨付")
    page.locator("#id_document_number").fill("浙工〔2026〕8号")
    page.locator("#id_title").fill("关于拨付劳模创新工作室创建经费的通知")
    page.locator("#id_purpose").fill("创建经费")
    # Nothing chosen: the form says so and keeps what was typed.
    page.locator("#grant-batch").click()
    expect(page.locator("#studios-errors")).to_contain_text("请至少选择一个工作室")
    expect(page.locator("#id_document_number")).to_have_value("浙工〔2026〕8号")

    for studio in (first, second, third):
        page.get_by_label(studio.name, exact=True).check()
    page.locator("#id_same_amount").fill("50000")
    page.locator(f"#id_amount_{third.pk}").fill("80000")
    form = page.locator("#batch-grant-form")
    sent = form.evaluate("f => Array.from(new FormData(f).entries())")
    action = page.url
    page.locator("#grant-batch").click()
    expect(page).to_have_url(re.compile(r"/ledgers/grants/batches/\d+/$"))
    expect(page.locator(".alert-success")).to_contain_text("3 个工作室")
    expect(page.locator("#batch-total")).to_have_text("180,000.00")
    lines = page.locator("#batch-lines")
    expect(lines.locator("tr", has_text="乙一拨款工作室")).to_contain_text("80,000.00")
    expect(lines.locator("tr", has_text="甲一拨款工作室")).to_contain_text("50,000.00")
    expect(lines).not_to_contain_text("乙一未选工作室")

    # The same form sent a second time (a double click, a resent page) grants nothing twice.
    again = page.request.post(
        action,
        data=urlencode([tuple(pair) for pair in sent]),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert re.search(r"/ledgers/grants/batches/\d+/$", again.url) and "未重复拨付" in again.text()
    assert GrantBatch.objects.count() == 1 and FundGrant.objects.count() == 3

    # The lead of one studio follows the notice to the funds ledger and spends from the grant.
    page.context.clear_cookies()
    page = login_as(leader)
    page.goto(live_server.url + reverse("unions:notices"))
    page.get_by_role("link", name=re.compile("浙工〔2026〕8号")).click()
    expect(page.locator("#ledger-table")).to_contain_text("浙工〔2026〕8号")
    expect(page.locator("#fund-balance")).to_have_text("50,000.00")
    page.locator("#add-entry").click()
    page.get_by_label("收支").select_option(label="支出")
    page.get_by_label("日期").fill(today.isoformat())
    page.get_by_label("金额（元）").fill("12000")
    page.get_by_label("用途").select_option(label="设备添置")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#fund-balance")).to_have_text("38,000.00")

    # The province's 专款专用 report: granted against spent by use, what is left.
    page.context.clear_cookies()
    page = login_as(tree.prov_head)
    page.goto(f"{live_server.url}/ledgers/grants/?union={tree.province.pk}")
    page.locator("#earmark-link").click()
    expect(page.locator("h1")).to_have_text("专款专用情况表")
    report = page.locator("#earmark")
    row = report.locator("tr", has_text="甲一拨款工作室")
    expect(row).to_contain_text("50,000.00")
    expect(row).to_contain_text("12,000.00")
    expect(row).to_contain_text("38,000.00")
    expect(report.locator("tr", has_text="乙一拨款工作室")).to_contain_text("80,000.00")
    expect(page.locator("#earmark-totals")).to_contain_text("180,000.00")
    with page.expect_download() as info:
        page.locator("#earmark-xlsx").click()
    assert info.value.suggested_filename.endswith(".xlsx")
