import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from ledgers.models import Achievement
from studios import workflow
from studios.models import Assessment, AssessmentRound, Naming, NamingLevel, Studio, TransitionLog
from studios.services import assessments as services

from .helpers import achievement, activity, named_studio, spend, training

pytestmark = pytest.mark.django_db


def scores_for(studio, points=6):
    return {c.pk: points for c in studio.criteria_set.criteria.all()}


@pytest.fixture
def round_2025(tree):
    good = named_studio(tree.a1, by=tree.province, year=2023, name="甲一优秀工作室")
    idle = named_studio(tree.a2, by=tree.province, year=2024, name="甲二无成果工作室")
    named_studio(tree.b1, by=tree.company_b, level=NamingLevel.COMPANY, year=2023)  # named by another union
    activity(good, datetime.date(2025, 3, 1))
    activity(good, datetime.date(2025, 4, 1))
    activity(good, datetime.date(2024, 4, 1))  # another year
    training(good, datetime.date(2025, 5, 1), 40)
    achievement(good, datetime.date(2025, 6, 1), Achievement.Kind.PATENT, Decimal("12.50"))
    spend(good, datetime.date(2025, 7, 1), Decimal("3000"))
    activity(idle, datetime.date(2025, 3, 1))
    round_ = services.open_round(union=tree.province, year=2025, by=tree.prov_head)
    return round_, round_.assessments.get(studio=good), round_.assessments.get(studio=idle)


def test_a_round_assesses_the_studios_the_union_named_with_their_year_summarised(tree, round_2025):
    round_, good, idle = round_2025
    assert round_.assessments.count() == 2
    assert (good.activities, good.training_headcount, good.achievements, good.patents) == (2, 40, 1, 1)
    assert good.economic_benefit == Decimal("12.50") and good.funds_used == Decimal("3000")
    assert good.has_results and not idle.has_results


def test_self_assessment_score_and_keep_the_title(tree, round_2025):
    round_, good, _idle = round_2025
    services.self_assess(assessment=good, by=tree.a1_staff, text="全年开展攻关 2 次")
    good = services.score(
        assessment=good, by=tree.prov_reviewer, scores=scores_for(good.studio), result="excellent"
    )
    assert good.status == Assessment.Status.SCORED and good.total_score == 42
    good = services.decide(assessment=good, by=tree.prov_head, action="keep")
    assert good.status == Assessment.Status.PASSED
    assert Studio.objects.get(pk=good.studio_id).stage == Studio.Stage.NAMED
    actions = [log.action for log in workflow.history(good)]
    assert actions == ["self_assess", "score", "keep"]


def test_a_studio_without_results_cannot_simply_keep_its_title(tree, round_2025):
    _round, _good, idle = round_2025
    idle = services.score(
        assessment=idle, by=tree.prov_reviewer, scores=scores_for(idle.studio), result="pass"
    )
    with pytest.raises(workflow.TransitionError):
        services.decide(assessment=idle, by=tree.prov_head, action="keep")
    assert Assessment.objects.get(pk=idle.pk).status == Assessment.Status.SCORED


def test_revocation_keeps_the_naming_marked_and_removes_the_studio_from_the_public_list(
    client, tree, round_2025
):
    _round, _good, idle = round_2025
    idle = services.score(
        assessment=idle, by=tree.prov_reviewer, scores=scores_for(idle.studio, 2), result="fail"
    )
    services.decide(assessment=idle, by=tree.prov_head, action="revoke", comment="全年无成果，考核不合格")
    naming = Naming.objects.get(studio=idle.studio)
    assert naming.revoked and naming.revoked_on == timezone.localdate()
    assert naming.revoked_reason == "全年无成果，考核不合格"
    studio = Studio.objects.get(pk=idle.studio_id)
    assert studio.stage == Studio.Stage.MATURE
    logs = TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Studio), object_id=studio.pk
    )
    assert [(log.action, log.from_state, log.to_state, log.actor) for log in logs] == [
        ("revoke", "named", "mature", tree.prov_head)
    ]
    client.force_login(tree.b1_staff)  # anyone logged in reads the public list
    listing = client.get(reverse("studios:named_list")).content.decode()
    assert "甲一优秀工作室" in listing and "甲二无成果工作室" not in listing
    client.force_login(tree.a2_staff)
    page = client.get(reverse("studios:detail", args=[studio.pk])).content.decode()
    assert naming.certificate_number in page and "全年无成果，考核不合格" in page


def test_revocation_needs_a_reason(tree, round_2025):
    _round, _good, idle = round_2025
    idle = services.score(
        assessment=idle, by=tree.prov_reviewer, scores=scores_for(idle.studio, 2), result="fail"
    )
    with pytest.raises(workflow.TransitionError):
        services.decide(assessment=idle, by=tree.prov_head, action="revoke", comment="")
    assert not Naming.objects.get(studio=idle.studio).revoked


def test_a_good_studio_cannot_be_revoked_through_the_assessment(tree, round_2025):
    _round, good, _idle = round_2025
    good = services.score(
        assessment=good, by=tree.prov_reviewer, scores=scores_for(good.studio), result="pass"
    )
    with pytest.raises(workflow.TransitionError):
        services.decide(assessment=good, by=tree.prov_head, action="revoke", comment="无理由")


def test_downgrade_marks_the_title_and_grants_the_next_lower_level(tree, round_2025):
    _round, _good, idle = round_2025
    idle = services.score(
        assessment=idle, by=tree.prov_reviewer, scores=scores_for(idle.studio, 4), result="fail"
    )
    idle = services.decide(
        assessment=idle, by=tree.prov_head, action="downgrade", comment="成果不足，降为市级"
    )
    assert idle.status == Assessment.Status.DOWNGRADED
    titles = {n.level: n for n in Naming.objects.filter(studio=idle.studio)}
    assert titles[NamingLevel.PROVINCIAL].revoked
    assert not titles[NamingLevel.CITY].revoked
    assert Studio.objects.get(pk=idle.studio_id).stage == Studio.Stage.NAMED


def test_rectification_needs_a_future_deadline_then_may_end_in_keeping_the_title(tree, round_2025):
    _round, _good, idle = round_2025
    idle = services.score(
        assessment=idle, by=tree.prov_reviewer, scores=scores_for(idle.studio, 5), result="basic_pass"
    )
    with pytest.raises(workflow.TransitionError):
        services.decide(
            assessment=idle,
            by=tree.prov_head,
            action="rectify",
            comment="补成果",
            deadline=timezone.localdate(),
        )
    deadline = timezone.localdate() + datetime.timedelta(days=90)
    idle = services.decide(
        assessment=idle, by=tree.prov_head, action="rectify", comment="补成果", deadline=deadline
    )
    assert idle.status == Assessment.Status.RECTIFYING and idle.rectify_deadline == deadline
    with pytest.raises(workflow.TransitionError):
        services.decide(assessment=idle, by=tree.prov_head, action="keep", comment="")
    idle = services.decide(assessment=idle, by=tree.prov_head, action="keep", comment="已补报专利一项")
    assert idle.status == Assessment.Status.PASSED


def test_refused_moves_leave_no_trace(tree, round_2025):
    round_, good, _idle = round_2025
    with pytest.raises(PermissionDenied):  # a company reviewer does not score the province's round
        services.score(assessment=good, by=tree.a_reviewer, scores=scores_for(good.studio), result="pass")
    with pytest.raises(PermissionDenied):  # a sibling grassroots union cannot self-assess this studio
        services.self_assess(assessment=good, by=tree.a2_staff, text="x")
    with pytest.raises(workflow.TransitionError):  # undecided studios keep the round open
        services.close_round(round_=round_, by=tree.prov_head)
    assert AssessmentRound.objects.get(pk=round_.pk).status == AssessmentRound.Status.OPEN
    assert not TransitionLog.objects.exists()


def test_the_round_closes_once_every_studio_is_decided(tree, round_2025):
    round_, good, idle = round_2025
    for a, result in ((good, "pass"), (idle, "fail")):
        services.score(assessment=a, by=tree.prov_reviewer, scores=scores_for(a.studio), result=result)
    services.decide(assessment=good, by=tree.prov_head, action="keep")
    services.decide(assessment=idle, by=tree.prov_head, action="revoke", comment="不合格")
    round_ = services.close_round(round_=round_, by=tree.prov_head)
    assert round_.status == AssessmentRound.Status.CLOSED


def test_the_pages_walk_through_scoring_and_a_decision(client, tree, round_2025):
    round_, _good, idle = round_2025
    client.force_login(tree.prov_reviewer)
    assert client.get(reverse("studios:assessment_round", args=[round_.pk])).status_code == 200
    data = {f"c_{c.pk}": 3 for c in idle.studio.criteria_set.criteria.all()}
    data["result"] = "fail"
    response = client.post(reverse("studios:assessment_score", args=[idle.pk]), data)
    assert response.status_code == 302
    client.force_login(tree.prov_head)
    response = client.post(
        reverse("studios:assessment_decide", args=[idle.pk]), {"action": "revoke", "comment": ""}
    )
    assert response.status_code == 200 and response.context["decision_form"].errors["comment"]
    response = client.post(
        reverse("studios:assessment_decide", args=[idle.pk]), {"action": "revoke", "comment": "不合格"}
    )
    assert response.status_code == 302
    assert Assessment.objects.get(pk=idle.pk).status == Assessment.Status.REVOKED


def test_the_grassroots_union_self_assesses_from_its_page_and_others_get_404(client, tree, round_2025):
    _round, good, _idle = round_2025
    client.force_login(tree.a1_staff)
    response = client.post(reverse("studios:assessment_self", args=[good.pk]), {"text": "自评：完成全年计划"})
    assert response.status_code == 302
    assert Assessment.objects.get(pk=good.pk).self_assessment == "自评：完成全年计划"
    client.force_login(tree.b1_staff)
    assert client.get(reverse("studios:assessment", args=[good.pk])).status_code == 404
    client.force_login(tree.b_reviewer)
    assert client.get(reverse("studios:assessment_round", args=[good.round_id])).status_code == 404
