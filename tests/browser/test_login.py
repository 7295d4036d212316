"""A person logs in with a demo account, sees the Chinese home page and logs out."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from unions.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_account_logs_in_sees_chinese_home_and_logs_out(live_server, page):
    call_command("seed_demo", stdout=io.StringIO())
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    page.get_by_label("用户名").fill("co_reviewer")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="您好，孙晓明")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    page.get_by_role("link", name="工会组织树").first.click()
    expect(page.get_by_role("link", name="浙江省能源集团有限公司工会")).to_be_visible()
    expect(page.get_by_role("link", name="浙能兰溪发电有限责任公司工会")).to_be_visible()
    expect(page.get_by_text("杭州市总工会")).to_have_count(0)
    page.locator("#user-menu").click()
    page.locator("#logout-button").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")


def test_phone_sized_screen_shows_the_menu_behind_a_toggle(live_server, page, login_as):
    call_command("seed_demo", stdout=io.StringIO())
    from django.contrib.auth import get_user_model

    login_as(get_user_model().objects.get(username="gr_staff"))
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/")
    toggler = page.locator(".navbar-toggler")
    expect(toggler).to_be_visible()
    toggler.click()
    expect(page.get_by_role("link", name="工会组织树").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
