"""Every move of the application path, allowed and refused, and what each leaves behind."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from studios import workflow
from studios.models import Application, Campaign, Honour, Naming, NamingLevel, Review, Studio, TransitionLog
from studios.models.review import Decision
from studios.services import applications as filing
from studios.services import campaigns
from tests.factories import make_union, member
from unions.models import Notice, Role, Union

from .conftest import at_experts, draft, filed, mature_studio, review

S = Application.Status


def logs(obj):
    return list(workflow.history(obj).values_list("action", flat=True))


# --- submit -------------------------------------------------------------------------


def test_grassroots_staff_submits_and_the_company_reviewers_are_notified(
    path, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        app = filed(path.campaign, path.studio, path.a1_staff)
    assert app.status == S.SUBMITTED
    assert app.current_union == path.company_a
    assert app.round == 1
    log = workflow.history(app).get()
    assert (log.actor, log.union, log.from_state, log.to_state) == (
        path.a1_staff,
        path.a1,
        "draft",
        "submitted",
    )
    assert set(Notice.objects.values_list("user__username", flat=True)) == {"t_a_reviewer", "t_a_head"}
    assert sorted(m.to[0] for m in mailoutbox) == ["t_a_head@example.cn", "t_a_reviewer@example.cn"]


def test_a_reviewer_cannot_submit_for_the_grassroots_union(path):
    app = draft(path.campaign, path.studio, path.a1_staff)
    with pytest.raises(PermissionDenied):
        workflow.transition(app, "submit", by=path.a_reviewer)


def test_staff_of_a_sibling_union_cannot_submit(path):
    app = draft(path.campaign, path.studio, path.a1_staff)
    with pytest.raises(PermissionDenied):
        workflow.transition(app, "submit", by=path.a2_staff)


def test_no_submission_after_the_closing_date(path):
    app = draft(path.campaign, path.studio, path.a1_staff)
    Campaign.objects.filter(pk=path.campaign.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(workflow.TransitionError, match="截止"):
        workflow.transition(app, "submit", by=path.a1_staff)


def test_a_closed_campaign_takes_no_new_draft(path):
    workflow.transition(path.campaign, "close", by=path.prov_head)
    with pytest.raises(workflow.TransitionError):
        draft(Campaign.objects.get(pk=path.campaign.pk), path.studio, path.a1_staff)


def test_a_cultivating_studio_is_not_eligible(path):
    app = draft(path.campaign, path.studio, path.a1_staff)
    Studio.objects.filter(pk=path.studio.pk).update(stage=Studio.Stage.CULTIVATING)
    with pytest.raises(workflow.TransitionError, match="成熟"):
        workflow.transition(app, "submit", by=path.a1_staff)


def test_each_eligibility_rule_says_what_is_unmet(path):
    campaign = path.campaign
    campaign.min_years_running = 3
    campaign.min_honour = Honour.PROVINCIAL_MODEL
    campaign.require_named_at_level = NamingLevel.COMPANY
    young = mature_studio(path.a1, founded_on=timezone.localdate() - datetime.timedelta(days=400))
    unmet = filing.eligibility(campaign, young)
    assert len(unmet) == 3
    assert "3" in unmet[0]
    young.person_honours = [Honour.NATIONAL_MODEL]
    young.founded_on = datetime.date(2015, 1, 1)
    Naming.objects.create(
        studio=young,
        level=NamingLevel.COMPANY,
        year=2024,
        certificate_number="企-2024-0001",
        named_by=path.company_a,
        named_on=datetime.date(2024, 5, 1),
    )
    assert filing.eligibility(campaign, young) == []


def test_switched_off_rules_are_not_checked(path):
    path.campaign.require_mature = False
    cultivating = mature_studio(path.a1, stage=Studio.Stage.CULTIVATING)
    assert filing.eligibility(path.campaign, cultivating) == []


def test_one_open_application_per_studio_and_campaign(path):
    draft(path.campaign, path.studio, path.a1_staff)
    with pytest.raises(workflow.TransitionError, match="已有"):
        draft(path.campaign, path.studio, path.a1_staff)


def test_a_withdrawn_application_frees_the_studio(path):
    app = filed(path.campaign, path.studio, path.a1_staff)
    workflow.transition(app, "withdraw", by=path.a1_staff)
    assert draft(path.campaign, path.studio, path.a1_staff).status == S.DRAFT


def test_submission_needs_a_statement_for_every_criterion(path):
    app = draft(path.campaign, path.studio, path.a1_staff)
    Application.objects.filter(pk=app.pk).update(statements={})
    with pytest.raises(workflow.TransitionError, match="说明"):
        workflow.transition(app, "submit", by=path.a1_staff)


# --- review at the company --------------------------------------------------------------


def test_company_reviewer_recommends_with_a_rank(path):
    app = review(filed(path.campaign, path.studio, path.a1_staff), path.a_reviewer)
    assert app.status == S.RECOMMENDED
    assert app.current_union == path.company_a
    r = Review.objects.get()
    assert (r.union, r.decision, r.rank, r.verdicts.count()) == (path.company_a, Decision.RECOMMEND, 1, 7)
    assert workflow.history(app).last().union == path.company_a


def test_the_province_cannot_review_on_behalf_of_the_company(path):
    app = filed(path.campaign, path.studio, path.a1_staff)
    with pytest.raises(PermissionDenied):
        review(app, path.prov_reviewer)


def test_a_sibling_company_cannot_review(path):
    app = filed(path.campaign, path.studio, path.a1_staff)
    with pytest.raises(PermissionDenied):
        review(app, path.b_reviewer)


def test_an_administrator_is_not_a_reviewer(path):
    app = filed(path.campaign, path.studio, path.a1_staff)
    with pytest.raises(PermissionDenied):
        review(app, path.a_admin)


def test_a_draft_cannot_be_recommended(path):
    app = draft(path.campaign, path.studio, path.a1_staff)
    with pytest.raises(workflow.TransitionError):
        review(app, path.a_reviewer)


def test_recommending_over_the_quota_is_refused(path):
    path.campaign.quotas.filter(union=path.company_a).update(places=1)
    review(filed(path.campaign, path.studio, path.a1_staff), path.a_reviewer)
    second = filed(path.campaign, path.studio_a2, path.a2_staff)
    with pytest.raises(workflow.TransitionError, match="名额"):
        review(second, path.a_reviewer)
    assert Application.objects.get(pk=second.pk).status == S.SUBMITTED


def test_places_sent_up_still_count_against_the_quota(path):
    path.campaign.quotas.filter(union=path.company_a).update(places=1)
    at_experts(path.campaign, path.studio, path)
    assert filing.quota_used(path.campaign, path.company_a) == 1
    with pytest.raises(workflow.TransitionError):
        review(filed(path.campaign, path.studio_a2, path.a2_staff), path.a_reviewer)


def test_return_needs_a_reason_and_goes_back_to_the_filer(path, django_capture_on_commit_callbacks):
    app = filed(path.campaign, path.studio, path.a1_staff)
    with pytest.raises(workflow.TransitionError):
        workflow.transition(app, "return", by=path.a_reviewer, score=50, verdicts={})
    with django_capture_on_commit_callbacks(execute=True):
        app = review(app, path.a_reviewer, Decision.RETURN, reason="补充经费台帐")
    assert (app.status, app.current_union) == (S.RETURNED, path.a1)
    assert Notice.objects.filter(user=path.a1_staff, text__contains="退回").exists()
    app = workflow.transition(app, "resubmit", by=path.a1_staff)
    assert (app.status, app.round, app.current_union) == (S.SUBMITTED, 2, path.company_a)


def test_reject_closes_the_application(path):
    app = review(
        filed(path.campaign, path.studio, path.a1_staff), path.a_reviewer, Decision.REJECT, reason="不符合"
    )
    assert app.status == S.REJECTED
    with pytest.raises(workflow.TransitionError):
        workflow.transition(app, "resubmit", by=path.a1_staff)


def test_a_recommendation_can_be_reranked_until_sent_then_it_is_frozen(path):
    a = review(filed(path.campaign, path.studio, path.a1_staff), path.a_reviewer)
    b = review(filed(path.campaign, path.studio_a2, path.a2_staff), path.a_reviewer)
    filing.rerank(
        campaign=path.campaign,
        union=path.company_a,
        by=path.a_reviewer,
        ranking=[(a, 2, "次之"), (b, 1, "成果更突出")],
    )
    assert [x.pk for x in filing.recommendations(path.campaign, path.company_a)] == [b.pk, a.pk]
    filing.send_up(campaign=path.campaign, union=path.company_a, by=path.a_reviewer)
    assert Review.objects.filter(sent_up_at__isnull=True).count() == 0
    with pytest.raises(workflow.TransitionError):
        filing.rerank(campaign=path.campaign, union=path.company_a, by=path.a_reviewer, ranking=[(a, 1, "")])


def test_send_up_with_nothing_recommended_is_refused(path):
    with pytest.raises(workflow.TransitionError):
        filing.send_up(campaign=path.campaign, union=path.company_a, by=path.a_reviewer)


def test_only_the_company_sends_its_own_recommendations(path):
    review(filed(path.campaign, path.studio, path.a1_staff), path.a_reviewer)
    with pytest.raises(PermissionDenied):
        filing.send_up(campaign=path.campaign, union=path.company_a, by=path.prov_reviewer)


def test_a_deeper_tree_reviews_at_every_level_up_to_the_organiser(path):
    city = make_union(path.company_a, name="甲城区工会", code="co-a-city", level=Union.Level.CITY_OR_COMPANY)
    grassroots = make_union(city, name="甲城区基层工会", code="co-a-city-g")
    staff = member(grassroots, Role.STAFF, "t_city_staff")
    city_reviewer = member(city, Role.REVIEWER, "t_city_reviewer")
    app = filed(path.campaign, mature_studio(grassroots), staff)
    assert app.current_union == city
    review(app, city_reviewer)
    (app,) = filing.send_up(campaign=path.campaign, union=city, by=city_reviewer)
    assert (app.status, app.current_union) == (S.UNDER_REVIEW, path.company_a)
    with pytest.raises(PermissionDenied):
        review(app, city_reviewer)
    review(app, path.a_reviewer)
    (app,) = filing.send_up(campaign=path.campaign, union=path.company_a, by=path.a_reviewer)
    assert (app.status, app.current_union) == (S.RECEIPT, path.province)
    assert logs(app) == ["submit", "recommend", "send_up", "recommend", "send_to_experts"]


# --- failures leave no trace ------------------------------------------------------------


def test_a_refused_move_leaves_no_log_and_no_change(path):
    app = filed(path.campaign, path.studio, path.a1_staff)
    before = TransitionLog.objects.count()
    for attempt in (
        lambda: review(app, path.b_reviewer),
        lambda: workflow.transition(app, "submit", by=path.a1_staff),
        lambda: workflow.transition(app, "recommend", by=path.a_reviewer, score=101, verdicts={}),
    ):
        with pytest.raises((PermissionDenied, workflow.TransitionError)):
            attempt()
    assert TransitionLog.objects.count() == before
    assert Review.objects.count() == 0
    fresh = Application.objects.get(pk=app.pk)
    assert (fresh.status, fresh.current_union, fresh.round) == (S.SUBMITTED, path.company_a, 1)


# --- the campaign ---------------------------------------------------------------------


def test_only_the_organisers_head_or_administrator_opens_and_closes(path):
    for outsider in (path.prov_reviewer, path.a_head, path.a_admin):
        with pytest.raises(PermissionDenied):
            workflow.transition(path.campaign, "close", by=outsider)
    campaign = workflow.transition(path.campaign, "close", by=path.prov_admin)
    assert campaign.status == Campaign.Status.CLOSED
    assert logs(campaign) == ["open", "close"]


def test_a_campaign_whose_closing_date_passed_cannot_be_opened(path):
    c = campaigns.create_campaign(
        organiser=path.province,
        by=path.prov_head,
        title="旧批次",
        year=2020,
        naming_level=NamingLevel.PROVINCIAL,
        opens_on=datetime.date(2020, 1, 1),
        closes_on=datetime.date(2020, 3, 1),
    )
    with pytest.raises(workflow.TransitionError):
        workflow.transition(c, "open", by=path.prov_head)
    assert c.certificate_prefix == "省"


def test_a_studio_already_named_at_the_campaigns_level_is_not_eligible(path):
    Naming.objects.create(
        studio=path.studio,
        level=NamingLevel.PROVINCIAL,
        year=2023,
        certificate_number="省-2023-0009",
        named_by=path.province,
        named_on=datetime.date(2023, 6, 1),
    )
    assert filing.eligibility(path.campaign, path.studio) == ["该工作室已获省级命名。"]
