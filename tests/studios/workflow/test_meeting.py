"""The decision meeting: who attended, the decision per application and the vote; only the approved go to 公示."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from studios import workflow
from studios.models import Application, MeetingDecision
from studios.services import experts, publicity

from .conftest import at_experts, mature_studio
from .test_experts_and_naming import scored

S = Application.Status
D = MeetingDecision.Decision


def two_scored(path):
    first = at_experts(path.campaign, path.studio, path)
    second = at_experts(path.campaign, path.studio_a2, path)
    scored(path, first, "t_m1")
    scored(path, second, "t_m2")
    return first, second


def meet(path, outcomes, held_on=None):
    return experts.record_meeting(
        campaign=path.campaign,
        by=path.prov_head,
        held_on=held_on or timezone.localdate(),
        attendees="陈丽华、王志强",
        outcomes=outcomes,
    )


def publish(path, apps):
    return publicity.publish(
        campaign=path.campaign, applications=apps, starts_on=timezone.localdate(), by=path.prov_head
    )


def test_only_approved_applications_are_offered_to_publicity(path):
    first, second = two_scored(path)
    meet(path, {first: (D.APPROVE, 7, 0, 0), second: (D.NOT_APPROVE, 2, 5, 0)})
    assert list(experts.approved_applications(path.campaign)) == [first]


def test_an_application_not_approved_cannot_go_to_publicity(path):
    first, second = two_scored(path)
    meet(path, {first: (D.APPROVE, None, None, None), second: (D.NOT_APPROVE, 2, 5, 0)})
    with pytest.raises(workflow.TransitionError, match=path.studio_a2.name):
        publish(path, [second])
    assert Application.objects.get(pk=second.pk).status == S.EXPERT_REVIEW
    publish(path, [first])
    assert Application.objects.get(pk=first.pk).status == S.PUBLICITY


def test_an_application_the_meeting_did_not_decide_on_cannot_go_to_publicity(path):
    first, second = two_scored(path)
    meet(path, {first: (D.APPROVE, None, None, None)})
    with pytest.raises(workflow.TransitionError):
        publish(path, [second])


def test_a_later_meeting_decides(path):
    first, _second = two_scored(path)
    today = timezone.localdate()
    meet(path, {first: (D.NOT_APPROVE, 1, 6, 0)}, held_on=today - datetime.timedelta(days=2))
    assert not experts.approved_applications(path.campaign).exists()
    meet(path, {first: (D.APPROVE, 6, 1, 0)}, held_on=today)
    assert list(experts.approved_applications(path.campaign)) == [first]


def test_the_meeting_page_records_attendees_decisions_and_votes(client, path):
    first, second = two_scored(path)
    client.force_login(path.prov_head)
    url = reverse("studios:campaign_meeting", args=[path.campaign.pk])
    page = client.get(url).content.decode()
    assert f'name="a_{first.pk}"' in page and f'name="for_{second.pk}"' in page
    client.post(
        url,
        {
            "held_on": timezone.localdate().isoformat(),
            "attendees": "陈丽华、王志强、周建国",
            f"a_{first.pk}": "approve",
            f"for_{first.pk}": "3",
            f"against_{first.pk}": "0",
            f"abstain_{first.pk}": "0",
            f"a_{second.pk}": "not_approve",
        },
    )
    decision = MeetingDecision.objects.get(application=first)
    assert (decision.decision, decision.votes_for, decision.votes_against) == (D.APPROVE, 3, 0)
    assert decision.meeting.attendees == "陈丽华、王志强、周建国"
    page = client.get(url).content.decode()
    assert "赞成 3" in page
    assert list(experts.approved_applications(path.campaign)) == [first]


def test_a_vote_without_a_decision_is_refused_beside_the_field(client, path):
    first, _second = two_scored(path)
    client.force_login(path.prov_head)
    url = reverse("studios:campaign_meeting", args=[path.campaign.pk])
    page = client.post(
        url, {"held_on": timezone.localdate().isoformat(), "attendees": "甲", f"for_{first.pk}": "3"}
    )
    assert page.status_code == 200
    assert "请记录表决结果" in page.content.decode()
    assert not MeetingDecision.objects.exists()


def test_the_publicity_page_offers_only_what_the_meeting_approved(client, path):
    path.campaign.quotas.filter(union=path.company_a).update(places=3)
    first, second = two_scored(path)
    third = at_experts(path.campaign, mature_studio(path.a1, name="甲一第三工作室"), path)  # undecided
    meet(path, {first: (D.APPROVE, 7, 0, 0), second: (D.NOT_APPROVE, 2, 5, 0)})
    client.force_login(path.prov_head)
    url = reverse("studios:campaign_publicity", args=[path.campaign.pk])
    page = client.get(url)
    offered = list(page.context["form"].fields["applications"].queryset)
    assert offered == [first]
    text = page.content.decode()
    assert f'value="{first.pk}"' in text
    assert f'value="{second.pk}"' not in text and f'value="{third.pk}"' not in text
    # Posting what was not approved is refused beside the field and publishes nothing.
    refused = client.post(
        url,
        {
            "applications": [second.pk],
            "starts_on": timezone.localdate().isoformat(),
            "text": "公示",
            "contact_person": "王",
            "contact_phone": "0571-88888888",
        },
    )
    assert refused.status_code == 200 and refused.context["form"].errors["applications"]
    assert Application.objects.get(pk=second.pk).status == S.EXPERT_REVIEW
