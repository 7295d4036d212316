"""An anonymous browser on the public pages: it opens a running 公示, files an objection (first refused
without the real-name fields, each message beside its field), and verifies certificates by number — one
in force, one revoked — at desktop width and at a 360 px phone's, where nothing overflows the screen."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from studios import workflow
from studios.models import Naming, NamingLevel, Objection, Quota
from studios.services import campaigns, experts, publicity
from tests.conftest import build_tree
from tests.studios.workflow.conftest import at_experts, expert, mature_studio
from unions.models import Notice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def world():
    t = build_tree()
    today = timezone.localdate()
    campaign = campaigns.create_campaign(
        organiser=t.province,
        by=t.prov_head,
        title="2026年度省级劳模创新工作室评选",
        year=today.year,
        naming_level=NamingLevel.PROVINCIAL,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=30),
        require_mature=True,
        certificate_prefix="省",
    )
    Quota.objects.create(campaign=campaign, union=t.company_a, places=2)
    campaign = workflow.transition(campaign, "open", by=t.prov_head)
    studio = mature_studio(t.a1, name="王强劳模创新工作室", person_name="王强", person_phone="13912345678")
    app = at_experts(campaign, studio, t)
    e = expert(t.province, "t_public_expert")
    assignment = experts.assign_expert(application=app, expert=e, by=t.prov_reviewer)
    assignment = experts.declare_no_conflict(assignment=assignment, by=e.user)  # 回避声明 before scoring
    dims = list(campaign.dimensions.all())
    experts.submit_scores(
        assignment=assignment,
        by=e.user,
        scores={d.pk: (getattr(d, "max_points", None) or 80) * 3 // 4 for d in dims},
    )
    experts.record_meeting(
        campaign=campaign,
        approve=experts.meeting_candidates(campaign),
        by=t.prov_head,
        held_on=today,
        attendees="全体评委",
    )
    notice = publicity.publish(
        campaign=campaign,
        applications=[app],
        starts_on=today,
        by=t.prov_head,
        contact_person="王明",
        contact_phone="0571-85000000",
    )
    named = mature_studio(t.a2, name="李华职工创新工作室")
    active = Naming.objects.create(
        studio=named,
        level=NamingLevel.PROVINCIAL,
        year=today.year - 1,
        certificate_number=f"省-{today.year - 1}-0007",
        named_by=t.province,
        named_on=datetime.date(today.year - 1, 6, 1),
    )
    revoked = Naming.objects.create(
        studio=named,
        level=NamingLevel.COMPANY,
        year=today.year - 3,
        certificate_number=f"甲-{today.year - 3}-0002",
        named_by=t.company_a,
        named_on=datetime.date(today.year - 3, 6, 1),
        revoked=True,
        revoked_on=datetime.date(today.year - 1, 3, 15),
    )
    return t, campaign, studio, notice, active, revoked


def fits(page, width):
    return page.evaluate("document.documentElement.scrollWidth") <= width + 1


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_anonymous_browser_reads_the_notice_objects_and_verifies_a_certificate(
    live_server, page, viewport
):
    t, campaign, studio, notice, active, revoked = world()
    base = live_server.url
    page.set_viewport_size(viewport)

    # The index of notices → the notice: the list, the dates, how to object and whom to call.
    page.goto(f"{base}/public/publicity/")
    expect(page.locator("#running-notices")).to_contain_text(campaign.title)
    assert fits(page, viewport["width"])
    page.locator("#running-notices").get_by_role("link", name=campaign.title).click()
    expect(page.locator("#notice-list")).to_contain_text("王强劳模创新工作室")
    expect(page.locator("#notice-list")).to_contain_text("王强")
    expect(page.locator("#notice-period")).to_contain_text(notice.ends_on.isoformat())
    expect(page.locator("#notice-contact")).to_contain_text("0571-85000000")
    expect(page.locator("#how-to-object")).to_contain_text("加盖单位公章")
    assert "13912345678" not in page.content()  # the lead's own phone is never public
    expect(page.locator("#internal-publicity")).to_have_count(0)
    assert fits(page, viewport["width"])

    # An objection without the real-name fields is refused, a message beside each field.
    page.locator("#file-objection").click()
    page.locator("#submit-objection").click()
    for field in ("application", "name", "phone", "unit", "text"):
        expect(page.locator(f"#id_{field}_error, #error_1_id_{field}").first).to_be_visible()
    assert not Objection.objects.exists()
    assert fits(page, viewport["width"])
    page.get_by_label("涉及的工作室").select_option(label="王强劳模创新工作室")
    page.get_by_label("姓名").fill("张三")
    page.get_by_label("联系电话").fill("13800000000")
    page.get_by_label("工作单位").fill("某某机械厂")
    page.get_by_label("异议事由").fill("该工作室申报的技术成果与本单位成果重复。")
    page.locator("#submit-objection").click()
    expect(page.get_by_text("您的异议已收到")).to_be_visible()
    objection = Objection.objects.get()
    assert (objection.source, objection.objector_name) == (Objection.Source.PUBLIC, "张三")
    assert Notice.objects.filter(user=t.prov_reviewer, text__contains="王强劳模创新工作室").exists()

    # Verification by number: in force, and revoked (with the day), never missing.
    page.goto(f"{base}/public/verify/")
    page.get_by_label("证书编号").fill(active.certificate_number)
    page.locator("#verify-submit").click()
    expect(page.locator("#verification")).to_contain_text("李华职工创新工作室")
    expect(page.locator("#verification-status")).to_contain_text("有效")
    assert fits(page, viewport["width"])
    page.get_by_label("证书编号").fill(revoked.certificate_number)
    page.locator("#verify-submit").click()
    expect(page.locator("#verification-status")).to_contain_text("已撤销")
    expect(page.locator("#verification-status")).to_contain_text(revoked.revoked_on.isoformat())

    # The named list keeps the revoked title, marked.
    page.goto(f"{base}/public/named/")
    expect(page.locator("#public-named-list")).to_contain_text(revoked.certificate_number)
    expect(page.locator("#public-named-list")).to_contain_text("已撤销")
    assert fits(page, viewport["width"])
