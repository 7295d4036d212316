"""Every main page fits a phone screen: nothing wider than the viewport except inside scrolling tables."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from studios.models import Campaign, Studio

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def overflowing(page):
    """Elements wider than the screen that are not inside a horizontally scrolling container."""
    return page.evaluate(
        """() => {
          const w = document.documentElement.clientWidth;
          const bad = [];
          for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.right > w + 1 && !el.closest('.table-responsive, .dashboard-chart, .dropdown-menu, .collapse:not(.show)')) {
              bad.push(el.tagName + (el.id ? '#' + el.id : '') + '.' + el.className);
            }
          }
          return bad.slice(0, 5);
        }"""
    )


def test_main_pages_fit_a_phone_for_each_role(live_server, page, login_as):
    call_command("seed_demo", "--quiet", stdout=io.StringIO())
    User = get_user_model()
    studio = Studio.objects.filter(host_union__code="zj-energy-power1").order_by("pk").first()
    campaign = Campaign.objects.order_by("pk").first()
    pages = {
        "gr_staff": [
            reverse("home"),
            reverse("studios:list"),
            reverse("studios:detail", args=[studio.pk]),
            reverse("studios:my_applications"),
            reverse("ledgers:list", kwargs={"studio_pk": studio.pk, "ledger": "funds"}),
        ],
        "co_reviewer": [
            reverse("unions:tree"),
            reverse("studios:inbox", args=[campaign.pk]),
            reverse("studios:ranking", args=[campaign.pk]),
            reverse("studios:packages"),
        ],
        "prov_head": [
            reverse("ledgers:dashboard"),
            reverse("ledgers:studio_search"),
            reverse("studios:campaign_detail", args=[campaign.pk]),
            reverse("studios:assessments"),
        ],
    }
    page.set_viewport_size(PHONE)
    for username, urls in pages.items():
        page.context.clear_cookies()
        login_as(User.objects.get(username=username))
        for url in urls:
            page.goto(f"{live_server.url}{url}")
            expect(page.locator("main")).to_be_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1, (
                username,
                url,
                overflowing(page),
            )
