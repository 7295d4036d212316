"""No dead ends: the menu offers 评审任务 to experts only, a move says what it did (not "已完成。"), and
the moves that are hard to take back ask first (data-confirm, answered by static/js/app.js)."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from studios import workflow
from studios.models import NamingLevel
from studios.services import campaigns, experts
from studios.services.studio import allow_member_logging
from tests.factories import StudioFactory, UserFactory, lead

pytestmark = pytest.mark.django_db

MENU_ENTRY = reverse("studios:my_assignments")
TODAY = timezone.localdate()


def menu(client, user):
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    return page.split('id="main-nav"', 1)[1].split("</ul>", 1)[0]


def test_the_assignments_menu_entry_is_for_experts_only(client, tree):
    studio = StudioFactory(host_union=tree.a1)
    a_lead = lead(studio, "t_menu_lead")
    expert = UserFactory(username="t_menu_expert")
    experts.add_expert(
        organiser=tree.province,
        username=expert.username,
        full_name="专家",
        email="",
        field="能源",
        unit="大学",
    )
    assert MENU_ENTRY not in menu(client, a_lead)
    assert MENU_ENTRY in menu(client, expert)
    assert MENU_ENTRY not in menu(client, tree.a1_staff)


@pytest.fixture
def open_campaign(tree):
    campaign = campaigns.create_campaign(
        organiser=tree.province,
        by=tree.prov_head,
        title="测试评选",
        year=TODAY.year,
        naming_level=NamingLevel.PROVINCIAL,
        opens_on=TODAY - datetime.timedelta(days=1),
        closes_on=TODAY + datetime.timedelta(days=30),
    )
    return workflow.transition(campaign, "open", by=tree.prov_head)


def test_a_move_says_which_move_was_made_and_the_state_it_left(client, tree, open_campaign):
    client.force_login(tree.prov_head)
    page = client.get(reverse("studios:campaign_detail", args=[open_campaign.pk])).content.decode()
    close = next(f for f in page.split("<form")[1:] if "/close/" in f.split(">", 1)[0])
    assert "data-confirm=" in close.split(">", 1)[0]  # asked first
    response = client.post(reverse("studios:campaign_move", args=[open_campaign.pk, "close"]), follow=True)
    page = response.content.decode()
    assert "已完成。" not in page
    assert "已完成，当前状态：" in page


def test_revoking_a_logger_and_unassigning_an_expert_ask_first(client, tree):
    studio = StudioFactory(host_union=tree.a1)
    allow_member_logging(studio=studio, user=UserFactory(username="t_dead_logger"))
    client.force_login(tree.a1_staff)
    page = client.get(reverse("studios:detail", args=[studio.pk])).content.decode()
    revoke = [f for f in page.split("<form")[1:] if "/revoke/" in f.split(">", 1)[0]]
    assert revoke and all("data-confirm=" in f.split(">", 1)[0] for f in revoke)
    template = (settings.BASE_DIR / "templates/studios/workflow/campaign_experts.html").read_text()
    unassign = template.split("studios:expert_unassign", 1)[1].split(">", 1)[0]
    assert "data-confirm=" in unassign


def test_everyone_shown_the_meetings_link_to_the_public_notice_may_open_it():
    """The meeting page links to the 公示 page ("前往公示 →"): whoever may open the one may open the other
    (the matrix holds who may open each, and tests/security/test_url_matrix.py holds the pages to it)."""
    from tests.security.matrix import MATRIX

    assert MATRIX["studios:campaign_meeting"].allow <= MATRIX["studios:campaign_publicity"].allow
