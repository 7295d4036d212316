"""Expert assessment, the meeting, 公示 in working days, objections and naming."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from studios import workflow
from studios.models import Application, ExpertAssignment, Naming, Objection, Studio
from studios.services import experts, naming, publicity
from tests.studios.helpers import run_out
from unions.models import Role

from .conftest import at_experts, expert

S = Application.Status


def scores(campaign, value=80):
    """Points per dimension adding up to `value` (each within its maximum)."""
    dims = list(campaign.dimensions.all())
    points = {d.pk: d.max_points * value // 100 for d in dims}
    rest = value - sum(points.values())
    for d in dims:
        more = min(rest, d.max_points - points[d.pk])
        points[d.pk] += more
        rest -= more
    return points


def scored(path, app, username="t_e1", value=80):
    e = expert(path.province, username)
    assignment = experts.assign_expert(application=app, expert=e, by=path.prov_reviewer)
    assignment = experts.declare_no_conflict(assignment=assignment, by=e.user)
    experts.submit_scores(assignment=assignment, by=e.user, scores=scores(path.campaign, value))
    return e


def to_publicity(path, app, starts_on=None, run=True):
    """Meeting today, 公示 from `starts_on` (today); with `run`, the notice has then run its course."""
    experts.record_meeting(
        campaign=path.campaign,
        approve=experts.meeting_candidates(path.campaign),
        by=path.prov_head,
        held_on=timezone.localdate(),
        attendees="全体",
    )
    notice = publicity.publish(
        campaign=path.campaign,
        applications=[app],
        starts_on=starts_on or timezone.localdate(),
        by=path.prov_head,
    )
    return run_out(notice) if run else notice


# --- conflicts of interest ----------------------------------------------------------


def test_an_expert_from_the_studios_own_branch_is_refused(path):
    app = at_experts(path.campaign, path.studio, path)
    from_sibling = expert(path.province, "t_e_branch", unit="某研究院", union=path.a2)
    with pytest.raises(workflow.TransitionError, match="同属一个系统"):
        experts.assign_expert(application=app, expert=from_sibling, by=path.prov_reviewer)
    assert not ExpertAssignment.objects.exists()


def test_an_expert_holding_a_role_in_the_branch_is_refused(path):
    app = at_experts(path.campaign, path.studio, path)
    e = expert(path.province, "t_e_member")
    from unions.services import grant_role

    grant_role(user=e.user, union=path.company_a, role=Role.REVIEWER)
    with pytest.raises(workflow.TransitionError):
        experts.assign_expert(application=app, expert=e, by=path.prov_reviewer)


def test_an_expert_from_the_studios_own_unit_is_refused(path):
    app = at_experts(path.campaign, path.studio, path)
    same_unit = expert(path.province, "t_e_unit", unit=path.studio.unit)
    with pytest.raises(workflow.TransitionError, match="同属一个单位"):
        experts.assign_expert(application=app, expert=same_unit, by=path.prov_reviewer)


def test_an_expert_from_another_branch_is_assigned_and_may_see_only_that_application(path, client):
    app = at_experts(path.campaign, path.studio, path)
    other = at_experts(path.campaign, path.studio_a2, path)
    e = expert(path.province, "t_e_b", unit="乙集团", union=path.company_b)
    assignment = experts.assign_expert(application=app, expert=e, by=path.prov_reviewer)
    experts.declare_no_conflict(assignment=assignment, by=e.user)
    client.force_login(e.user)
    assert client.get(reverse("studios:application_detail", args=[app.pk])).status_code == 200
    assert client.get(reverse("studios:application_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("studios:application_assess", args=[other.pk])).status_code == 404


def test_only_the_organiser_assigns_experts(path):
    app = at_experts(path.campaign, path.studio, path)
    e = expert(path.province, "t_e_x")
    with pytest.raises(PermissionDenied):
        experts.assign_expert(application=app, expert=e, by=path.a_head)


def test_an_expert_whose_conflict_arises_later_cannot_submit(path):
    app = at_experts(path.campaign, path.studio, path)
    e = expert(path.province, "t_e_late")
    assignment = experts.assign_expert(application=app, expert=e, by=path.prov_reviewer)
    assignment = experts.declare_no_conflict(assignment=assignment, by=e.user)
    e.union = path.a1
    e.save()
    with pytest.raises(workflow.TransitionError):
        experts.submit_scores(assignment=assignment, by=e.user, scores=scores(path.campaign))
    assert ExpertAssignment.objects.get(pk=assignment.pk).status == ExpertAssignment.Status.DECLARED


def test_only_the_assigned_expert_submits_their_scores(path):
    app = at_experts(path.campaign, path.studio, path)
    e = expert(path.province, "t_e_own")
    assignment = experts.assign_expert(application=app, expert=e, by=path.prov_reviewer)
    assignment = experts.declare_no_conflict(assignment=assignment, by=e.user)
    with pytest.raises(PermissionDenied):
        experts.submit_scores(assignment=assignment, by=path.prov_head, scores=scores(path.campaign))


def test_scores_need_every_dimension(path):
    app = at_experts(path.campaign, path.studio, path)
    e = expert(path.province, "t_e_dims")
    assignment = experts.assign_expert(application=app, expert=e, by=path.prov_reviewer)
    assignment = experts.declare_no_conflict(assignment=assignment, by=e.user)
    partial = dict(list(scores(path.campaign).items())[:2])
    with pytest.raises(workflow.TransitionError):
        experts.submit_scores(assignment=assignment, by=e.user, scores=partial)


def test_an_expert_sees_the_others_scores_only_after_submitting(path, client):
    app = at_experts(path.campaign, path.studio, path)
    scored(path, app, "t_e_first", 90)
    second = expert(path.province, "t_e_second")
    assignment = experts.assign_expert(application=app, expert=second, by=path.prov_reviewer)
    assignment = experts.declare_no_conflict(assignment=assignment, by=second.user)
    client.force_login(second.user)
    url = reverse("studios:application_assess", args=[app.pk])
    before = client.get(url).content.decode()
    assert "90.00" not in before
    data = {f"d_{pk}": points for pk, points in scores(path.campaign, 70).items()}
    client.post(url, data)
    after = client.get(url).content.decode()
    assert "90.00" in after and "70.00" in after
    assert ExpertAssignment.objects.get(pk=assignment.pk).total == 70


def test_the_score_table_shows_mean_median_and_spread(path, client):
    app = at_experts(path.campaign, path.studio, path)
    scored(path, app, "t_e_1", 90)
    scored(path, app, "t_e_2", 80)
    scored(path, app, "t_e_3", 60)
    (row,) = experts.score_table(path.campaign)
    assert (str(row["mean"]), str(row["median"]), str(row["spread"])) == ("76.67", "80.00", "30.00")
    client.force_login(path.prov_reviewer)
    page = client.get(reverse("studios:campaign_scores", args=[path.campaign.pk])).content.decode()
    assert "76.67" in page and "30.00" in page


def test_the_total_is_the_sum_of_the_points(path):
    dims = list(path.campaign.dimensions.all())
    values = {d.pk: d.max_points if d.name == "集智攻关" else 0 for d in dims}
    assert experts.points_total(values, dims) == 25


# --- 公示 and naming ------------------------------------------------------------------


def test_publicity_across_national_day_counts_working_days():
    # 2025: 10/1–10/8 are holidays, Saturday 10/11 is a make-up working day.
    assert publicity.add_working_days(datetime.date(2025, 9, 29), 5) == datetime.date(2025, 10, 11)
    assert publicity.add_working_days(datetime.date(2025, 10, 1), 5) == datetime.date(2025, 10, 14)
    assert publicity.add_working_days(datetime.date(2025, 9, 26), 1) == datetime.date(2025, 9, 26)


def test_publicity_starting_on_a_weekend_skips_it_and_the_dragon_boat_holiday():
    # Saturday 2024-06-08; Monday 06-10 is 端午节: 06-11, 12, 13, 14, 17.
    assert publicity.add_working_days(datetime.date(2024, 6, 8), 5) == datetime.date(2024, 6, 17)


def test_publicity_needs_the_meeting_and_an_experts_scores(path):
    app = at_experts(path.campaign, path.studio, path)
    with pytest.raises(workflow.TransitionError, match="会议研究"):
        publicity.publish(
            campaign=path.campaign, applications=[app], starts_on=timezone.localdate(), by=path.prov_head
        )
    experts.record_meeting(
        campaign=path.campaign,
        approve=experts.meeting_candidates(path.campaign),
        by=path.prov_head,
        held_on=timezone.localdate(),
        attendees="全体",
    )
    with pytest.raises(workflow.TransitionError, match="专家"):
        publicity.publish(
            campaign=path.campaign, applications=[app], starts_on=timezone.localdate(), by=path.prov_head
        )
    assert Application.objects.get(pk=app.pk).status == S.EXPERT_REVIEW


def test_only_the_organisers_head_or_administrator_publishes(path):
    app = at_experts(path.campaign, path.studio, path)
    scored(path, app)
    experts.record_meeting(
        campaign=path.campaign,
        approve=experts.meeting_candidates(path.campaign),
        by=path.prov_head,
        held_on=timezone.localdate(),
        attendees="全体",
    )
    with pytest.raises(PermissionDenied):
        publicity.publish(
            campaign=path.campaign, applications=[app], starts_on=timezone.localdate(), by=path.prov_reviewer
        )


def test_publication_dates_follow_the_campaigns_working_days(path):
    app = at_experts(path.campaign, path.studio, path)
    scored(path, app)
    today = timezone.localdate()
    notice = to_publicity(path, app, run=False)
    assert (notice.starts_on, notice.working_days) == (today, 5)
    assert notice.ends_on == publicity.add_working_days(today, 5)
    assert Application.objects.get(pk=app.pk).status == S.PUBLICITY


def test_naming_waits_for_the_end_of_the_public_notice(path):
    app = at_experts(path.campaign, path.studio, path)
    scored(path, app)
    to_publicity(path, app, run=False)
    with pytest.raises(workflow.TransitionError, match="公示期满"):
        naming.name(application=app, by=path.prov_head)
    assert not Naming.objects.exists()
    assert Studio.objects.get(pk=path.studio.pk).stage == Studio.Stage.MATURE


def test_naming_creates_the_title_with_the_next_certificate_number(path):
    first = at_experts(path.campaign, path.studio, path)
    second = at_experts(path.campaign, path.studio_a2, path)
    for app in (first, second):
        scored(path, app, f"t_e_{app.pk}")
    experts.record_meeting(
        campaign=path.campaign,
        approve=experts.meeting_candidates(path.campaign),
        by=path.prov_head,
        held_on=timezone.localdate(),
        attendees="全体",
    )
    run_out(
        publicity.publish(
            campaign=path.campaign,
            applications=[first, second],
            starts_on=timezone.localdate(),
            by=path.prov_head,
        )
    )
    named, waiting = naming.name_all(campaign=path.campaign, by=path.prov_head)
    assert waiting == []
    numbers = sorted(Naming.objects.values_list("certificate_number", flat=True))
    year = path.campaign.year
    assert numbers == [f"省-{year}-0001", f"省-{year}-0002"]
    studio = Studio.objects.get(pk=path.studio.pk)
    assert studio.stage == Studio.Stage.NAMED
    assert workflow.history(studio).last().action == "name"


def test_the_studio_name_move_is_never_offered_on_its_own(path):
    assert "name" not in [m.action for m in workflow.available(path.studio, path.prov_head)]
    with pytest.raises(PermissionDenied):
        workflow.transition(path.studio, "name", by=path.prov_head)


def test_an_upheld_objection_means_not_named(path):
    app = at_experts(path.campaign, path.studio, path)
    scored(path, app)
    notice = to_publicity(path, app)
    objection = publicity.record_objection(
        publicity=notice,
        application=Application.objects.get(pk=app.pk),
        received_on=timezone.localdate(),
        text="成果存在争议",
        by=path.prov_reviewer,
    )
    with pytest.raises(workflow.TransitionError, match="异议"):
        naming.name(application=Application.objects.get(pk=app.pk), by=path.prov_head)
    publicity.resolve_objection(
        objection=objection, resolution=Objection.Resolution.UPHELD, note="经核实属实", by=path.prov_head
    )
    app = Application.objects.get(pk=app.pk)
    assert app.status == S.NOT_NAMED
    assert workflow.history(app).last().comment == "经核实属实"
    assert not Naming.objects.exists()


def test_a_dismissed_objection_lets_the_naming_proceed(path):
    app = at_experts(path.campaign, path.studio, path)
    scored(path, app)
    notice = to_publicity(path, app)
    objection = publicity.record_objection(
        publicity=notice,
        application=Application.objects.get(pk=app.pk),
        received_on=timezone.localdate(),
        text="匿名反映",
        by=path.prov_reviewer,
    )
    publicity.resolve_objection(
        objection=objection, resolution=Objection.Resolution.DISMISSED, note="查无实据", by=path.prov_head
    )
    app = naming.name(application=Application.objects.get(pk=app.pk), by=path.prov_head)
    assert app.status == S.NAMED


def test_not_name_on_publicity_needs_an_upheld_objection(path):
    app = at_experts(path.campaign, path.studio, path)
    scored(path, app)
    to_publicity(path, app)
    with pytest.raises(workflow.TransitionError):
        workflow.transition(
            Application.objects.get(pk=app.pk), "not_name", by=path.prov_head, comment="不命名"
        )


def test_the_meeting_record_with_its_minutes_is_served_to_the_organiser_only(path, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.studios.helpers import pdf_bytes

    client.force_login(path.prov_head)
    minutes = SimpleUploadedFile("会议纪要.pdf", pdf_bytes(), content_type="application/pdf")
    url = reverse("studios:campaign_meeting", args=[path.campaign.pk])
    response = client.post(url, {"held_on": "2026-11-20", "attendees": "陈丽华、王志强", "minutes": minutes})
    assert response.status_code == 302
    record = path.campaign.meetings.get()
    assert record.minutes_sha256
    download = reverse("studios:meeting_minutes", args=[path.campaign.pk, record.pk])
    assert client.get(download).status_code == 200
    client.force_login(path.a_reviewer)
    assert client.get(download).status_code == 403
