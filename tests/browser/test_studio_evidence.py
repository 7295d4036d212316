"""Grassroots staff register a studio on a phone-sized screen and prove a rule with a PDF."""

import pytest
from playwright.sync_api import expect

from tests.studios.helpers import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_register_a_studio_and_upload_a_rule_document(live_server, page, login_as, tree, tmp_path):
    login_as(tree.a1_staff)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/studios/new/")
    page.locator("#id_name").fill("赵刚劳模创新工作室")
    page.locator("#id_kind").select_option("technical")
    page.locator("#id_founded_on").fill("2024-03-01")
    page.locator("#id_person_name").fill("赵刚")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="赵刚劳模创新工作室")).to_be_visible()
    expect(page.locator("#criterion-rules")).to_contain_text("还缺：组织机构制度")
    expect(page.locator("#criterion-rules")).to_contain_text("内部管理制度")

    page.locator("#criterion-rules").get_by_role("link", name="佐证").click()
    rule_kind = page.locator("#div_id_rule_kind")
    page.locator("#id_kind").select_option("photo")
    expect(rule_kind).to_be_hidden()
    page.locator("#id_kind").select_option("rule_document")
    expect(rule_kind).to_be_visible()
    page.locator("#id_rule_kind").select_option("internal_management")
    document = tmp_path / "内部管理制度.pdf"
    document.write_bytes(pdf_bytes())
    page.locator("#id_file").set_input_files(str(document))
    page.get_by_role("button", name="上传").click()
    expect(page.get_by_text("文件已上传。")).to_be_visible()
    expect(page.get_by_role("link", name="内部管理制度.pdf")).to_be_visible()
    missing = page.locator("p.text-danger")
    expect(missing).to_contain_text("还缺：组织机构制度")
    expect(missing).not_to_contain_text("内部管理制度")
