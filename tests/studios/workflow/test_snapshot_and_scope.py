"""The frozen snapshot, who sees which application, and constant queries on the lists."""

import pytest
from django.urls import reverse

from studios.models import Application, EvidenceFile, Studio
from studios.services import applications as filing
from tests.factories import UserFactory
from unions.models import Notice

from .conftest import add_evidence, draft, filed, mature_studio, review


def test_editing_the_studio_after_submission_does_not_change_the_application(path, client):
    evidence_file = add_evidence(path.studio, path.a1_staff)
    app = filed(path.campaign, path.studio, path.a1_staff)
    frozen = Application.objects.get(pk=app.pk).snapshot
    assert frozen["studio"]["name"] == "甲一劳模创新工作室"
    (listed,) = [f for item in frozen["evidence"] for f in item["files"]]
    assert listed["sha256"] == evidence_file.sha256
    assert {c["code"] for c in frozen["completeness"]} >= {"identity", "site", "rules"}

    Studio.objects.filter(pk=path.studio.pk).update(name="改名后的工作室", person_name="他人")
    EvidenceFile.objects.filter(pk=evidence_file.pk).update(sha256="0" * 64)
    assert Application.objects.get(pk=app.pk).snapshot == frozen

    client.force_login(path.a_reviewer)
    page = client.get(reverse("studios:application_review", args=[app.pk])).content.decode()
    frozen_part = page[page.index('id="snapshot"') :]
    assert 'id="snapshot-name">甲一劳模创新工作室<' in frozen_part
    assert "改名后的工作室" not in frozen_part
    assert "他人" not in frozen_part
    # A file replaced after submission is not served as if it were what was submitted.
    url = reverse("studios:application_evidence_file", args=[app.pk, evidence_file.pk])
    assert client.get(url).status_code == 404


def test_the_submitted_evidence_file_is_served_to_the_reviewer(path, client):
    evidence_file = add_evidence(path.studio, path.a1_staff)
    app = filed(path.campaign, path.studio, path.a1_staff)
    client.force_login(path.a_reviewer)
    response = client.get(reverse("studios:application_evidence_file", args=[app.pk, evidence_file.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    client.force_login(path.b_reviewer)
    assert (
        client.get(reverse("studios:application_evidence_file", args=[app.pk, evidence_file.pk])).status_code
        == 404
    )


def test_a_resubmission_takes_a_new_snapshot(path):
    app = filed(path.campaign, path.studio, path.a1_staff)
    review(app, path.a_reviewer, decision="return", reason="补充")
    Studio.objects.filter(pk=path.studio.pk).update(name="补充后的工作室")
    from studios import workflow

    app = workflow.transition(Application.objects.get(pk=app.pk), "resubmit", by=path.a1_staff)
    assert app.snapshot["studio"]["name"] == "补充后的工作室"
    assert app.snapshot["round"] == 2


# --- scope ---------------------------------------------------------------------------


def test_a_company_union_never_sees_a_sibling_companys_applications(path, client):
    app = filed(path.campaign, path.studio, path.a1_staff)
    client.force_login(path.b_reviewer)
    for name in ("studios:application_detail", "studios:application_review", "studios:application_plan"):
        assert client.get(reverse(name, args=[app.pk])).status_code == 404
    inbox = client.get(reverse("studios:inbox", args=[path.campaign.pk]), {"status": "all"}).content.decode()
    assert "甲一劳模创新工作室" not in inbox
    overview = client.get(reverse("studios:campaign_detail", args=[path.campaign.pk])).content.decode()
    assert "甲集团公司工会" not in overview


def test_a_grassroots_union_sees_only_its_own_applications(path, client):
    own = filed(path.campaign, path.studio, path.a1_staff)
    sibling = filed(path.campaign, path.studio_a2, path.a2_staff)
    client.force_login(path.a1_staff)
    assert client.get(reverse("studios:application_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("studios:application_detail", args=[sibling.pk])).status_code == 404
    mine = client.get(reverse("studios:my_applications")).content.decode()
    assert "甲一劳模创新工作室" in mine and "甲二劳模创新工作室" not in mine


def test_the_company_sees_its_grassroots_applications_in_the_inbox(path, client):
    filed(path.campaign, path.studio, path.a1_staff)
    filed(path.campaign, path.studio_a2, path.a2_staff)
    filed(path.campaign, path.studio_b, path.b1_staff)
    client.force_login(path.a_reviewer)
    page = client.get(reverse("studios:inbox", args=[path.campaign.pk])).content.decode()
    assert "甲一劳模创新工作室" in page and "甲二劳模创新工作室" in page
    assert "乙一劳模创新工作室" not in page
    filtered = client.get(
        reverse("studios:inbox", args=[path.campaign.pk]), {"child": path.a2.pk}
    ).content.decode()
    assert "甲二劳模创新工作室" in filtered and "甲一劳模创新工作室" not in filtered


def test_staff_cannot_file_for_a_studio_of_another_union(path, client):
    client.force_login(path.a2_staff)
    assert (
        client.get(reverse("studios:file_form", args=[path.campaign.pk, path.studio.pk])).status_code == 404
    )


def test_only_the_organisers_head_or_administrator_edits_the_campaign(path, client):
    url = reverse("studios:campaign_edit", args=[path.campaign.pk])
    for user in (path.prov_reviewer, path.a_head, path.a1_staff):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(path.prov_admin)
    assert client.get(url).status_code == 200


def test_an_account_with_no_role_sees_no_campaign(path, client):
    client.force_login(UserFactory(username="t_nobody"))
    assert client.get(reverse("studios:campaign_detail", args=[path.campaign.pk])).status_code == 404


def test_a_draft_campaign_is_hidden_from_the_unions_below(path, client):
    from studios.models import Campaign

    Campaign.objects.filter(pk=path.campaign.pk).update(status=Campaign.Status.DRAFT)
    client.force_login(path.a_reviewer)
    assert client.get(reverse("studios:campaign_detail", args=[path.campaign.pk])).status_code == 404


# --- lists in constant queries --------------------------------------------------------


def _many(path, n):
    for i in range(n):
        studio = mature_studio(path.a1 if i % 2 else path.a2, name=f"批量工作室{i}")
        filed(path.campaign, studio, path.a1_staff if i % 2 else path.a2_staff)


@pytest.mark.parametrize("rows", [3, 30])
def test_the_inbox_takes_the_same_number_of_queries_however_many_rows(
    path, client, rows, django_assert_max_num_queries
):
    _many(path, rows)
    client.force_login(path.a_reviewer)
    client.get(reverse("studios:inbox", args=[path.campaign.pk]))  # warm caches (sessions, content types)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("studios:inbox", args=[path.campaign.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("批量工作室") == min(rows, 25)


def test_my_applications_in_constant_queries(path, client, django_assert_max_num_queries):
    _many(path, 30)
    client.force_login(path.a1_staff)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("studios:my_applications")).status_code == 200


# --- notices ---------------------------------------------------------------------------


def test_the_header_counts_unread_notices_and_the_list_marks_them_read(
    path, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        filed(path.campaign, path.studio, path.a1_staff)
    client.force_login(path.a_reviewer)
    home = client.get(reverse("home")).content.decode()
    assert 'badge text-bg-danger">1<' in home
    page = client.get(reverse("unions:notices")).content.decode()
    assert "甲一劳模创新工作室 待您审核" in page
    assert Notice.objects.unread().filter(user=path.a_reviewer).count() == 0


def test_a_draft_is_not_in_the_reviewers_inbox(path, client):
    draft(path.campaign, path.studio, path.a1_staff)
    client.force_login(path.a_reviewer)
    page = client.get(reverse("studios:inbox", args=[path.campaign.pk]), {"status": "all"}).content.decode()
    assert "甲一劳模创新工作室" not in page
    assert filing.quota_used(path.campaign, path.company_a) == 0
