"""The exemplary tier (示范性): a campaign's own quota, marked by the decision meeting, recorded on the title
and shown wherever the title is shown in words."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ledgers import statistics
from studios import workflow
from studios.documents.certificate import certificate_data
from studios.documents.notices import decision_data
from studios.models import Application, MeetingDecision, Naming, NamingTier
from studios.services import experts, naming, publicity
from tests.studios.helpers import run_out

from .conftest import at_experts
from .test_experts_and_naming import scored

D = MeetingDecision.Decision
APPROVE = (D.APPROVE, None, None, None)


def with_quota(path, places):
    path.campaign.exemplary_quota = places
    path.campaign.save(update_fields=["exemplary_quota"])
    return path.campaign


def candidates(path, *studios):
    apps = []
    for i, studio in enumerate(studios):
        app = at_experts(path.campaign, studio, path)
        scored(path, app, f"t_tier_{i}")
        apps.append(app)
    return apps


def meet(path, outcomes, exemplary=()):
    return experts.record_meeting(
        campaign=path.campaign,
        by=path.prov_head,
        held_on=timezone.localdate(),
        attendees="陈丽华、王志强",
        outcomes=outcomes,
        exemplary=exemplary,
    )


def published_and_run(path, apps):
    """The applications on a 公示 from today, which has then run its course."""
    run_out(
        publicity.publish(
            campaign=path.campaign, applications=apps, starts_on=timezone.localdate(), by=path.prov_head
        )
    )


def name_them(path, apps):
    published_and_run(path, apps)
    named, waiting = naming.name_all(campaign=path.campaign, by=path.prov_head)
    assert waiting == []
    return {n.studio_id: n for n in Naming.objects.all()}


def test_the_meeting_marks_the_exemplary_tier_and_the_title_records_it(path):
    with_quota(path, 1)
    first, second = candidates(path, path.studio, path.studio_a2)
    meet(path, {first: APPROVE, second: APPROVE}, exemplary=[first])
    assert experts.exemplary_applications(path.campaign) == {first.pk}
    titles = name_them(path, [first, second])
    assert titles[path.studio.pk].tier == NamingTier.EXEMPLARY
    assert titles[path.studio_a2.pk].tier == NamingTier.ORDINARY
    assert str(titles[path.studio.pk].title_level) == "省级示范性"
    assert str(titles[path.studio_a2.pk].title_level) == "省级"


def test_more_exemplary_marks_than_the_quota_are_refused_and_nothing_is_recorded(path):
    with_quota(path, 1)
    first, second = candidates(path, path.studio, path.studio_a2)
    with pytest.raises(workflow.TransitionError, match="示范性名额共 1 个"):
        meet(path, {first: APPROVE, second: APPROVE}, exemplary=[first, second])
    assert not MeetingDecision.objects.exists()


def test_the_marks_of_an_earlier_meeting_hold_their_places(path):
    with_quota(path, 1)
    first, second = candidates(path, path.studio, path.studio_a2)
    meet(path, {first: APPROVE}, exemplary=[first])
    with pytest.raises(workflow.TransitionError, match="已占 1 个"):
        meet(path, {second: APPROVE}, exemplary=[second])
    # A later meeting deciding on the first again frees its place when it no longer marks it.
    meet(path, {first: APPROVE, second: APPROVE}, exemplary=[second])
    assert experts.exemplary_applications(path.campaign) == {second.pk}


def test_a_campaign_without_the_tier_refuses_an_exemplary_mark(path):
    (first,) = candidates(path, path.studio)
    assert path.campaign.exemplary_quota == 0
    with pytest.raises(workflow.TransitionError, match="不评示范性"):
        meet(path, {first: APPROVE}, exemplary=[first])


def test_only_an_approved_application_can_be_exemplary(path):
    with_quota(path, 2)
    (first,) = candidates(path, path.studio)
    with pytest.raises(workflow.TransitionError, match="未获会议通过"):
        meet(path, {first: (D.NOT_APPROVE, 1, 5, 0)}, exemplary=[first])


def test_the_meeting_page_offers_the_tier_and_refuses_beyond_the_quota_with_a_message(client, path):
    with_quota(path, 1)
    first, second = candidates(path, path.studio, path.studio_a2)
    client.force_login(path.prov_head)
    url = reverse("studios:campaign_meeting", args=[path.campaign.pk])
    page = client.get(url).content.decode()
    assert f'name="ex_{first.pk}"' in page and "示范性名额共 1 个" in page
    data = {
        "held_on": timezone.localdate().isoformat(),
        "attendees": "甲、乙",
        f"a_{first.pk}": "approve",
        f"a_{second.pk}": "approve",
        f"ex_{first.pk}": "on",
        f"ex_{second.pk}": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "最多还可评 1 个" in response.content.decode()
    assert not MeetingDecision.objects.exists()
    data.pop(f"ex_{second.pk}")
    data[f"a_{second.pk}"] = "not_approve"
    data[f"ex_{second.pk}"] = "on"
    response = client.post(url, data)
    assert response.status_code == 200 and "只有会议通过的申报才能评为示范性" in response.content.decode()
    data.pop(f"ex_{second.pk}")
    assert client.post(url, data).status_code == 302
    assert MeetingDecision.objects.get(application=first).exemplary
    assert not MeetingDecision.objects.get(application=second).exemplary


def test_a_campaign_without_the_tier_offers_no_mark(client, path):
    (first,) = candidates(path, path.studio)
    client.force_login(path.prov_head)
    page = client.get(reverse("studios:campaign_meeting", args=[path.campaign.pk])).content.decode()
    assert f'name="a_{first.pk}"' in page and f'name="ex_{first.pk}"' not in page


def test_the_tier_shows_on_the_documents_the_public_pages_the_statistics_and_the_list(client, path):
    with_quota(path, 1)
    first, second = candidates(path, path.studio, path.studio_a2)
    meet(path, {first: APPROVE, second: APPROVE}, exemplary=[first])
    titles = name_them(path, [first, second])
    exemplary = titles[path.studio.pk]

    data = certificate_data(exemplary, verify_url="https://example.org/v")
    assert "省级示范性劳模（职工）创新工作室" in data["body"]
    named = list(
        Application.objects.filter(campaign=path.campaign, status=Application.Status.NAMED).select_related(
            "studio__host_union", "naming", "filing_union"
        )
    )
    decision = decision_data(path.campaign, named, children=[path.company_a], day=timezone.localdate())
    assert any("其中 1 家命名为省级示范性" in line for line in decision["body"])
    rows = [row for table in decision["tables"] for row in table["rows"]]
    assert [path.studio.name, "省级示范性"] == [r for r in rows if r[1] == path.studio.name][0][1:5:3]

    page = client.get(reverse("public:verify_number", args=[exemplary.certificate_number])).content.decode()
    assert "省级示范性" in page
    listed = client.get(reverse("public:named"), {"tier": "exemplary"}).content.decode()
    assert exemplary.certificate_number in listed
    assert titles[path.studio_a2.pk].certificate_number not in listed

    figures = statistics.compute(path.province, timezone.localdate().year)
    assert dict(figures["sections"]["studio_tier"]) == {"exemplary": 1, "ordinary": 1}
    behind = statistics.studios_behind(path.province, timezone.localdate().year, "studio_tier", "exemplary")
    assert list(behind) == [exemplary.studio]

    client.force_login(path.prov_head)
    page = client.get(reverse("studios:list")).content.decode()
    assert page.count("exemplary-badge") == 1


def test_existing_titles_are_ordinary_and_the_statistics_count_no_exemplary_studio(path):
    first, second = candidates(path, path.studio, path.studio_a2)
    meet(path, {first: APPROVE, second: APPROVE})
    titles = name_them(path, [first, second])
    assert {t.tier for t in titles.values()} == {NamingTier.ORDINARY}
    figures = statistics.compute(path.province, timezone.localdate().year)
    assert dict(figures["sections"]["studio_tier"]) == {"exemplary": 0, "ordinary": 2}


def test_naming_several_studios_at_once_through_the_page(client, path):
    """The head names every studio whose 公示 has run in one click (each title its own number)."""
    first, second = candidates(path, path.studio, path.studio_a2)
    meet(path, {first: APPROVE, second: APPROVE})
    published_and_run(path, [first, second])
    client.force_login(path.prov_head)
    response = client.post(reverse("studios:name_all", args=[path.campaign.pk]))
    assert response.status_code == 302
    numbers = sorted(Naming.objects.values_list("certificate_number", flat=True))
    assert len(numbers) == 2 and len(set(numbers)) == 2
    assert set(Application.objects.values_list("status", flat=True)) == {Application.Status.NAMED}
