"""A company reviewer compiles and sends a nomination package; the province sees it arrive and opens an
application from it. Tasks run in-process here (no REDIS_URL), the page works the same."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from studios import workflow
from studios.models import NamingLevel, Quota
from studios.services import campaigns
from tests.studios.packages.conftest import recommended, studio_with_evidence

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def as_user(page, login_as, user):
    page.context.clear_cookies()
    login_as(user)


def test_a_package_is_compiled_sent_and_received(live_server, page, login_as, tree):
    today = timezone.localdate()
    campaign = campaigns.create_campaign(
        organiser=tree.province,
        by=tree.prov_head,
        title="浏览器测试评选",
        year=today.year,
        naming_level=NamingLevel.PROVINCIAL,
        opens_on=today - datetime.timedelta(days=5),
        closes_on=today + datetime.timedelta(days=20),
        certificate_prefix="省",
    )
    Quota.objects.create(campaign=campaign, union=tree.company_a, places=2)
    campaign = workflow.transition(campaign, "open", by=tree.prov_head)
    for union, staff, name in (
        (tree.a1, tree.a1_staff, "甲一劳模创新工作室"),
        (tree.a2, tree.a2_staff, "甲二劳模创新工作室"),
    ):
        recommended(campaign, studio_with_evidence(union, staff, name=name), staff, tree.a_reviewer)
    base = live_server.url

    # The company reviewer compiles the package from the ranking page, on a phone.
    as_user(page, login_as, tree.a_reviewer)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/studios/campaigns/{campaign.pk}/ranking/")
    panel = page.locator("#package-panel")
    expect(panel.get_by_role("button", name="编制推荐材料包")).to_be_visible()
    panel.get_by_label("本级审核及公示情况（写入推荐函）").fill("经党组会研究排序，公示 5 个工作日无异议。")
    panel.get_by_role("button", name="编制推荐材料包").click()
    expect(page.locator("#package-state")).to_have_text("已编制，待报送")
    expect(page.locator("#package-applications")).to_contain_text("甲一劳模创新工作室")
    expect(page.locator("#download-package")).to_be_visible()
    with page.expect_download() as download:
        page.locator("#download-package").click()
    assert download.value.suggested_filename == "浏览器测试评选_甲集团公司工会_推荐材料包.zip"

    page.get_by_role("button", name="报送 测试省总工会").click()
    expect(page.get_by_text("材料包已报送 测试省总工会，其中 2 项申报已冻结。")).to_be_visible()
    expect(page.locator("#package-state")).to_have_text("已报送")

    # The province sees it arrive and reviews from it.
    as_user(page, login_as, tree.prov_reviewer)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/")
    page.get_by_role("link", name="推荐材料包").first.click()
    row = page.locator("#packages tbody tr").filter(has_text="甲集团公司工会")
    expect(row).to_contain_text("浏览器测试评选")
    expect(row).to_contain_text("已报送")
    row.get_by_role("link", name="查看").click()
    expect(page.locator("#package-sent")).to_contain_text("已于")
    page.locator("#package-applications").get_by_role("link", name="甲二劳模创新工作室").click()
    expect(page.get_by_role("heading", name="甲二劳模创新工作室")).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text("随第")
