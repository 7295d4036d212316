"""Every main page fits a phone screen (360 × 740): nothing wider than the viewport, no table wider than
the screen (lists are cards below 576 px), and every tap target at least 24 × 24 px (WCAG 2.2, 2.5.8)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from ledgers.models import Alliance
from studios.models import Campaign, Studio

from .phone import MIN_TARGET, PHONE, phone_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
            reverse("ledgers:list", kwargs={"studio_pk": studio.pk, "ledger": "activities"}),
            reverse("ledgers:list", kwargs={"studio_pk": studio.pk, "ledger": "members"}),
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
            reverse("ledgers:grants"),
            reverse("ledgers:grant_batch_create"),
            reverse("ledgers:earmark"),
            reverse("ledgers:alliances"),
            reverse("ledgers:alliance_detail", args=[Alliance.objects.order_by("pk").first().pk]),
            reverse("ledgers:alliance_new"),
        ],
    }
    page.set_viewport_size(PHONE)
    problems = []
    for username, urls in pages.items():
        page.context.clear_cookies()
        login_as(User.objects.get(username=username))
        for url in urls:
            page.goto(f"{live_server.url}{url}")
            expect(page.locator("main")).to_be_visible()
            problems += [f"{username} {url}: {p}" for p in phone_problems(page)]
    assert not problems, "\n".join(problems)


def test_the_lead_s_main_action_is_on_the_first_screen_of_the_studio_page(live_server, page, login_as):
    """A lead opens the studio page on a phone to log what happened: 记一笔活动 is within the first
    screen (360 × 740), above the checklist, not below the fold after the seven criteria."""
    call_command("seed_demo", "--quiet", stdout=io.StringIO())
    lead_account = get_user_model().objects.get(username="studio_lead")
    studio = Studio.objects.get(person_name="王海峰")
    page.set_viewport_size(PHONE)
    login_as(lead_account)
    page.goto(f"{live_server.url}{reverse('studios:detail', args=[studio.pk])}")
    action = page.locator("#studio-actions a").first
    expect(action).to_be_visible()
    expect(action).to_have_attribute("href", reverse("ledgers:add", args=[studio.pk, "activities"]))
    expect(action).to_have_text("记一笔活动")
    box = action.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    assert box["height"] >= MIN_TARGET and box["width"] >= MIN_TARGET
    checklist = page.locator("#checklist").bounding_box()
    assert box["y"] < checklist["y"]  # before the criteria, not after them
