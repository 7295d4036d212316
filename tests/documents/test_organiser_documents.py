"""The organiser's documents: the naming decision, the printed public notice, each expert's score
sheet and the score summary (PDF; text read back with pypdf)."""

import pytest
from django.utils import timezone

from studios.documents.notices import score_lines
from studios.models import Application, ExpertAssignment, Publicity
from studios.services import experts, naming, publicity
from tests.studios.helpers import run_out
from tests.studios.workflow.conftest import at_experts, path  # noqa: F401  (the fixture)
from tests.studios.workflow.test_experts_and_naming import scored

from .conftest import pdf_text
from .test_letter_summary_certificate import compact


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/pdf"
    return compact("".join(pdf_text(b"".join(response.streaming_content))[1]))


def on_notice(path, apps, **extra):  # noqa: F811
    experts.record_meeting(
        campaign=path.campaign,
        approve=experts.meeting_candidates(path.campaign),
        by=path.prov_head,
        held_on=timezone.localdate(),
        attendees="全体",
    )
    return publicity.publish(
        campaign=path.campaign, applications=apps, starts_on=timezone.localdate(), by=path.prov_head, **extra
    )


@pytest.fixture
def named_pair(path):  # noqa: F811
    apps = [at_experts(path.campaign, s, path) for s in (path.studio, path.studio_a2)]
    for app in apps:
        scored(path, app, f"t_e_{app.pk}")
    run_out(on_notice(path, apps))
    naming.name_all(campaign=path.campaign, by=path.prov_head)
    return path, [Application.objects.get(pk=a.pk) for a in apps]


def test_the_naming_decision_lists_the_named_by_union_with_numbers_and_a_kept_number(named_pair, client):
    world, apps = named_pair
    year = timezone.localdate().year
    client.force_login(world.prov_head)
    page = client.get(f"/studios/campaigns/{world.campaign.pk}/").content.decode()
    url = f"/studios/campaigns/{world.campaign.pk}/naming-decision.pdf"
    assert url in page
    text = download(client, url)
    for expected in [
        f"〔{year}〕1号",
        "关于命名测试省级评选省级劳模（职工）创新工作室的决定",
        "甲集团公司工会（2个）",
        "甲一劳模创新工作室",
        "甲二劳模创新工作室",
        *(a.naming.certificate_number for a in apps),
        "（盖章）",
        "测试省总工会",
        "{d.year}年{d.month}月{d.day}日".format(d=timezone.localdate()),
    ]:
        assert expected in text, expected
    assert f"〔{year}〕1号" in download(client, url)  # printed again: the same 文号
    world.campaign.refresh_from_db()
    assert (world.campaign.decision_year, world.campaign.decision_serial) == (year, 1)
    client.force_login(world.a_reviewer)
    assert client.get(url).status_code == 404


def test_no_decision_link_before_any_name(path, client):  # noqa: F811
    client.force_login(path.prov_head)
    page = client.get(f"/studios/campaigns/{path.campaign.pk}/").content.decode()
    assert "naming-decision.pdf" not in page


def test_the_printed_public_notice_has_the_list_dates_working_days_how_to_object_and_contact(path, client):  # noqa: F811
    app = at_experts(path.campaign, path.studio, path)
    scored(path, app)
    studio = path.studio
    studio.person_name, studio.unit = "李秀英", "兰溪发电厂"
    studio.save()
    extra = {}
    if hasattr(Publicity, "contact_person"):
        extra = {"contact_person": "王明", "contact_phone": "0571-88888888"}
    notice = on_notice(path, [app], **extra)
    client.force_login(path.prov_head)
    page = client.get(f"/studios/campaigns/{path.campaign.pk}/publicity/").content.decode()
    url = f"/studios/campaigns/{path.campaign.pk}/publicity/{notice.pk}/notice.pdf"
    assert url in page
    text = download(client, url)

    def day(d):
        return f"{d.year}年{d.month}月{d.day}日"

    for expected in [
        "测试省级评选拟命名工作室公示",
        "甲一劳模创新工作室",
        "李秀英",
        "兰溪发电厂",
        "甲一基层工会",
        f"公示期自{day(notice.starts_on)}至{day(notice.ends_on)}（{notice.working_days}个工作日）",
        "以书面形式实名反映",
        f"/public/publicity/{notice.pk}/",
        *(["王明", "0571-88888888"] if extra else []),
    ]:
        assert expected in text, expected
    client.force_login(path.a_reviewer)
    assert client.get(url).status_code == 404


def test_each_expert_signs_a_score_sheet_and_the_organiser_prints_the_summary(path, client):  # noqa: F811
    app = at_experts(path.campaign, path.studio, path)
    first = scored(path, app, "t_e_first", value=80)
    second = scored(path, app, "t_e_second", value=90)
    assignment = ExpertAssignment.objects.get(application=app, expert=first)
    lines = score_lines(assignment)
    assert lines and all(label and most and points is not None for label, most, points in lines)
    client.force_login(first.user)
    page = client.get(f"/studios/applications/{app.pk}/").content.decode()
    url = f"/studios/experts/assignments/{assignment.pk}/score-sheet.pdf"
    assert url in page
    text = download(client, url)
    for expected in [
        "专家评分表",
        "甲一劳模创新工作室",
        *(compact(str(label)) for label, _most, _points in lines),
        "满分",
        "得分",
        "合计",
        "专家签名：",
        first.unit,
        first.user.full_name or first.user.username,
    ]:
        assert expected in text, expected
    # Another expert may not print this one's sheet; the organiser's reviewer may.
    client.force_login(second.user)
    assert client.get(url).status_code == 404
    client.force_login(path.prov_reviewer)
    download(client, url)
    sheets = download(client, f"/studios/campaigns/{path.campaign.pk}/score-sheets.pdf")
    assert sheets.count("专家签名：") == 2
    summary = download(client, f"/studios/campaigns/{path.campaign.pk}/score-summary.pdf")
    assert "专家评分汇总表" in summary and "甲一劳模创新工作室" in summary and "2/2" in summary
    client.force_login(path.a_reviewer)
    assert client.get(f"/studios/campaigns/{path.campaign.pk}/score-summary.pdf").status_code == 404


def test_the_naming_decision_is_filed_when_issued_and_later_revocations_never_change_it(named_pair, client):
    """A decision says what was decided then: printed again after a title is revoked, a studio renamed
    and the year turned, it is the same file — every studio it named, its 文号 and its day."""
    import datetime

    import time_machine

    from studios import workflow
    from studios.models import Campaign, Naming

    world, apps = named_pair
    issued = timezone.localdate()
    client.force_login(world.prov_head)
    url = f"/studios/campaigns/{world.campaign.pk}/naming-decision.pdf"
    first = client.get(url)
    assert first.status_code == 200
    first = b"".join(first.streaming_content)
    campaign = Campaign.objects.get(pk=world.campaign.pk)
    assert campaign.decision_issued_on == issued and campaign.decision_file.name.startswith(
        f"private/decisions/{campaign.pk}/"
    )
    revoked = apps[0].studio
    workflow.transition(revoked, "revoke", by=world.prov_head, comment="考核不合格，予以摘牌")
    assert Naming.objects.get(pk=apps[0].naming.pk).revoked
    type(revoked).objects.filter(pk=revoked.pk).update(name="改名后的工作室")
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=400)):
        client.force_login(world.prov_head)  # a session of that later day
        again = client.get(url)
        assert again.status_code == 200
        again = b"".join(again.streaming_content)
    assert again == first
    text = compact("".join(pdf_text(again)[1]))
    assert "甲一劳模创新工作室" in text and "改名后的工作室" not in text
    assert apps[0].naming.certificate_number in text
    assert f"{issued.year}年{issued.month}月{issued.day}日" in text
    assert "（2个）" in text


def test_a_decision_whose_file_is_lost_is_made_again_as_of_its_day(named_pair, client):
    """Its stored file gone, the decision is rendered as of its day of issue: the titles it named (even
    one revoked since), never one named after it, with its 文号 and its date."""
    import datetime

    import time_machine

    from studios import workflow
    from studios.models import Campaign, Naming

    world, apps = named_pair
    issued = timezone.localdate()
    client.force_login(world.prov_head)
    url = f"/studios/campaigns/{world.campaign.pk}/naming-decision.pdf"
    assert client.get(url).status_code == 200
    campaign = Campaign.objects.get(pk=world.campaign.pk)
    campaign.decision_file.storage.delete(campaign.decision_file.name)
    workflow.transition(apps[0].studio, "revoke", by=world.prov_head, comment="考核不合格，予以摘牌")
    Naming.objects.filter(pk=apps[1].naming.pk).update(named_on=issued + datetime.timedelta(days=3))
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)):
        client.force_login(world.prov_head)
        text = download(client, url)
    assert apps[0].naming.certificate_number in text  # revoked since: still what was decided
    assert apps[1].naming.certificate_number not in text  # named after the decision's day
    assert campaign.decision_number in text
    assert f"{issued.year}年{issued.month}月{issued.day}日" in text
