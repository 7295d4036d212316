"""The yearly statistics in a browser: a company files its report, the province sees it among the unions below
that file (by level), files its own and downloads it as Excel and PDF."""

import datetime
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.overview.helpers import activity, named_studio

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
YEAR = 2025


def file_report(page, live_server, union):
    page.goto(f"{live_server.url}/ledgers/statistics/?union={union.pk}&year={YEAR}")
    expect(page.locator("#report-status")).to_contain_text("尚未填报")
    page.locator("#file-report").click()
    expect(page).to_have_url(re.compile(r"/ledgers/statistics/reports/\d+/$"))
    expect(page.locator(".alert")).to_contain_text("已填报")


def test_a_company_files_and_the_province_sees_it_then_files_and_downloads_its_own(
    live_server, login_as, tree, tmp_path
):
    studio = named_studio(tree.a1, by=tree.province, year=YEAR, name="甲一统计工作室")
    activity(studio, datetime.date(YEAR, 4, 1))
    named_studio(tree.b1, by=tree.province, year=YEAR, name="乙一统计工作室")  # company B files too

    page = login_as(tree.a_head)
    file_report(page, live_server, tree.company_a)

    page.context.clear_cookies()
    page = login_as(tree.prov_head)
    page.goto(f"{live_server.url}/ledgers/statistics/?union={tree.province.pk}&year={YEAR}")
    expect(page.locator("#filing-summary")).to_contain_text("集团公司")
    page.locator("#open-filings").click()
    children = page.locator("#filings-city_company")
    expect(children.locator("tr", has_text=tree.company_a.name)).to_contain_text("已填报（第 1 版）")
    expect(children.locator("tr", has_text=tree.company_b.name)).to_contain_text("尚未填报")
    children.locator("tr", has_text=tree.company_a.name).get_by_role("link", name="已填报（第 1 版）").click()
    expect(page.locator("h1")).to_contain_text(tree.company_a.name)

    file_report(page, live_server, tree.province)
    with page.expect_download() as info:
        page.locator("#download-xlsx").click()
    path = tmp_path / "report.xlsx"
    info.value.save_as(path)
    sheet = load_workbook(path).active
    assert str(YEAR) in sheet["A1"].value and sheet["B2"].value == tree.province.name
    with page.expect_download() as info:
        page.locator("#download-pdf").click()
    pdf = tmp_path / "report.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    # The drill-down behind the year's activities names the studio.
    page.goto(f"{live_server.url}/ledgers/statistics/?union={tree.province.pk}&year={YEAR}")
    page.locator("#section-work tbody tr").first.get_by_role("link").click()
    expect(page.locator("#statistics-studios")).to_contain_text("甲一统计工作室")
