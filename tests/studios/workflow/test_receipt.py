"""Receipt at the organiser (形式审查): accepted before experts see it, or returned for correction (补正)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from studios import workflow
from studios.models import Application
from studios.services import applications as filing
from studios.services import experts
from unions.models import Notice

from .conftest import at_experts, expert, review

S = Application.Status


def received(path, studio=None):
    """An application sent up to the organiser, not yet accepted."""
    return at_experts(path.campaign, studio or path.studio, path, accept=False)


def test_an_application_sent_to_the_organiser_waits_for_receipt(path):
    app = received(path)
    assert (app.status, app.current_union) == (S.RECEIPT, path.province)


def test_experts_cannot_be_assigned_before_receipt(path):
    app = received(path)
    with pytest.raises(workflow.TransitionError):
        experts.assign_expert(application=app, expert=expert(path.province, "t_e1"), by=path.prov_reviewer)


def test_the_organisers_reviewer_accepts_it_into_expert_assessment(path):
    app = received(path)
    app = workflow.transition(app, "accept", by=path.prov_reviewer)
    assert app.status == S.EXPERT_REVIEW
    experts.assign_expert(application=app, expert=expert(path.province, "t_e1"), by=path.prov_reviewer)


def test_only_the_organiser_receives(path):
    app = received(path)
    with pytest.raises(PermissionDenied):
        workflow.transition(app, "accept", by=path.a_reviewer)


def test_a_return_for_correction_needs_reasons(path):
    app = received(path)
    with pytest.raises(workflow.TransitionError):
        workflow.transition(app, "return_for_correction", by=path.prov_reviewer, comment=" ")
    assert Application.objects.get(pk=app.pk).status == S.RECEIPT


def test_returned_for_correction_goes_to_the_filer_who_resubmits_up_the_same_path(
    path, django_capture_on_commit_callbacks
):
    app = received(path)
    with django_capture_on_commit_callbacks(execute=True):
        app = workflow.transition(app, "return_for_correction", by=path.prov_reviewer, comment="缺少盖章页")
    assert (app.status, app.current_union) == (S.RETURNED, path.a1)
    assert Notice.objects.filter(user=path.a1_staff, text__contains=path.studio.name).exists()
    app = workflow.transition(app, "resubmit", by=path.a1_staff)
    assert (app.status, app.current_union) == (S.SUBMITTED, path.company_a)
    review(app, path.a_reviewer)
    filing.send_up(campaign=path.campaign, union=path.company_a, by=path.a_reviewer)
    app.refresh_from_db()
    assert (app.status, app.current_union) == (S.RECEIPT, path.province)
    actions = [log.action for log in workflow.history(app)]
    assert actions[-4:] == ["return_for_correction", "resubmit", "recommend", "send_to_experts"]


def test_the_receipt_page_lists_what_waits_and_accepts_or_returns(client, path):
    app = received(path)
    other = received(path, path.studio_a2)
    client.force_login(path.prov_reviewer)
    url = reverse("studios:receipt", args=[path.campaign.pk])
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert path.studio.name in text and path.studio_a2.name in text
    assert "形式审查" in text
    missing = client.post(url, {"application": app.pk, "action": "return_for_correction", "comment": ""})
    assert missing.status_code == 200
    assert "请填写理由" in missing.content.decode()
    assert Application.objects.get(pk=app.pk).status == S.RECEIPT
    client.post(url, {"application": app.pk, "action": "accept"})
    client.post(url, {"application": other.pk, "action": "return_for_correction", "comment": "缺页"})
    assert Application.objects.get(pk=app.pk).status == S.EXPERT_REVIEW
    assert Application.objects.get(pk=other.pk).status == S.RETURNED


def test_the_receipt_page_is_not_for_a_company_reviewer(client, path):
    received(path)
    client.force_login(path.a_reviewer)
    page = client.post(
        reverse("studios:receipt", args=[path.campaign.pk]),
        {"application": Application.objects.get().pk, "action": "accept"},
    )
    assert page.status_code in (403, 404)
    assert Application.objects.get().status == S.RECEIPT


def test_the_home_page_of_the_organisers_reviewer_lists_what_waits_for_receipt(client, path):
    received(path)
    client.force_login(path.prov_reviewer)
    text = client.get(reverse("home")).content.decode()
    assert "待形式审查" in text
    assert reverse("studios:receipt", args=[path.campaign.pk]) in text
