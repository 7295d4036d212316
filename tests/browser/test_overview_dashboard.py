"""A provincial reviewer opens the dashboard, clicks a bar and a figure, and lands on the studios behind them."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from studios.models import StudioType
from tests.factories import StudioFactory
from tests.overview.helpers import named_studio

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_provincial_reviewer_drills_down_from_the_dashboard(live_server, login_as, tree):
    named_studio(tree.a1, by=tree.province, year=timezone.localdate().year - 1, name="甲一命名工作室")
    StudioFactory(host_union=tree.a2, kind=StudioType.TECHNICAL, name="甲二培育工作室")
    StudioFactory(host_union=tree.b1, kind=StudioType.SERVICE, name="乙一服务工作室")
    page = login_as(tree.prov_reviewer)
    page.goto(f"{live_server.url}/ledgers/dashboard/")
    expect(page.locator("#figure-total")).to_have_text("3")
    # The chart is drawn from the static ECharts file (SVG renderer): click the bar of 技术攻关型.
    bars = page.locator('#chart-by-kind-box svg path[fill]:not([fill="none"]):not([fill="transparent"])')
    expect(bars.first).to_be_visible()
    bars.first.click()
    expect(page).to_have_url(re.compile(r"/ledgers/search/\?.*kind=technical"))
    expect(page.locator("#result-count")).to_contain_text("2")
    page.go_back()
    # A figure of the table: the technical studios of company A.
    row = page.locator("#table-studios_by_union tbody tr", has_text="甲集团公司工会")
    row.locator('a[href*="kind=technical"]').click()
    expect(page).to_have_url(re.compile(r"/ledgers/search/\?.*kind=technical"))
    results = page.locator("#search-results tbody")
    expect(results).to_contain_text("甲一命名工作室")
    expect(results).to_contain_text("甲二培育工作室")
    expect(results).not_to_contain_text("乙一服务工作室")
