"""The conflict declaration (回避声明): before seeing an application, an expert declares no conflict or a conflict."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from studios import workflow
from studios.models import ExpertAssignment
from studios.services import experts
from unions.models import Notice

from .conftest import at_experts, expert

A = ExpertAssignment.Status


def assigned(path, username="t_e1"):
    app = at_experts(path.campaign, path.studio, path)
    e = expert(path.province, username)
    return app, e, experts.assign_expert(application=app, expert=e, by=path.prov_reviewer)


def full_points(campaign):
    return {d.pk: d.max_points for d in campaign.dimensions.all()}


def test_before_the_declaration_the_expert_sees_no_application_content(client, path):
    app, e, assignment = assigned(path)
    client.force_login(e.user)
    page = client.get(reverse("studios:application_assess", args=[app.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "回避声明" in text
    assert 'name="d_' not in text  # no scoring form
    assert "情况说明" not in text  # no statement of the application
    assert client.get(reverse("studios:application_detail", args=[app.pk])).status_code == 404
    assert client.get(reverse("studios:application_plan", args=[app.pk])).status_code == 404


def test_scores_cannot_be_submitted_before_the_declaration(path):
    app, e, assignment = assigned(path)
    with pytest.raises(workflow.TransitionError):
        experts.submit_scores(assignment=assignment, by=e.user, scores=full_points(path.campaign))


def test_declaring_no_conflict_records_the_time_and_opens_the_application(client, path):
    app, e, assignment = assigned(path)
    client.force_login(e.user)
    url = reverse("studios:application_assess", args=[app.pk])
    refused = client.post(url, {"declare": "none"})  # the box not ticked
    assert "请勾选" in refused.content.decode()
    assert ExpertAssignment.objects.get(pk=assignment.pk).status == A.ASSIGNED
    client.post(url, {"declare": "none", "no_conflict": "on"})
    assignment.refresh_from_db()
    assert assignment.status == A.DECLARED and assignment.declared_at is not None
    text = client.get(url).content.decode()
    assert 'name="d_' in text and "情况说明" in text
    assert client.get(reverse("studios:application_detail", args=[app.pk])).status_code == 200
    assignment = experts.submit_scores(assignment=assignment, by=e.user, scores=full_points(path.campaign))
    assert assignment.status == A.SUBMITTED


def test_declaring_a_conflict_unassigns_the_expert_records_it_and_tells_the_organiser(
    client, path, django_capture_on_commit_callbacks
):
    app, e, assignment = assigned(path)
    client.force_login(e.user)
    url = reverse("studios:application_assess", args=[app.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"declare": "conflict", "reason": "曾在该单位任职"})
    assignment.refresh_from_db()
    assert assignment.status == A.CONFLICT and assignment.declared_at is not None
    assert [log.comment for log in workflow.history(assignment)] == ["曾在该单位任职"]
    assert Notice.objects.filter(user=path.prov_reviewer, text__contains=path.studio.name).exists()
    assert client.get(reverse("studios:application_detail", args=[app.pk])).status_code == 404
    with pytest.raises(workflow.TransitionError):
        experts.submit_scores(assignment=assignment, by=e.user, scores=full_points(path.campaign))
    # The declaration stays on the record: it cannot be removed, and the expert is not offered again.
    with pytest.raises(workflow.TransitionError):
        experts.unassign_expert(assignment=assignment, by=path.prov_reviewer)
    client.force_login(path.prov_reviewer)
    page = client.get(reverse("studios:campaign_experts", args=[path.campaign.pk])).content.decode()
    assert "声明回避" in page


def test_only_the_assigned_expert_declares(path):
    app, e, assignment = assigned(path)
    with pytest.raises(PermissionDenied):
        experts.declare_no_conflict(assignment=assignment, by=path.prov_reviewer)
    assert ExpertAssignment.objects.get(pk=assignment.pk).status == A.ASSIGNED
