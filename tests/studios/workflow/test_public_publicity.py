"""The public side of 公示 and naming: the notice pages, objections from the public, the named list,
certificate verification, and the order of the steps (no backdating, naming after the period)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from studios import workflow
from studios.models import Application, Naming, Objection, Publicity
from studios.services import experts, naming, publicity
from studios.services.studio import assign_lead
from tests.factories import UserFactory
from tests.studios.helpers import pdf_bytes, run_out
from unions.models import Notice

from .conftest import at_experts, expert

S = Application.Status


def scored(path, app, username="t_pub_e1"):
    e = expert(path.province, username)
    assignment = experts.assign_expert(application=app, expert=e, by=path.prov_reviewer)
    assignment = experts.declare_no_conflict(assignment=assignment, by=e.user)  # 回避声明 before scoring
    experts.submit_scores(
        assignment=assignment, by=e.user, scores={d.pk: 15 for d in path.campaign.dimensions.all()}
    )


def meeting(path, held_on=None):
    return experts.record_meeting(
        campaign=path.campaign,
        approve=experts.meeting_candidates(path.campaign),
        by=path.prov_head,
        held_on=held_on or timezone.localdate(),
        attendees="全体",
    )


@pytest.fixture
def on_notice(path):
    """The studio of A1 on a running 公示 (meeting today, notice from today), with its contact."""
    app = at_experts(path.campaign, path.studio, path)
    scored(path, app)
    meeting(path)
    notice = publicity.publish(
        campaign=path.campaign,
        applications=[app],
        starts_on=timezone.localdate(),
        by=path.prov_head,
        text="经评审委员会评审，拟命名以下工作室。",
        contact_person="省总劳动和经济工作部 王明",
        contact_phone="0571-85000000",
    )
    path.studio.person_phone = "13912345678"
    path.studio.save()
    path.app = Application.objects.get(pk=app.pk)
    path.notice = notice
    return path


def objection_data(app, **extra):
    data = {
        "application": app.pk,
        "name": "张三",
        "phone": "13800000000",
        "unit": "某某机械厂",
        "text": "该工作室申报的成果与本单位成果重复。",
    }
    data.update(extra)
    return data


# --- the order of the steps ------------------------------------------------------------------------


def test_a_notice_cannot_start_before_the_day_it_is_published(path):
    app = at_experts(path.campaign, path.studio, path)
    scored(path, app)
    meeting(path, timezone.localdate() - datetime.timedelta(days=10))
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(workflow.TransitionError) as refused:
        publicity.publish(campaign=path.campaign, applications=[app], starts_on=yesterday, by=path.prov_head)
    assert "starts_on" in refused.value.message_dict
    assert not Publicity.objects.exists()
    assert Application.objects.get(pk=app.pk).status == S.EXPERT_REVIEW


def test_a_notice_cannot_start_before_the_decision_meeting(path):
    app = at_experts(path.campaign, path.studio, path)
    scored(path, app)
    meeting_day = timezone.localdate() + datetime.timedelta(days=3)
    meeting(path, meeting_day)
    with pytest.raises(workflow.TransitionError, match=meeting_day.isoformat()):
        publicity.publish(
            campaign=path.campaign, applications=[app], starts_on=timezone.localdate(), by=path.prov_head
        )
    notice = publicity.publish(
        campaign=path.campaign, applications=[app], starts_on=meeting_day, by=path.prov_head
    )
    assert notice.starts_on == meeting_day


def test_the_model_clean_refuses_a_backdated_notice(on_notice):
    notice = Publicity.objects.get(pk=on_notice.notice.pk)
    notice.starts_on = timezone.localtime(notice.published_at).date() - datetime.timedelta(days=1)
    with pytest.raises(Exception) as refused:
        notice.clean()
    assert "starts_on" in refused.value.message_dict


def test_the_publish_form_refuses_a_backdated_start_beside_the_field(path, client):
    app = at_experts(path.campaign, path.studio, path)
    scored(path, app)
    meeting(path)
    client.force_login(path.prov_head)
    url = reverse("studios:campaign_publicity", args=[path.campaign.pk])
    response = client.post(
        url,
        {
            "applications": [app.pk],
            "starts_on": (timezone.localdate() - datetime.timedelta(days=30)).isoformat(),
            "contact_person": "王明",
            "contact_phone": "0571-85000000",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["starts_on"]
    assert "公示开始日期不能早于发布当日" in response.content.decode()
    assert not Publicity.objects.exists()


def test_the_publish_form_asks_for_the_contact(path, client):
    app = at_experts(path.campaign, path.studio, path)
    scored(path, app)
    meeting(path)
    client.force_login(path.prov_head)
    url = reverse("studios:campaign_publicity", args=[path.campaign.pk])
    data = {"applications": [app.pk], "starts_on": timezone.localdate().isoformat()}
    response = client.post(url, data)
    assert set(response.context["form"].errors) == {"contact_person", "contact_phone"}
    response = client.post(url, {**data, "contact_person": "王明", "contact_phone": "0571-85000000"})
    assert response.status_code == 302
    assert Publicity.objects.get().contact_person == "王明"


def test_naming_waits_until_the_notice_has_run_its_working_days(on_notice):
    with pytest.raises(workflow.TransitionError, match="公示期满"):
        naming.name(application=on_notice.app, by=on_notice.prov_head)
    Publicity.objects.filter(pk=on_notice.notice.pk).update(
        starts_on=timezone.localdate() - datetime.timedelta(days=10), ends_on=timezone.localdate()
    )
    with pytest.raises(workflow.TransitionError, match="公示期满"):  # the last day still belongs to it
        naming.name(application=Application.objects.get(pk=on_notice.app.pk), by=on_notice.prov_head)
    run_out(on_notice.notice)
    app = naming.name(application=Application.objects.get(pk=on_notice.app.pk), by=on_notice.prov_head)
    assert app.status == S.NAMED


def test_a_pending_public_objection_holds_the_naming_and_an_upheld_one_removes_the_studio(on_notice):
    path = on_notice
    objection = publicity.file_public_objection(
        publicity=path.notice,
        application=path.app,
        name="张三",
        phone="13800000000",
        unit="某某机械厂",
        text="成果重复",
        address="198.51.100.1",
    )
    run_out(path.notice)
    with pytest.raises(workflow.TransitionError, match="异议"):
        naming.name(application=Application.objects.get(pk=path.app.pk), by=path.prov_head)
    publicity.resolve_objection(
        objection=objection, resolution=Objection.Resolution.UPHELD, note="经核实成果重复", by=path.prov_head
    )
    app = Application.objects.get(pk=path.app.pk)
    assert app.status == S.NOT_NAMED
    last = workflow.history(app).last()
    assert (last.action, last.comment) == ("not_name", "经核实成果重复")
    named, waiting = naming.name_all(campaign=path.campaign, by=path.prov_head)
    assert named == [] and waiting == [] and not Naming.objects.exists()


# --- the public notice page ------------------------------------------------------------------------


def test_the_public_notice_shows_the_list_dates_and_how_to_object_without_logging_in(on_notice, client):
    path = on_notice
    page = client.get(reverse("public:publicity", args=[path.notice.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    for shown in (
        path.studio.name,
        path.studio.person_name,
        path.studio.unit,
        path.studio.host_union.name,
        path.notice.starts_on.isoformat(),
        path.notice.ends_on.isoformat(),
        "共5个工作日",
        "省总劳动和经济工作部 王明",
        "0571-85000000",
        "加盖单位公章",
    ):
        assert shown in text, shown
    assert "13912345678" not in text  # the lead's phone is never public
    assert "80.00" not in text and "评分" not in text
    assert 'id="file-objection"' in text
    assert 'id="internal-publicity"' not in text  # anonymous: no link to the internal page


def test_the_internal_page_link_shows_only_to_those_who_may_open_it(on_notice, client):
    url = reverse("public:publicity", args=[on_notice.notice.pk])
    for user, shown in (
        (on_notice.prov_head, True),
        (on_notice.prov_reviewer, True),
        (on_notice.a_head, False),
    ):
        client.force_login(user)
        assert ('id="internal-publicity"' in client.get(url).content.decode()) is shown, user
        internal = client.get(reverse("studios:campaign_publicity", args=[on_notice.campaign.pk]))
        assert internal.status_code == (200 if shown else 404), user


def test_the_organisers_reviewer_reads_the_internal_page_but_cannot_publish(on_notice, client):
    client.force_login(on_notice.prov_reviewer)
    url = reverse("studios:campaign_publicity", args=[on_notice.campaign.pk])
    page = client.get(url).content.decode()
    assert on_notice.studio.name in page and 'id="name-all"' not in page
    assert client.post(url, {"starts_on": timezone.localdate().isoformat()}).status_code == 403


def test_the_public_index_lists_running_and_past_notices(on_notice, client):
    index = client.get(reverse("public:publicity_list"))
    running = index.content.decode().split('id="running-notices"')[1].split("</ul>")[0]
    assert on_notice.campaign.title in running
    run_out(on_notice.notice)
    past = client.get(reverse("public:publicity_list")).content.decode().split('id="past-notices"')[1]
    assert on_notice.campaign.title in past.split("</ul>")[0]


def test_the_public_pages_run_a_constant_number_of_queries(on_notice, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get(reverse("public:publicity", args=[on_notice.notice.pk]))
    with django_assert_max_num_queries(3):
        client.get(reverse("public:publicity_list"))
    with django_assert_max_num_queries(4):
        client.get(reverse("public:named"))


# --- objections from the public --------------------------------------------------------------------


def test_a_public_objection_reaches_the_organisers_inbox_with_a_notice(
    on_notice, client, django_capture_on_commit_callbacks
):
    path = on_notice
    url = reverse("public:objection", args=[path.notice.pk])
    letter = SimpleUploadedFile("单位来函.pdf", pdf_bytes(), content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**objection_data(path.app), "attachment": letter})
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert (objection.source, objection.objector_name, objection.objector_unit) == (
        Objection.Source.PUBLIC,
        "张三",
        "某某机械厂",
    )
    assert objection.recorded_by is None and objection.received_on == timezone.localdate()
    assert objection.attachment_sha256 and objection.attachment.name.startswith("private/objections/")
    readers = set(Notice.objects.filter(text__contains=path.studio.name).values_list("user", flat=True))
    assert {path.prov_reviewer.pk, path.prov_head.pk, path.prov_admin.pk} <= readers
    assert path.a_reviewer.pk not in readers
    client.force_login(path.prov_reviewer)
    inbox = client.get(reverse("studios:campaign_publicity", args=[path.campaign.pk])).content.decode()
    assert "张三" in inbox and "13800000000" in inbox and "单位来函.pdf" in inbox
    download = reverse("studios:objection_attachment", args=[path.campaign.pk, objection.pk])
    assert client.get(download).status_code == 200
    client.force_login(path.a_head)
    assert client.get(download).status_code == 404
    client.logout()
    assert client.get(download).status_code == 302  # to the log-in page
    # The public page shows nothing of the objection.
    public = client.get(reverse("public:publicity", args=[path.notice.pk])).content.decode()
    assert "张三" not in public and "13800000000" not in public


@pytest.mark.parametrize("missing", ["name", "phone", "unit", "text"])
def test_an_objection_without_the_real_name_fields_is_refused_beside_the_field(on_notice, client, missing):
    url = reverse("public:objection", args=[on_notice.notice.pk])
    response = client.post(url, objection_data(on_notice.app, **{missing: "  "}))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [missing]
    assert not Objection.objects.exists()


def test_an_objection_with_a_made_up_phone_or_a_bad_file_is_refused(on_notice, client):
    url = reverse("public:objection", args=[on_notice.notice.pk])
    response = client.post(url, objection_data(on_notice.app, phone="打电话给我"))
    assert "phone" in response.context["form"].errors
    fake = SimpleUploadedFile("证据.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    response = client.post(url, {**objection_data(on_notice.app), "attachment": fake})
    assert "attachment" in response.context["form"].errors
    assert not Objection.objects.exists()


def test_objections_are_received_only_while_the_notice_runs(on_notice, client):
    url = reverse("public:objection", args=[on_notice.notice.pk])
    run_out(on_notice.notice)
    response = client.post(url, objection_data(on_notice.app))
    assert response.status_code == 200 and 'id="objections-closed"' in response.content.decode()
    assert not Objection.objects.exists()
    with pytest.raises(workflow.TransitionError):
        publicity.file_public_objection(
            publicity=Publicity.objects.get(pk=on_notice.notice.pk),
            application=on_notice.app,
            name="张三",
            phone="13800000000",
            unit="厂",
            text="迟到的异议",
            address="198.51.100.2",
        )


def test_objections_are_rate_limited_per_client_address(on_notice, client, settings):
    settings.PUBLIC_OBJECTIONS_PER_HOUR = 2
    url = reverse("public:objection", args=[on_notice.notice.pk])
    for _ in range(2):
        assert client.post(url, objection_data(on_notice.app), REMOTE_ADDR="203.0.113.9").status_code == 302
    refused = client.post(url, objection_data(on_notice.app), REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 200
    assert "过多" in refused.content.decode()
    assert Objection.objects.count() == 2
    other = client.post(url, objection_data(on_notice.app), REMOTE_ADDR="203.0.113.10")
    assert other.status_code == 302 and Objection.objects.count() == 3


def test_an_objection_names_a_studio_of_this_notice_only(on_notice, client):
    other = at_experts(on_notice.campaign, on_notice.studio_a2, on_notice)
    url = reverse("public:objection", args=[on_notice.notice.pk])
    response = client.post(url, objection_data(other))
    assert "application" in response.context["form"].errors
    assert not Objection.objects.exists()


# --- the named list and verification -----------------------------------------------------------------


@pytest.fixture
def named(on_notice):
    run_out(on_notice.notice)
    lead_user = UserFactory(username="t_pub_lead", full_name="带头人账号")
    assign_lead(studio=on_notice.studio, user=lead_user)
    on_notice.lead_user = lead_user
    on_notice.app = naming.name(application=on_notice.app, by=on_notice.prov_head)
    on_notice.naming = on_notice.app.naming
    return on_notice


def test_naming_tells_the_lead_and_the_host_union_with_links_from_site_url(
    path, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://studios.example.org"
    app = at_experts(path.campaign, path.studio, path)
    scored(path, app)
    meeting(path)
    run_out(
        publicity.publish(
            campaign=path.campaign, applications=[app], starts_on=timezone.localdate(), by=path.prov_head
        )
    )
    lead_user = UserFactory(username="t_pub_lead2", email="lead@example.org")
    assign_lead(studio=path.studio, user=lead_user)
    with django_capture_on_commit_callbacks(execute=True):
        app = naming.name(application=Application.objects.get(pk=app.pk), by=path.prov_head)
    told = Notice.objects.filter(text__contains=app.naming.certificate_number)
    assert lead_user.pk in set(told.values_list("user", flat=True))
    # The host union's staff filed the application: they hear of it once, from the application's move.
    assert Notice.objects.filter(user=path.a1_staff, text__contains="已获命名").count() == 1
    assert not told.filter(user=path.a1_staff).exists()
    assert told.get(user=lead_user).link == reverse("studios:detail", args=[path.studio.pk])
    mail = next(m for m in mailoutbox if m.to == ["lead@example.org"])
    assert f"https://studios.example.org/studios/{path.studio.pk}/" in mail.body


def test_the_public_named_list_keeps_a_revoked_title_marked_revoked(named, client):
    Naming.objects.filter(pk=named.naming.pk).update(revoked=True, revoked_on=datetime.date(2026, 3, 1))
    page = client.get(reverse("public:named")).content.decode()
    assert named.studio.name in page and named.naming.certificate_number in page
    assert "已撤销" in page and "2026-03-01" in page
    assert named.studio.person_phone not in page


def test_a_certificate_is_verified_by_its_number_and_the_qr_code_points_there(named, client, settings):
    number = named.naming.certificate_number
    settings.SITE_URL = "https://studios.example.org"
    assert naming.verify_url(named.naming) == "https://studios.example.org" + reverse(
        "public:verify_number", args=[number]
    )
    response = client.get(reverse("public:verify"), {"number": f"  {number} "})
    assert response.status_code == 302 and response["Location"] == reverse(
        "public:verify_number", args=[number]
    )
    page = client.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert named.studio.name in text and "有效" in text and str(named.naming.year) in text
    assert named.studio.person_phone not in text and named.lead_user.full_name not in text
    Naming.objects.filter(pk=named.naming.pk).update(revoked=True, revoked_on=datetime.date(2026, 3, 1))
    text = client.get(response["Location"]).content.decode()
    assert "已撤销" in text and "2026-03-01" in text


def test_an_unknown_certificate_number_says_so(client, db):
    page = client.get(reverse("public:verify_number", args=["省-1999-9999"]))
    assert page.status_code == 404 and "省-1999-9999" in page.content.decode()
    form = client.get(reverse("public:verify"), {"number": " "})
    assert form.status_code == 200 and form.context["form"].errors["number"]


def test_an_objection_the_organiser_records_is_dated_within_the_notice(on_notice):
    for day in (
        timezone.localdate() + datetime.timedelta(days=1),
        on_notice.notice.starts_on - datetime.timedelta(days=1),
    ):
        with pytest.raises(workflow.TransitionError, match="公示开始"):
            publicity.record_objection(
                publicity=on_notice.notice,
                application=on_notice.app,
                received_on=day,
                text="来信",
                by=on_notice.prov_head,
            )
    objection = publicity.record_objection(
        publicity=on_notice.notice,
        application=on_notice.app,
        received_on=timezone.localdate(),
        text="来信",
        by=on_notice.prov_head,
    )
    assert objection.source == Objection.Source.RECORDED and objection.recorded_by == on_notice.prov_head


def test_a_certificate_number_with_a_slash_is_verified_too(named, client):
    Naming.objects.filter(pk=named.naming.pk).update(certificate_number="浙工/2026/0001")
    named.naming.refresh_from_db()
    url = naming.verify_url(named.naming)
    assert url.endswith("/public/verify/%E6%B5%99%E5%B7%A5/2026/0001/")
    found = client.get(client.get(reverse("public:verify"), {"number": "浙工/2026/0001"})["Location"])
    assert found.status_code == 200 and named.studio.name in found.content.decode()
