"""A whole provincial selection in the browser, in its real order, at desktop width and at a 360 px
phone's: packages received (形式审查), one returned for correction (补正) and resubmitted, five experts
declare no conflict and score both in points (one expert's total far off on one application, flagged on
that row only), the meeting with its vote, the 公示 read by an anonymous browser which files an objection
there (refused first without the real-name fields), the head dismisses it, naming is refused while the
公示 runs and done once its working days have passed, and an anonymous browser verifies the certificate."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from studios import workflow
from studios.models import Application, Naming, NamingLevel, Objection, Quota, TransitionLog
from studios.services import applications as filing
from studios.services import campaigns, experts
from tests.studios.workflow.conftest import expert, filed, mature_studio, review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


def as_user(page, login_as, user):
    page.context.clear_cookies()
    login_as(user)


def world(tree):
    today = timezone.localdate()
    campaign = campaigns.create_campaign(
        organiser=tree.province,
        by=tree.prov_head,
        title="全省评选旅程",
        year=today.year,
        naming_level=NamingLevel.PROVINCIAL,
        opens_on=today - datetime.timedelta(days=5),
        closes_on=today + datetime.timedelta(days=20),
        certificate_prefix="省",
    )
    campaign.score_spread_threshold = 20
    campaign.save(update_fields=["score_spread_threshold"])
    Quota.objects.create(campaign=campaign, union=tree.company_a, places=2)
    campaign = workflow.transition(campaign, "open", by=tree.prov_head)
    studio_a = mature_studio(tree.a1, name="甲一劳模创新工作室")
    studio_a.person_phone = "13912345678"
    studio_a.save(update_fields=["person_phone"])
    a = filed(campaign, studio_a, tree.a1_staff)
    b = filed(campaign, mature_studio(tree.a1, name="甲二劳模创新工作室"), tree.a1_staff)
    for app in (a, b):
        review(app, tree.a_reviewer)
    filing.send_up(campaign=campaign, union=tree.company_a, by=tree.a_reviewer)
    return campaign, a, b


def step_receipt_return_a_accept_b(page, base, a, b):
    page.goto(f"{base}/")
    page.get_by_role("link", name="待形式审查的申报").click()
    expect(page.locator(f"#receipt-{a.pk}")).to_be_visible()
    expect(page.locator(f"#receipt-{b.pk}")).to_be_visible()
    page.locator(f"#comment-{a.pk}").fill("缺少所在单位党政意见页的盖章。")
    page.locator(f"#receipt-{a.pk} .receipt-return").click()
    expect(page.get_by_text("已退回申报单位补正")).to_be_visible()
    page.locator(f"#receipt-{b.pk} .receipt-accept").click()
    expect(page.get_by_text("形式审查通过，进入专家评定")).to_be_visible()
    expect(page.get_by_text("暂无待形式审查的申报")).to_be_visible()


def step_resubmit_a(page, base, a):
    page.goto(f"{base}/studios/applications/{a.pk}/")
    expect(page.locator("#timeline")).to_contain_text("缺少所在单位党政意见页的盖章")
    page.locator("#move-resubmit").click()
    expect(page.locator("#next-step")).to_contain_text("待 甲集团公司工会 审核")


def step_accept_a(page, base, campaign, a):
    page.goto(f"{base}/studios/campaigns/{campaign.pk}/receipt/")
    page.locator(f"#receipt-{a.pk} .receipt-accept").click()
    expect(page.get_by_text("形式审查通过，进入专家评定")).to_be_visible()


def step_declare_and_score(page, base, campaign, app, below_max):
    page.goto(f"{base}/studios/experts/assignments/")
    page.get_by_role("link", name=app.studio.name).click()
    page.locator("#id_no_conflict").check()
    page.locator("#declare-no-conflict").click()
    expect(page.get_by_text("回避声明已记录")).to_be_visible()
    dims = list(campaign.dimensions.all())
    expect(page.locator("input[name^=d_]")).to_have_count(len(dims))
    for d in dims:
        page.locator(f"#id_d_{d.pk}").fill(str(max(d.max_points - below_max, 0)))
    page.locator("#submit-scores").click()
    expect(page.locator("#other-scores")).to_be_visible()


def step_meeting_and_publish(page, base, campaign, apps):
    page.goto(f"{base}/studios/campaigns/{campaign.pk}/meeting/")
    page.get_by_label("会议日期").fill(timezone.localdate().isoformat())
    page.get_by_label("参会人员").fill("陈丽华、王志强、周建国、李梅、赵刚")
    for app in apps:  # approved by a vote of the five: 5 for, 0 against, 0 abstaining
        page.locator(f"select[name=a_{app.pk}]").select_option("approve")
        page.locator(f"input[name=for_{app.pk}]").fill("5")
        page.locator(f"input[name=against_{app.pk}]").fill("0")
        page.locator(f"input[name=abstain_{app.pk}]").fill("0")
    page.locator("#record-meeting").click()
    expect(page.get_by_text("会议研究情况已登记")).to_be_visible()
    expect(page.locator(".meeting-outcomes").first).to_contain_text("5")
    page.goto(f"{base}/studios/campaigns/{campaign.pk}/publicity/")
    for app in apps:
        page.get_by_label(app.studio.name, exact=False).check()
    page.get_by_label("公示开始日期").fill(timezone.localdate().isoformat())
    page.locator("#id_contact_person").fill("王明")
    page.locator("#id_contact_phone").fill("0571-85000000")
    page.locator("#publish").click()
    expect(page.get_by_text("公示已发布")).to_be_visible()


def step_anonymous_reads_notice(page, base, campaign, apps):
    page.context.clear_cookies()
    page.goto(f"{base}/public/publicity/")
    expect(page.locator("#running-notices")).to_contain_text(campaign.title)
    page.locator("#running-notices").get_by_role("link", name=campaign.title).click()
    for app in apps:
        expect(page.locator("#notice-list")).to_contain_text(app.studio.name)
    expect(page.locator("#notice-period")).to_contain_text(timezone.localdate().isoformat())
    expect(page.locator("#notice-contact")).to_contain_text("0571-85000000")
    expect(page.locator("#how-to-object")).to_be_visible()
    assert "13912345678" not in page.content()  # the lead's own phone is never public


def step_anonymous_objects(page, app):
    """On the public notice: an objection without the real-name fields is refused beside them, then filed."""
    page.locator("#file-objection").click()
    page.locator("#submit-objection").click()
    for field in ("name", "phone", "unit"):
        expect(page.locator(f"#id_{field}_error, #error_1_id_{field}").first).to_be_visible()
    assert not Objection.objects.exists()
    page.get_by_label("涉及的工作室").select_option(label=app.studio.name)
    page.get_by_label("姓名").fill("张三")
    page.get_by_label("联系电话").fill("13800000000")
    page.get_by_label("工作单位").fill("某某机械厂")
    page.get_by_label("异议事由").fill("该工作室申报的节能成果与本单位成果重复。")
    page.locator("#submit-objection").click()
    expect(page.get_by_text("您的异议已收到")).to_be_visible()


def step_head_dismisses_objection(page, base, campaign):
    objection = Objection.objects.get()
    page.goto(f"{base}/studios/campaigns/{campaign.pk}/publicity/")
    box = page.locator(f"#objection-{objection.pk}")
    expect(box).to_contain_text("张三")
    expect(box).to_contain_text("节能成果与本单位成果重复")
    box.locator("input[value=dismissed]").check()
    box.locator("textarea[name=note]").fill("经核查，两项成果内容不同，异议不成立。")
    box.get_by_role("button").click()
    expect(page.get_by_text("异议已处理")).to_be_visible()
    expect(page.locator(f"#objection-{objection.pk}")).to_contain_text("异议不成立")


def step_naming_waits_for_the_end(page, ends_on):
    page.locator("#name-all").click()
    expect(page.locator(".alert-warning").first).to_contain_text(ends_on.isoformat())
    assert not Naming.objects.exists()


def step_name_all(page, base, campaign):
    page.goto(f"{base}/studios/campaigns/{campaign.pk}/publicity/")
    page.locator("#name-all").click()
    expect(page.get_by_text("已命名 2 个工作室")).to_be_visible()


def step_anonymous_verifies(page, base, naming):
    page.context.clear_cookies()
    page.goto(f"{base}/public/verify/")
    page.get_by_label("证书编号").fill(naming.certificate_number)
    page.locator("#verify-submit").click()
    expect(page.locator("#verification")).to_contain_text(naming.studio.name)
    expect(page.locator("#verification")).to_contain_text("省级")
    expect(page.locator("#verification-status")).to_contain_text("有效")
    content = page.content()
    assert "13800000000" not in content and "张三" not in content  # nothing private
    assert naming.studio.person_phone not in content  # the lead's own phone is never public


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_whole_provincial_selection_from_receipt_to_verification(
    live_server, page, login_as, tree, viewport
):
    page.set_viewport_size(viewport)
    campaign, a, b = world(tree)
    base = live_server.url

    as_user(page, login_as, tree.prov_reviewer)
    step_receipt_return_a_accept_b(page, base, a, b)

    as_user(page, login_as, tree.a1_staff)
    step_resubmit_a(page, base, a)
    review(Application.objects.get(pk=a.pk), tree.a_reviewer)
    filing.send_up(campaign=campaign, union=tree.company_a, by=tree.a_reviewer)

    as_user(page, login_as, tree.prov_reviewer)
    step_accept_a(page, base, campaign, a)

    panel = [expert(tree.province, f"t_journey_expert_{i}") for i in range(5)]
    for e in panel:
        for app in (a, b):
            experts.assign_expert(
                application=Application.objects.get(pk=app.pk), expert=e, by=tree.prov_reviewer
            )
    for i, e in enumerate(panel):
        as_user(page, login_as, e.user)
        # The last expert marks A far below the others (each dimension at a third of its maximum or less).
        step_declare_and_score(page, base, campaign, a, below_max=2 if i < 4 else 12)
        step_declare_and_score(page, base, campaign, b, below_max=2)

    as_user(page, login_as, tree.prov_head)
    page.goto(f"{base}/studios/campaigns/{campaign.pk}/scores/")
    table = page.locator("#score-table")
    row_a = table.locator("tr", has_text="甲一劳模创新工作室")
    row_b = table.locator("tr", has_text="甲二劳模创新工作室")
    expect(row_a.locator(".outlier")).to_have_text("分差超过 20 分")
    expect(row_b).to_be_visible()
    expect(row_b.locator(".outlier")).to_have_count(0)

    step_meeting_and_publish(page, base, campaign, (a, b))
    step_anonymous_reads_notice(page, base, campaign, (a, b))
    step_anonymous_objects(page, a)

    as_user(page, login_as, tree.prov_head)
    step_head_dismisses_objection(page, base, campaign)
    ends_on = Application.objects.get(pk=a.pk).publicity.ends_on
    step_naming_waits_for_the_end(page, ends_on)

    # The 公示's working days pass: the next morning after its last day, in Shanghai.
    after = datetime.datetime.combine(
        ends_on + datetime.timedelta(days=1), datetime.time(9, 30), tzinfo=ZoneInfo("Asia/Shanghai")
    )
    with time_machine.travel(after, tick=True):
        as_user(page, login_as, tree.prov_head)
        step_name_all(page, base, campaign)
        step_anonymous_verifies(page, base, Naming.objects.get(studio=a.studio))

    numbers = list(Naming.objects.values_list("certificate_number", flat=True))
    assert len(numbers) == 2 and len(set(numbers)) == 2
    assert Objection.objects.get().resolution == Objection.Resolution.DISMISSED

    logs = TransitionLog.objects.filter(object_id=a.pk).values_list("action", flat=True)
    assert {"return_for_correction", "resubmit"} <= set(logs), list(logs)
