"""A studio's life after naming: a lead change (带头人变更) or a dissolution (撤销/注销), filed by the host
union, approved at the naming level through the transition engine, on the studio's timeline; a dissolved
studio is kept read-only, its titles shown inactive."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from ledgers import permissions as ledger_permissions
from ledgers import statistics
from ledgers.models import Activity
from studios import permissions, workflow
from studios.models import Naming, NamingLevel, Studio, StudioChange, TransitionLog
from studios.services import applications as filing
from studios.services import campaigns
from studios.services import changes as services
from tests.factories import StudioFactory, lead
from unions.models import Notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(tree):
    """A studio of grassroots A1 holding a company title (named by company A) and a provincial one."""
    studio = StudioFactory(
        host_union=tree.a1, name="王海峰劳模创新工作室", person_name="王海峰", stage=Studio.Stage.NAMED
    )
    for level, union, number in (
        (NamingLevel.COMPANY, tree.company_a, "甲-2022-0001"),
        (NamingLevel.PROVINCIAL, tree.province, "省-2023-0001"),
    ):
        Naming.objects.create(
            studio=studio,
            level=level,
            year=2023,
            certificate_number=number,
            named_by=union,
            named_on=datetime.date(2023, 5, 1),
        )
    return studio


def lead_change(studio, by, **extra):
    fields = {
        "person_name": "李明",
        "person_gender": "male",
        "person_phone": "13800000000",
        "person_post": "检修班长",
        "reason": "王海峰退休",
        "effective_on": timezone.localdate(),
        **extra,
    }
    return services.file_change(studio=studio, kind=StudioChange.Kind.LEAD, by=by, **fields)


def dissolution(studio, by, effective_on=None):
    return services.file_change(
        studio=studio,
        kind=StudioChange.Kind.DISSOLUTION,
        by=by,
        cause=StudioChange.Cause.UNIT_CLOSED,
        reason="电厂关停",
        effective_on=effective_on or timezone.localdate(),
    )


# --- who may file, who approves --------------------------------------------------------------


def test_the_host_union_s_clerk_and_the_heads_above_may_file_no_one_else(named, tree):
    assert permissions.can_file_change(tree.a1_staff, named)
    assert permissions.can_file_change(tree.a_head, named)
    assert permissions.can_file_change(tree.prov_head, named)
    for other in (tree.a2_staff, tree.b1_staff, tree.a_reviewer, tree.b_reviewer):
        assert not permissions.can_file_change(other, named), other
    studio_lead = lead(named, "t_change_lead")
    assert not permissions.can_file_change(studio_lead, named)


def test_the_union_that_granted_the_highest_active_title_approves(named, tree):
    change = lead_change(named, tree.a1_staff)
    assert services.approving_union(named) == tree.province
    assert permissions.can_approve_change(tree.prov_reviewer, change)
    assert permissions.can_approve_change(tree.prov_head, change)
    # Company A named the lower title only: below the naming level, it does not decide.
    for other in (tree.a_reviewer, tree.a_head, tree.a1_staff, tree.b_reviewer):
        assert not permissions.can_approve_change(other, change), other


def test_a_studio_with_no_active_title_is_approved_by_the_host_union_s_parent(tree):
    studio = StudioFactory(host_union=tree.a1, stage=Studio.Stage.MATURE)
    change = lead_change(studio, tree.a1_staff)
    assert services.approving_union(studio) == tree.company_a
    assert permissions.can_approve_change(tree.a_reviewer, change)
    assert permissions.can_approve_change(tree.prov_head, change)  # a union above may too
    assert not permissions.can_approve_change(tree.b_reviewer, change)


def test_the_filer_never_approves_their_own_request(named, tree):
    change = lead_change(named, tree.prov_head)
    assert not permissions.can_approve_change(tree.prov_head, change)
    with pytest.raises(PermissionDenied):
        workflow.transition(change, "approve", by=tree.prov_head)


def test_filing_outside_one_s_scope_is_refused_and_nothing_is_written(named, tree):
    with pytest.raises(PermissionDenied):
        lead_change(named, tree.b1_staff)
    assert not StudioChange.objects.exists()


def test_a_second_request_of_the_same_kind_waits_for_the_first(named, tree):
    lead_change(named, tree.a1_staff)
    with pytest.raises(workflow.TransitionError):
        lead_change(named, tree.a1_staff, person_name="张三")
    assert StudioChange.objects.count() == 1


# --- another branch gets 404 -----------------------------------------------------------------


def test_another_branch_gets_404_on_every_page_of_a_request(client, named, tree):
    change = lead_change(named, tree.a1_staff)
    client.force_login(tree.b_reviewer)
    assert client.get(reverse("studios:change_detail", args=[change.pk])).status_code == 404
    assert client.get(reverse("studios:change_file", args=[named.pk, "lead"])).status_code == 404
    response = client.post(reverse("studios:change_move", args=[change.pk, "approve"]))
    assert response.status_code == 404
    change.refresh_from_db()
    assert change.status == StudioChange.Status.FILED
    listing = client.get(reverse("studios:change_list")).content.decode()
    assert named.name not in listing


def test_a_person_who_sees_the_studio_but_may_not_file_gets_403(client, named, tree):
    client.force_login(tree.a_reviewer)
    assert client.get(reverse("studios:change_file", args=[named.pk, "lead"])).status_code == 403
    client.force_login(tree.a1_staff)
    assert client.get(reverse("studios:change_file", args=[named.pk, "other"])).status_code == 404


# --- a lead change ---------------------------------------------------------------------------


def test_approving_a_lead_change_writes_the_new_lead_on_the_studio_and_its_history(client, named, tree):
    change = lead_change(named, tree.a1_staff, new_name="李明劳模创新工作室", person_title="高级工程师")
    workflow.transition(change, "approve", by=tree.prov_reviewer, comment="同意")
    named.refresh_from_db()
    assert named.person_name == "李明"
    assert named.person_phone == "13800000000"
    assert named.person_title == "高级工程师"
    assert named.name == "李明劳模创新工作室"
    latest = named.history.first()
    assert latest.person_name == "李明" and latest.history_user == tree.prov_reviewer
    assert named.history.all()[1].person_name == "王海峰"

    client.force_login(tree.a1_staff)
    with translation.override("zh-hans"):
        page = client.get(reverse("studios:detail", args=[named.pk])).content.decode()
        history = client.get(reverse("studios:history", args=[named.pk])).content.decode()
    assert "带头人变更" in page and "已批准" in page and "同意" in page
    assert "李明" in history and "王海峰" in history


def test_every_move_of_a_request_is_logged_with_who_and_on_whose_behalf(named, tree):
    change = lead_change(named, tree.a1_staff)
    workflow.transition(change, "refuse", by=tree.prov_head, comment="材料不全")
    logs = list(workflow.history(change))
    assert [(log.action, log.from_state, log.to_state) for log in logs] == [
        ("file", "draft", "filed"),
        ("refuse", "filed", "refused"),
    ]
    assert logs[0].actor == tree.a1_staff and logs[0].union == tree.a1
    assert logs[1].actor == tree.prov_head and logs[1].union == tree.province
    named.refresh_from_db()
    assert named.person_name == "王海峰"


def test_refusing_needs_a_reason(named, tree):
    change = lead_change(named, tree.a1_staff)
    with pytest.raises(workflow.TransitionError):
        workflow.transition(change, "refuse", by=tree.prov_head, comment=" ")
    change.refresh_from_db()
    assert change.status == StudioChange.Status.FILED


def test_the_filer_may_withdraw_and_the_approver_may_not(named, tree):
    change = lead_change(named, tree.a1_staff)
    with pytest.raises(PermissionDenied):
        workflow.transition(change, "withdraw", by=tree.prov_reviewer)
    assert workflow.transition(change, "withdraw", by=tree.a1_staff).status == StudioChange.Status.WITHDRAWN


def test_notices_go_to_the_approvers_then_to_the_host_union_and_the_lead(
    named, tree, django_capture_on_commit_callbacks
):
    studio_lead = lead(named, "t_change_lead2")
    with django_capture_on_commit_callbacks(execute=True):
        change = lead_change(named, tree.a1_staff)
    assert Notice.objects.filter(user=tree.prov_reviewer).exists()
    assert Notice.objects.filter(user=tree.prov_head).exists()
    assert not Notice.objects.filter(user=tree.a_reviewer).exists()
    assert Notice.objects.filter(user=studio_lead).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(change, "approve", by=tree.prov_reviewer)
    assert Notice.objects.filter(user=tree.a1_staff).exists()
    assert Notice.objects.filter(user=studio_lead).count() == 2


def test_a_bad_phone_re_displays_the_form_with_the_message_beside_the_field(client, named, tree):
    client.force_login(tree.a1_staff)
    url = reverse("studios:change_file", args=[named.pk, "lead"])
    with translation.override("zh-hans"):
        response = client.post(
            url,
            {"person_name": "李明", "person_phone": "12345", "effective_on": "2020-01-01", "reason": "退休"},
        )
    assert response.status_code == 200
    text = response.content.decode()
    assert "13800000000" in text  # the phone's message
    assert 'value="李明"' in text
    assert not StudioChange.objects.exists()


def test_filing_through_the_page_then_approving_through_the_page(client, named, tree):
    client.force_login(tree.a1_staff)
    response = client.post(
        reverse("studios:change_file", args=[named.pk, "lead"]),
        {
            "person_name": "李明",
            "person_phone": "13800000000",
            "effective_on": timezone.localdate().isoformat(),
            "reason": "退休",
        },
    )
    change = StudioChange.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "studios:change_detail", args=[change.pk]
    )
    client.force_login(tree.prov_reviewer)
    listing = client.get(reverse("studios:change_list")).content.decode()
    assert reverse("studios:change_detail", args=[change.pk]) in listing
    home = client.get(reverse("home")).content.decode()
    assert reverse("studios:change_list") in home
    client.post(reverse("studios:change_move", args=[change.pk, "approve"]), {"comment": ""})
    named.refresh_from_db()
    assert named.person_name == "李明"


def test_the_studio_page_offers_filing_only_to_those_who_may(client, named, tree):
    url = reverse("studios:detail", args=[named.pk])
    client.force_login(tree.a1_staff)
    assert 'id="file-lead-change"' in client.get(url).content.decode()
    client.force_login(tree.a_reviewer)
    assert 'id="file-lead-change"' not in client.get(url).content.decode()


# --- a dissolution -----------------------------------------------------------------------------


@pytest.fixture
def dissolved(named, tree):
    day = timezone.localdate() - datetime.timedelta(days=3)
    change = dissolution(named, tree.a1_staff, effective_on=day)
    workflow.transition(change, "approve", by=tree.prov_head, comment="同意注销")
    named.refresh_from_db()
    return named


def test_approving_a_dissolution_moves_the_studio_through_the_engine(dissolved, tree):
    assert dissolved.stage == Studio.Stage.DISSOLVED
    assert dissolved.dissolved_on == timezone.localdate() - datetime.timedelta(days=3)
    log = TransitionLog.objects.get(object_id=dissolved.pk, action="dissolve")
    assert (log.from_state, log.to_state, log.actor) == ("named", "dissolved", tree.prov_head)
    assert log.union == tree.province
    # Titles and certificates are kept, not revoked.
    assert dissolved.namings.count() == 2 and not dissolved.namings.filter(revoked=True).exists()


def test_the_dissolve_move_is_never_made_on_its_own(named, tree):
    assert "dissolve" not in [m.action for m in workflow.available(named, tree.prov_head)]
    with pytest.raises(PermissionDenied):
        workflow.transition(named, "dissolve", by=tree.prov_head)


def test_a_dissolved_studio_refuses_logging(client, dissolved, tree):
    studio_lead = lead(dissolved, "t_dissolved_lead")
    assert not ledger_permissions.can_log(studio_lead, dissolved)
    client.force_login(studio_lead)
    url = reverse("ledgers:add", kwargs={"studio_pk": dissolved.pk, "ledger": "activities"})
    response = client.post(
        url, {"kind": "training", "date": timezone.localdate().isoformat(), "topic": "带徒"}
    )
    assert response.status_code in (403, 404)
    assert not Activity.objects.exists()


def test_a_dissolved_studio_cannot_apply_nor_be_changed_again(dissolved, tree):
    today = timezone.localdate()
    campaign = campaigns.create_campaign(
        organiser=tree.province,
        by=tree.prov_head,
        title="测试省级示范评选",
        year=today.year,
        naming_level=NamingLevel.PROVINCIAL,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=30),
        certificate_prefix="示",
    )
    with translation.override("zh-hans"):
        unmet = filing.eligibility(campaign, dissolved)
    assert any("已注销" in message for message in unmet)
    assert not permissions.can_file_change(tree.a1_staff, dissolved)
    assert not permissions.can_edit_studio(tree.a1_staff, dissolved)


def test_a_pending_lead_change_of_a_dissolved_studio_cannot_be_approved(named, tree):
    change = lead_change(named, tree.a1_staff)
    workflow.transition(dissolution(named, tree.a1_staff), "approve", by=tree.prov_head)
    with pytest.raises(workflow.TransitionError):
        workflow.transition(change, "approve", by=tree.prov_head)


def test_verification_and_the_named_list_show_the_titles_inactive_never_gone(client, dissolved):
    day = dissolved.dissolved_on.isoformat()
    with translation.override("zh-hans"):
        verify = client.get(reverse("public:verify_number", args=["省-2023-0001"]))
        listing = client.get(reverse("public:named")).content.decode()
    assert verify.status_code == 200
    text = verify.content.decode()
    status = text.split('id="verification-status"')[1].split("</span></div>")[0]
    assert "已注销" in status and day in status
    assert "已注销" in text.split('id="verification"')[1].split("</dl>")[0]
    assert "省-2023-0001" in listing and "甲-2022-0001" in listing and "已注销" in listing


def test_the_studio_page_shows_the_titles_inactive_since_the_day(client, dissolved, tree):
    client.force_login(tree.a_reviewer)
    with translation.override("zh-hans"):
        page = client.get(reverse("studios:detail", args=[dissolved.pk])).content.decode()
    assert page.count("naming-inactive") == 2
    assert dissolved.dissolved_on.isoformat() in page
    assert 'id="dissolved-notice"' in page


def test_the_yearly_statistics_count_the_studios_dissolved_in_the_year(dissolved, tree):
    year = dissolved.dissolved_on.year
    changes = dict((row[0], row[1]) for row in statistics.compute(tree.province, year)["sections"]["changes"])
    assert changes["dissolved"] == 1
    earlier = statistics.compute(tree.province, year - 1)["sections"]["changes"]
    assert dict((row[0], row[1]) for row in earlier)["dissolved"] == 0
    assert list(statistics.studios_behind(tree.province, year, "changes", "dissolved")) == [dissolved]


# --- constant queries --------------------------------------------------------------------------


def test_the_list_of_pending_requests_reads_a_constant_number_of_queries(
    client, tree, django_assert_max_num_queries
):
    def studios(n, start):
        for i in range(n):
            studio = StudioFactory(host_union=tree.a1 if i % 2 else tree.a2, name=f"工作室{start + i}")
            lead_change(studio, tree.a_head if i % 2 else tree.a2_staff)

    studios(2, 0)
    client.force_login(tree.a_reviewer)
    url = reverse("studios:change_list")
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    studios(8, 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("studios/changes/") >= 10
