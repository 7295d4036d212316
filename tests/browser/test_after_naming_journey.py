"""The studio's life after naming, in a browser, at desktop width and at a 360 px phone's: the provincial
head revokes a named studio's title (摘牌); the host union's clerk tries to file it again at that level and
is told until when it may not; the clerk files a lead change (带头人变更), a wrong phone refused beside its
field first; the provincial reviewer finds it on the home page, approves it; the studio page shows the new
lead and the change on its timeline; the provincial head grants creation funds to three named studios at
once under one 文号, and each studio's funds ledger holds its income. Each step is a function of its own."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ledgers.models import FundEntry, FundGrant, GrantBatch
from studios import workflow
from studios.models import Naming, NamingLevel, Quota, Studio, StudioChange
from studios.services import campaigns
from tests.conftest import build_tree
from tests.factories import StudioFactory, lead
from tests.overview.helpers import named_studio
from unions.dates import years_after

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def world():
    t = build_tree()
    today = timezone.localdate()
    campaign = campaigns.create_campaign(
        organiser=t.province,
        by=t.prov_head,
        title="省级劳模创新工作室评选",
        year=today.year,
        naming_level=NamingLevel.PROVINCIAL,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=30),
        require_mature=True,
        certificate_prefix="省",
    )
    Quota.objects.create(campaign=campaign, union=t.company_a, places=2)
    t.campaign = workflow.transition(campaign, "open", by=t.prov_head)
    t.studio = StudioFactory(
        host_union=t.a1,
        name="王海峰劳模创新工作室",
        person_name="王海峰",
        stage=Studio.Stage.NAMED,
        unit="兰溪电厂",
    )
    Naming.objects.create(
        studio=t.studio,
        level=NamingLevel.PROVINCIAL,
        year=today.year - 2,
        certificate_number=f"省-{today.year - 2}-0007",
        named_by=t.province,
        named_on=today - datetime.timedelta(days=700),
    )
    t.lead = lead(t.studio, "t_after_lead", full_name="王海峰")
    t.granted = [
        named_studio(t.a1, by=t.province, name="甲一节能工作室"),
        named_studio(t.a2, by=t.province, name="甲二焊接工作室"),
        named_studio(t.b1, by=t.province, name="乙一数控工作室"),
    ]
    return t


def fits(page, width):
    return page.evaluate("document.documentElement.scrollWidth") <= width + 1


def step_revoke_title(page, base, login_as, t, width):
    """The provincial head revokes the studio's provincial title from the studio page, with a reason."""
    login_as(t.prov_head)
    page.goto(f"{base}/studios/{t.studio.pk}/")
    page.locator("#comment-revoke").fill("连续两年无创新成果，限期整改未达标")
    page.locator("#move-revoke").click()
    expect(page.locator(".alert-success")).to_contain_text("撤销命名")
    expect(page.locator("body")).to_contain_text("已撤销")
    assert fits(page, width)


def step_reapply_is_refused(page, base, login_as, t, width):
    """The clerk opens the filing page of the provincial campaign for the studio: refused, with the date."""
    login_as(t.a1_staff)
    page.goto(f"{base}/studios/campaigns/{t.campaign.pk}/file/{t.studio.pk}/")
    until = years_after(timezone.localdate(), t.campaign.reapply_wait_years)
    eligibility = page.locator("#eligibility")
    expect(eligibility).to_contain_text("摘牌")
    expect(eligibility).to_contain_text(f"{until.isoformat()} 起方可再次申报")
    assert fits(page, width)


def step_file_lead_change(page, base, t, width):
    """The clerk files the lead change from the studio page; a wrong phone is refused beside its field."""
    page.goto(f"{base}/studios/{t.studio.pk}/")
    page.locator("#file-lead-change").click()
    page.get_by_label("新带头人姓名").fill("李明")
    page.get_by_label("领衔人性别").select_option(label="男")
    page.get_by_label("领衔人联系电话").fill("12345")
    page.get_by_label("新工作室名称").fill("李明劳模创新工作室")
    page.get_by_label("生效日期").fill(timezone.localdate().isoformat())
    page.get_by_label("理由").fill("王海峰同志退休")
    page.locator("#change-submit").click()
    expect(page.locator("#change-form")).to_contain_text("请填写中国大陆的电话号码")
    expect(page.get_by_label("新带头人姓名")).to_have_value("李明")
    assert fits(page, width)
    page.get_by_label("领衔人联系电话").fill("13800000000")
    page.locator("#change-submit").click()
    expect(page.locator("#change-status")).to_contain_text("已提交，待审批")
    assert fits(page, width)


def step_approve_lead_change(page, base, login_as, t, width):
    """The provincial reviewer finds the request on the home page, opens it and approves it."""
    login_as(t.prov_reviewer)
    page.goto(f"{base}/")
    page.locator("#open-changes").click()
    page.locator("#pending-changes").get_by_role("link", name=t.studio.name).click()
    expect(page.locator("#new-lead")).to_have_text("李明")
    assert fits(page, width)
    page.locator("#comment-approve").fill("同意变更")
    page.locator("#move-approve").click()
    expect(page.locator("#change-status")).to_contain_text("已批准")


def step_batch_grant(page, base, login_as, t, width):
    """The provincial head grants creation funds to three named studios at once under one 文号; the
    studio whose title was revoked is not offered (creation funds go to named studios only)."""
    login_as(t.prov_head)
    page.goto(f"{base}/ledgers/grants/?union={t.province.pk}")
    page.locator("#new-batch").click()
    form = page.locator("#batch-grant-form")
    expect(form).not_to_contain_text(t.studio.name)
    page.locator("#id_document_number").fill("浙工〔2026〕21号")
    page.locator("#id_title").fill("关于拨付省级劳模创新工作室创建经费的通知")
    page.locator("#id_purpose").fill("创建经费")
    for studio in t.granted:
        page.get_by_label(studio.name, exact=True).check()
    page.locator("#id_same_amount").fill("30000")
    page.locator("#grant-batch").click()
    expect(page.locator(".alert-success")).to_contain_text("3 个工作室")
    lines = page.locator("#batch-lines")
    for studio in t.granted:
        expect(lines.locator("tr", has_text=studio.name)).to_be_visible()
    assert fits(page, width)


def step_studio_shows_the_new_lead(page, base, t, width):
    page.goto(f"{base}/studios/{t.studio.pk}/")
    expect(page.locator("h1")).to_have_text("李明劳模创新工作室")
    expect(page.locator("#studio-person")).to_contain_text("李明")
    timeline = page.locator("#studio-timeline")
    expect(timeline).to_contain_text("带头人变更 · 批准")
    expect(timeline).to_contain_text("同意变更")
    assert fits(page, width)
    page.locator("#studio-history").click()
    expect(page.locator("body")).to_contain_text("王海峰")
    expect(page.locator("body")).to_contain_text("李明")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_revoked_studio_waits_to_reapply_and_its_lead_change_is_approved_at_the_province(
    live_server, page, login_as, viewport
):
    t = world()
    base = live_server.url
    page.set_viewport_size(viewport)
    width = viewport["width"]

    step_revoke_title(page, base, login_as, t, width)
    step_reapply_is_refused(page, base, login_as, t, width)
    step_file_lead_change(page, base, t, width)
    step_approve_lead_change(page, base, login_as, t, width)
    step_studio_shows_the_new_lead(page, base, t, width)
    step_batch_grant(page, base, login_as, t, width)

    change = StudioChange.objects.get()
    assert change.status == StudioChange.Status.APPROVED
    t.studio.refresh_from_db()
    assert (t.studio.person_name, t.studio.person_phone) == ("李明", "13800000000")
    batch = GrantBatch.objects.get()
    assert set(FundGrant.objects.filter(batch=batch).values_list("studio", flat=True)) == {
        s.pk for s in t.granted
    }
    for studio in t.granted:  # each grant is an income line of its studio's funds ledger
        assert FundEntry.objects.filter(
            studio=studio, direction=FundEntry.Direction.INCOME, amount=30000
        ).exists()
