"""培养一个、成熟一个、命名一个: a studio becomes 成熟 only with all seven conditions met; every move is logged."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from studios import workflow
from studios.models import Studio, TransitionLog
from studios.services.studio import mature_if_complete
from tests.factories import StudioFactory, lead

from .helpers import complete_identity_site_rules, complete_ledgers

pytestmark = pytest.mark.django_db


@pytest.fixture
def studio(tree):
    return StudioFactory(host_union=tree.a1)


def test_mature_is_refused_with_the_list_of_what_is_missing(studio, tree):
    complete_identity_site_rules(studio, tree.a1_staff)
    with translation.override("zh-hans"), pytest.raises(workflow.TransitionError) as refused:
        workflow.transition(studio, "mature", by=tree.a1_staff)
    message = " ".join(refused.value.messages)
    assert "培养一个、成熟一个、命名一个" in message
    assert "有成员" in message and "有经费" in message and "有台帐" in message and "有成果" in message
    assert "有标识" not in message
    studio.refresh_from_db()
    assert studio.stage == Studio.Stage.CULTIVATING
    assert not TransitionLog.objects.exists()


def test_mature_is_allowed_when_all_seven_are_met_and_the_move_is_logged(studio, tree):
    complete_identity_site_rules(studio, tree.a1_staff)
    complete_ledgers(studio, tree.a1_staff)
    moved = workflow.transition(studio, "mature", by=tree.a1_staff, comment="七有齐全")
    assert moved.stage == Studio.Stage.MATURE
    log = TransitionLog.objects.get()
    assert (log.action, log.from_state, log.to_state) == ("mature", "cultivating", "mature")
    assert log.actor == tree.a1_staff and log.union == tree.a1 and log.comment == "七有齐全"


def test_back_to_cultivating_needs_a_reason_and_is_logged(studio, tree):
    complete_identity_site_rules(studio, tree.a1_staff)
    complete_ledgers(studio, tree.a1_staff)
    workflow.transition(studio, "mature", by=tree.a1_staff)
    with pytest.raises(workflow.TransitionError):
        workflow.transition(studio, "back_to_cultivating", by=tree.a1_staff)
    workflow.transition(studio, "back_to_cultivating", by=tree.a1_staff, comment="成员调离，不足 3 人")
    studio.refresh_from_db()
    assert studio.stage == Studio.Stage.CULTIVATING
    assert list(TransitionLog.objects.values_list("action", flat=True)) == ["mature", "back_to_cultivating"]


def test_only_staff_of_the_host_union_may_declare_a_studio_mature(studio, tree):
    complete_identity_site_rules(studio, tree.a1_staff)
    complete_ledgers(studio, tree.a1_staff)
    for outsider in (tree.a2_staff, tree.a_reviewer, lead(studio, "lead_x")):
        assert workflow.available(studio, outsider) == []
        with pytest.raises(PermissionDenied):
            workflow.transition(studio, "mature", by=outsider)
    assert not TransitionLog.objects.exists()


def test_mature_if_complete_moves_only_complete_cultivating_studios(tree):
    complete = StudioFactory(host_union=tree.a1)
    incomplete = StudioFactory(host_union=tree.a1)
    complete_identity_site_rules(complete, tree.a1_staff)
    complete_ledgers(complete, tree.a1_staff)
    assert mature_if_complete(complete, by=tree.a1_staff).stage == Studio.Stage.MATURE
    assert mature_if_complete(incomplete, by=tree.a1_staff).stage == Studio.Stage.CULTIVATING
    assert TransitionLog.objects.count() == 1


def test_the_page_button_declares_mature_and_the_timeline_shows_it(client, studio, tree):
    complete_identity_site_rules(studio, tree.a1_staff)
    complete_ledgers(studio, tree.a1_staff)
    client.force_login(tree.a1_staff)
    page = client.get(f"/studios/{studio.pk}/").content.decode()
    assert "认定为成熟" in page
    response = client.post(f"/studios/{studio.pk}/move/mature/", follow=True)
    page = response.content.decode()
    assert "培育中 → 成熟" in page
    studio.refresh_from_db()
    assert studio.stage == Studio.Stage.MATURE


def test_the_page_button_on_an_incomplete_studio_says_what_is_missing(client, studio, tree):
    client.force_login(tree.a1_staff)
    response = client.post(f"/studios/{studio.pk}/move/mature/", follow=True)
    assert "还缺：" in response.content.decode()
    studio.refresh_from_db()
    assert studio.stage == Studio.Stage.CULTIVATING


def test_a_reviewer_cannot_move_a_studio_through_the_page(client, studio, tree):
    client.force_login(tree.a_reviewer)
    assert client.post(f"/studios/{studio.pk}/move/mature/").status_code == 403
    client.force_login(tree.b_reviewer)
    assert client.post(f"/studios/{studio.pk}/move/mature/").status_code == 404
