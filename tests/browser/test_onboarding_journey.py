"""A provincial administrator onboards: uploads the union workbook, reads the preview, applies it, then
uploads the historic studios and titles, reads their preview, applies it, and they land on the studio's
timeline."""

import re

import pytest
from playwright.sync_api import expect

from studios.models import Studio
from tests.studios.test_history_import import workbook as history_workbook
from tests.unions.test_onboarding import GOOD_ACCOUNTS, GOOD_UNIONS
from tests.unions.test_onboarding import workbook as union_workbook
from unions.models import Union

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_province_onboards_its_tree_accounts_and_historic_titles(live_server, login_as, tree, tmp_path):
    unions_file = tmp_path / "组织.xlsx"
    unions_file.write_bytes(union_workbook(GOOD_UNIONS, GOOD_ACCOUNTS).read())
    page = login_as(tree.prov_admin)
    page.goto(f"{live_server.url}/unions/{tree.province.pk}/")
    page.locator("#onboarding").click()
    expect(page.locator("h1")).to_contain_text("导入工会组织与账号")
    page.locator("input[type=file]").set_input_files(str(unions_file))
    page.get_by_role("button", name="校验并预览").click()
    expect(page.locator("h1")).to_contain_text("导入预览")
    expect(page.locator("#preview-counts .new-unions")).to_have_text("3")
    expect(page.locator("#preview-counts .new-accounts")).to_have_text("2")
    expect(page.get_by_text("杭州公交集团工会")).to_be_visible()
    assert not Union.objects.filter(code="hz").exists()  # nothing saved before "apply"
    page.locator("#apply").click()
    expect(page.locator("h1")).to_contain_text("导入完成")
    expect(page.locator("#one-time-codes")).to_contain_text("bus1_staff")
    assert Union.objects.filter(code__startswith="hz").count() == 3

    # The same file again: the preview says it changes nothing.
    page.goto(f"{live_server.url}/unions/{tree.province.pk}/onboarding/")
    page.locator("input[type=file]").set_input_files(str(unions_file))
    page.get_by_role("button", name="校验并预览").click()
    expect(page.locator("#nothing-to-do")).to_be_visible()
    expect(page.locator("#preview-counts .same-unions")).to_have_text("3")

    # Then the historic studios and titles of the new grassroots union.
    history_file = tmp_path / "历史.xlsx"
    history_file.write_bytes(
        history_workbook(
            [["公交一号劳模创新工作室", "陈一", "hz-bus-1", "服务示范型", "2013-09-01"]],
            [
                [
                    "公交一号劳模创新工作室",
                    "hz-bus-1",
                    "市级",
                    2016,
                    "杭-2016-05",
                    "hz",
                    "2016-04-30",
                    "否",
                    "",
                ],
                [
                    "公交一号劳模创新工作室",
                    "hz-bus-1",
                    "省级",
                    2020,
                    "浙-2020-11",
                    "prov",
                    "2020-04-28",
                    "否",
                    "",
                ],
            ],
        ).read()
    )
    page.goto(f"{live_server.url}/unions/{tree.province.pk}/")
    page.locator("#history-import").click()
    page.locator("input[type=file]").set_input_files(str(history_file))
    page.get_by_role("button", name="校验并预览").click()
    expect(page.locator("h1")).to_contain_text("导入预览")
    expect(page.locator("#preview-counts .count-new-studios")).to_have_text("1")
    expect(page.locator("#preview-counts .count-new-titles")).to_have_text("2")
    expect(page.locator("#preview-new-titles")).to_contain_text("浙-2020-11")
    assert not Studio.objects.filter(name="公交一号劳模创新工作室").exists()  # nothing saved before "apply"
    page.locator("#apply").click()
    expect(page.locator(".alert-success")).to_contain_text("新增 1 个")
    studio = Studio.objects.get(name="公交一号劳模创新工作室")
    page.goto(f"{live_server.url}/studios/{studio.pk}/")
    expect(page.get_by_text(re.compile("浙-2020-11")).first).to_be_visible()
    assert studio.namings.count() == 2
