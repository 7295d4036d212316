"""The review path's pages, as each role sees them (status codes and what is on the page)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from studios.models import Application, Campaign, Review
from studios.services import experts

from .conftest import at_experts, expert, filed, statements


def get(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(name, args=args), params)


def test_grassroots_staff_sees_their_applications_with_the_next_step(client, path):
    filed(path.campaign, path.studio, path.a1_staff)
    page = get(client, path.a1_staff, "studios:my_applications")
    text = page.content.decode()
    assert page.status_code == 200
    assert "甲一劳模创新工作室" in text
    assert "待 甲集团公司工会 审核" in text


def test_filing_choice_shows_each_unmet_eligibility_rule(client, path):
    path.studio.stage = "cultivating"
    path.studio.save()
    page = get(client, path.a1_staff, "studios:file_choose", path.campaign.pk)
    assert page.status_code == 200
    assert "成熟" in page.content.decode()


def test_filing_form_saves_a_draft_then_submit_moves_it_to_the_company(client, path):
    from .conftest import plan_upload

    client.force_login(path.a1_staff)
    upload, _info = plan_upload()
    data = {f"s_{code}": text for code, text in statements(path.campaign).items()}
    data["plan"] = upload
    response = client.post(reverse("studios:file_form", args=[path.campaign.pk, path.studio.pk]), data)
    app = Application.objects.get(studio=path.studio)
    assert response.status_code == 302
    assert app.status == Application.Status.DRAFT
    client.post(reverse("studios:application_move", args=[app.pk, "submit"]))
    app.refresh_from_db()
    assert app.status == Application.Status.SUBMITTED
    assert app.current_union == path.company_a


def test_filing_form_without_a_plan_can_be_saved_but_not_submitted(client, path):
    client.force_login(path.a1_staff)
    data = {f"s_{code}": text for code, text in statements(path.campaign).items()}
    client.post(reverse("studios:file_form", args=[path.campaign.pk, path.studio.pk]), data)
    app = Application.objects.get(studio=path.studio)
    response = client.post(reverse("studios:application_move", args=[app.pk, "submit"]), follow=True)
    assert "活动实施方案" in response.content.decode()
    app.refresh_from_db()
    assert app.status == Application.Status.DRAFT


def test_company_reviewer_records_a_review_from_the_form(client, path):
    app = filed(path.campaign, path.studio, path.a1_staff)
    client.force_login(path.a_reviewer)
    page = client.get(reverse("studios:application_review", args=[app.pk]))
    assert page.status_code == 200
    data = {"decision": "return", "score": 60, "reason": "请补充成果佐证"}
    for c in path.campaign.criteria_set.criteria.all():
        data[f"v_{c.pk}"] = "basic"
    response = client.post(reverse("studios:application_review", args=[app.pk]), data)
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == Application.Status.RETURNED
    edit = get(client, path.a1_staff, "studios:application_edit", app.pk)
    assert "请补充成果佐证" in edit.content.decode()


def test_review_form_redisplays_with_errors_when_a_verdict_is_missing(client, path):
    app = filed(path.campaign, path.studio, path.a1_staff)
    client.force_login(path.a_reviewer)
    response = client.post(
        reverse("studios:application_review", args=[app.pk]), {"decision": "reject", "score": 200}
    )
    assert response.status_code == 200
    assert Review.objects.count() == 0


def test_pages_of_every_role_render(client, path):
    app = at_experts(path.campaign, path.studio, path)
    e = expert(path.province, "t_expert_pages")
    assignment = experts.assign_expert(application=app, expert=e, by=path.prov_head)
    experts.declare_no_conflict(assignment=assignment, by=e.user)
    for user, name, args in [
        (path.a_reviewer, "studios:inbox", [path.campaign.pk]),
        (path.a_reviewer, "studios:ranking", [path.campaign.pk]),
        (path.prov_head, "studios:campaign_detail", [path.campaign.pk]),
        (path.prov_head, "studios:campaign_experts", [path.campaign.pk]),
        (path.prov_head, "studios:campaign_scores", [path.campaign.pk]),
        (path.prov_head, "studios:campaign_meeting", [path.campaign.pk]),
        (path.prov_head, "studios:campaign_publicity", [path.campaign.pk]),
        (path.prov_head, "studios:campaign_quotas", [path.campaign.pk]),
        (path.prov_head, "studios:campaign_dimensions", [path.campaign.pk]),
        (path.prov_head, "studios:campaign_edit", [path.campaign.pk]),
        (path.prov_head, "studios:campaign_list", []),
        (path.prov_head, "studios:campaign_create", []),
        (path.prov_head, "studios:application_detail", [app.pk]),
        (e.user, "studios:my_assignments", []),
        (e.user, "studios:application_assess", [app.pk]),
        (e.user, "studios:application_detail", [app.pk]),
        (path.a1_staff, "home", []),
        (path.a_reviewer, "home", []),
        (path.prov_head, "home", []),
        (e.user, "home", []),
    ]:
        assert get(client, user, name, *args).status_code == 200, (user, name)


def test_the_provincial_head_creates_a_campaign_sets_quotas_and_opens_it(client, path):
    client.force_login(path.prov_head)
    today = timezone.localdate()
    response = client.post(
        reverse("studios:campaign_create"),
        {
            "organiser": path.province.pk,
            "title": "第二批省级评选",
            "year": today.year,
            "naming_level": "provincial",
            "criteria_set": path.campaign.criteria_set.pk,
            "opens_on": today.isoformat(),
            "closes_on": (today + datetime.timedelta(days=20)).isoformat(),
            "require_mature": "on",
            "min_years_running": 3,
            "publicity_working_days": 7,
        },
    )
    campaign = Campaign.objects.get(title="第二批省级评选")
    assert response.status_code == 302
    assert (campaign.status, campaign.certificate_prefix, campaign.dimensions.count()) == ("draft", "省", 5)
    client.post(
        reverse("studios:campaign_quotas", args=[campaign.pk]),
        {f"u{path.company_a.pk}": 4, f"u{path.company_b.pk}": ""},
    )
    assert dict(campaign.quotas.values_list("union__code", "places")) == {"co-a": 4}
    client.post(reverse("studios:campaign_move", args=[campaign.pk, "open"]))
    campaign.refresh_from_db()
    assert campaign.status == "open"
    page = get(client, path.a1_staff, "studios:campaign_detail", campaign.pk).content.decode()
    assert "第二批省级评选" in page and 'id="file-application"' in page


def test_a_campaign_form_with_dates_the_wrong_way_round_says_so(client, path):
    client.force_login(path.prov_admin)
    response = client.post(
        reverse("studios:campaign_create"),
        {
            "organiser": path.province.pk,
            "title": "错",
            "year": 2026,
            "naming_level": "provincial",
            "criteria_set": path.campaign.criteria_set.pk,
            "opens_on": "2026-12-01",
            "closes_on": "2026-11-01",
            "publicity_working_days": 5,
        },
    )
    assert response.status_code == 200
    assert "截止日期早于开始日期" in response.content.decode()
    assert not Campaign.objects.filter(title="错").exists()


def test_a_company_reviewer_cannot_create_a_campaign(client, path):
    assert get(client, path.a_reviewer, "studios:campaign_create").status_code == 404


def test_the_overview_counts_applications_per_state_and_per_child_union(client, path):
    filed(path.campaign, path.studio, path.a1_staff)
    filed(path.campaign, path.studio_b, path.b1_staff)
    page = get(client, path.prov_head, "studios:campaign_detail", path.campaign.pk).content.decode()
    by_union = page[page.index('id="counts-by-union"') :]
    assert "甲集团公司工会</td><td>1</td>" in by_union and "乙集团公司工会</td><td>1</td>" in by_union
    assert "0 / 2" in by_union
