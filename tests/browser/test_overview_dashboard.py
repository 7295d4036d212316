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


def test_on_a_phone_the_chart_legend_stays_on_one_line_above_the_bars(live_server, login_as, tree):
    """At 360 px the four types' legend would wrap onto the bars: it stays one paged line above the plot."""
    for kind in StudioType.values:
        StudioFactory(host_union=tree.a1, kind=kind)
    page = login_as(tree.prov_reviewer)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/ledgers/dashboard/")
    box = page.locator("#chart-by-union-box")
    expect(box.locator("svg")).to_be_visible()
    top = box.bounding_box()["y"]
    names = [str(label) for _v, label in StudioType.choices]
    legend = [t for t in box.locator("svg text").all() if (t.text_content() or "").strip() in names]
    assert legend, "the legend names the types"
    grid_top = 44  # where the plot starts (GRID_BELOW_LEGEND in ledgers/overview/dashboard.py)
    boxes = [b for b in (t.bounding_box() for t in legend) if b]  # a name paged out has no box
    assert len({round(b["y"]) for b in boxes}) == 1, boxes  # one line, never wrapped onto the plot
    assert all(b["y"] + b["height"] <= top + grid_top for b in boxes), (boxes, top)
