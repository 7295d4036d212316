"""A company reviewer exports the studios a search finds: the worker writes it, the page shows it ready,
the download is the workbook of exactly those studios."""

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from studios.models import StudioType
from tests.factories import StudioFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_exports_a_search_and_downloads_it(live_server, login_as, tree, tmp_path):
    StudioFactory(host_union=tree.a1, kind=StudioType.TECHNICAL, name="甲一技术导出工作室")
    StudioFactory(host_union=tree.a2, kind=StudioType.SKILLS, name="甲二技能工作室")
    StudioFactory(host_union=tree.b1, kind=StudioType.TECHNICAL, name="乙一技术工作室")
    page = login_as(tree.a_reviewer)
    page.goto(f"{live_server.url}/ledgers/search/?kind=technical")
    expect(page.locator("#result-count")).to_contain_text("1")
    page.locator("#export-studios").click()
    expect(page).to_have_url(re.compile(r"/ledgers/exports/$"))
    expect(page.locator(".alert")).to_contain_text("正在后台生成")
    row = page.locator("#exports tbody tr").first
    expect(row).to_contain_text("已生成")
    with page.expect_download() as info:
        row.get_by_role("link", name="下载").click()
    path = tmp_path / "export.xlsx"
    info.value.save_as(path)
    rows = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    assert rows[0][0] == "工作室"
    assert [r[0] for r in rows[1:]] == ["甲一技术导出工作室"]
