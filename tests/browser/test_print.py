"""Printed, a page is its content alone: no navigation bar, buttons or language switch, cards not split."""

import pytest
from django.urls import reverse

from tests.factories import StudioFactory, lead

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_studio_page_ledgers_dashboard_and_lists_print_without_navigation_or_buttons(
    live_server, page, login_as, tree
):
    studio = StudioFactory(host_union=tree.a1, name="甲一打印工作室")
    login_as(lead(studio, "t_print_lead"))
    page.emulate_media(media="print")
    urls = [
        reverse("studios:detail", args=[studio.pk]),
        reverse("ledgers:list", kwargs={"studio_pk": studio.pk, "ledger": "activities"}),
        reverse("studios:list"),
    ]
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        assert page.locator("main").is_visible()
        assert not page.locator(".app-navbar").is_visible(), url
        assert not page.locator("select[name=language]").is_visible(), url
        visible_buttons = [b for b in page.locator("main .btn").all() if b.is_visible()]
        assert not visible_buttons, url
        assert page.evaluate(
            "getComputedStyle(document.querySelector('.card') || document.body).breakInside"
        ) in ("avoid", "auto" if not page.locator(".card").count() else "avoid")
    login_as(tree.prov_head)
    page.goto(f"{live_server.url}{reverse('ledgers:dashboard')}")
    assert not page.locator(".app-navbar").is_visible()
