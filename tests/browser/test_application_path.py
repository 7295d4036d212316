"""The whole review path on the demo tree, in a browser, every step by the demo role who takes it.

grassroots files → company returns with a reason → grassroots resubmits → company recommends and
sends up → experts score → the province records the meeting, publishes the 公示 and names → the
studio's page shows the naming.
"""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from studios.models import Application, Studio
from studios.services.studio import mature_if_complete
from tests.studios.helpers import pdf_bytes, run_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

User = get_user_model()


def user(username):
    return User.objects.get(username=username)


def a_mature_demo_studio():
    """The demo lead's studio lacks only a recent achievement: log one, and it matures through the workflow."""
    from ledgers.models import Achievement

    studio = Studio.objects.get(person_name="王海峰")
    Achievement.objects.create(
        studio=studio,
        kind="proposal",
        title="磨煤机节能改造建议",
        date=timezone.localdate() - datetime.timedelta(days=5),
    )
    studio = mature_if_complete(studio, by=user("gr_staff"))
    assert studio.stage == Studio.Stage.MATURE
    return studio


def as_user(page, login_as, username):
    page.context.clear_cookies()
    login_as(user(username))


def every(locator):
    """All elements a locator matches, once the page showing them has loaded.

    ``Locator.all()`` does not wait: right after a click that navigates it may read the page being
    left and return nothing, and the loop over it then silently does nothing.
    """
    expect(locator.first).to_be_visible()
    return locator.all()


def test_a_studio_travels_from_filing_to_naming(live_server, page, login_as):
    call_command("seed_demo", "--quiet", stdout=io.StringIO())
    studio = a_mature_demo_studio()
    base = live_server.url

    # 1. Grassroots staff files: eligibility is shown, a draft is saved, then submitted.
    as_user(page, login_as, "gr_staff")
    page.goto(f"{base}/studios/applications/")
    page.locator("a[id^=file-]").first.click()
    page.locator(f"#file-studio-{studio.pk}").click()
    expect(page.locator("#eligibility")).to_contain_text("符合本批次全部申报条件")
    for textarea in every(page.locator("textarea[name^=s_]")):
        textarea.fill("已按要求落实，详见佐证材料。")
    page.set_input_files(
        "input[name=plan]",
        files=[{"name": "活动实施方案.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}],
    )
    page.locator("#save-application").click()
    expect(page.get_by_text("草稿已保存")).to_be_visible()
    page.locator("#move-submit").click()
    expect(page.locator("#next-step")).to_contain_text("待 浙江省能源集团有限公司工会 审核")
    app = Application.objects.get(studio=studio)

    # 2. The company reviewer returns it with a reason.
    as_user(page, login_as, "co_reviewer")
    page.goto(f"{base}/studios/campaigns/{app.campaign_id}/inbox/")
    page.get_by_role("link", name=studio.name).click()
    page.locator("#review-application").click()
    for radio in every(page.locator("input[type=radio][value=basic]")):
        radio.check()
    page.get_by_label("评分（0–100）").fill("70")
    page.locator("input[name=decision][value=return]").check()
    page.get_by_label("理由 / 意见").fill("请补充近一年的技术攻关成果佐证。")
    page.locator("#record-review").click()
    expect(page.get_by_text("审核意见已记录")).to_be_visible()

    # 3. The grassroots staff sees the reason, corrects and resubmits.
    as_user(page, login_as, "gr_staff")
    page.goto(f"{base}/studios/applications/{app.pk}/")
    page.locator("#edit-application").click()
    expect(page.locator("#return-reasons")).to_contain_text("请补充近一年的技术攻关成果佐证")
    page.locator("textarea[name=s_results]").fill("补充：磨煤机节能改造建议已采纳，年节约 12 万元。")
    page.locator("#save-application").click()
    page.locator("#move-resubmit").click()
    expect(page.locator("#next-step")).to_contain_text("待 浙江省能源集团有限公司工会 审核")

    # 4. The company reviewer recommends and sends it up (the ranking page shows the quota used).
    as_user(page, login_as, "co_reviewer")
    page.goto(f"{base}/studios/applications/{app.pk}/review/")
    for radio in every(page.locator("input[type=radio][value=met]")):
        radio.check()
    page.get_by_label("评分（0–100）").fill("90")
    page.locator("input[name=decision][value=recommend]").check()
    page.locator("#record-review").click()
    page.goto(f"{base}/studios/campaigns/{app.campaign_id}/ranking/")
    expect(page.locator("#quota")).to_contain_text("已用名额：1 / 3")
    # Sending up goes through the nomination package, compiled by the (here in-process) worker.
    panel = page.locator("#package-panel")
    panel.get_by_role("button", name="编制推荐材料包").click()
    expect(page.locator("#package-state")).to_have_text("已编制，待报送")
    page.locator("#send-package").click()
    expect(page.get_by_text("其中 1 项申报已冻结")).to_be_visible()

    # 5. The province accepts it at receipt (形式审查), assigns two experts; each scores.
    as_user(page, login_as, "prov_reviewer")
    page.goto(f"{base}/studios/campaigns/{app.campaign_id}/receipt/")
    page.locator(f"#receipt-{app.pk} .receipt-accept").click()
    expect(page.get_by_text("形式审查通过，进入专家评定")).to_be_visible()
    page.goto(f"{base}/studios/campaigns/{app.campaign_id}/experts/")
    for expert in ("沈国良", "钱志远"):
        page.locator(f"#assign-{app.pk} select[name=expert]").select_option(
            label=f"{expert}（{'能源动力工程' if expert == '沈国良' else '机械制造与自动化'}）"
        )
        page.locator(f"#assign-{app.pk} button[type=submit]").last.click()
        expect(page.get_by_text("已分配专家并发送通知")).to_be_visible()
    for username, score in (("expert1", "12"), ("expert3", "14")):
        as_user(page, login_as, username)
        page.goto(f"{base}/studios/experts/assignments/")
        page.get_by_role("link", name=studio.name).click()
        page.locator("#id_no_conflict").check()  # 回避声明 before the application opens
        page.locator("#declare-no-conflict").click()
        for field in every(page.locator("input[name^=d_]")):
            field.fill(score)
        page.locator("#submit-scores").click()
        expect(page.locator("#other-scores")).to_be_visible()

    # 6. The provincial head records the meeting, publishes the 公示 from today (never backdated); once it
    #    has run its course (the calendar moved on below), names.
    as_user(page, login_as, "prov_head")
    page.goto(f"{base}/studios/campaigns/{app.campaign_id}/meeting/")
    page.get_by_label("会议日期").fill(timezone.localdate().isoformat())
    page.get_by_label("参会人员").fill("陈丽华、王志强、周建国")
    page.locator(f"select[name=a_{app.pk}]").select_option("approve")  # only the approved go to 公示
    page.locator("#record-meeting").click()
    expect(page.get_by_text("会议研究情况已登记")).to_be_visible()
    page.goto(f"{base}/studios/campaigns/{app.campaign_id}/publicity/")
    page.get_by_label(studio.name, exact=False).check()
    page.get_by_label("公示开始日期").fill(timezone.localdate().isoformat())
    page.locator("#id_contact_person").fill("王明")
    page.locator("#id_contact_phone").fill("0571-85000000")
    page.locator("#publish").click()
    expect(page.get_by_text("公示已发布")).to_be_visible()
    run_out(Application.objects.get(pk=app.pk).publicity)
    page.reload()
    page.locator("#name-all").click()
    expect(page.get_by_text("已命名 1 个工作室")).to_be_visible()

    # 7. The application's timeline holds every step; the studio's page shows the naming.
    year = app.campaign.year
    page.goto(f"{base}/studios/applications/{app.pk}/")
    expect(page.locator("#naming")).to_contain_text(f"省-{year}-0001")
    timeline = page.locator("#timeline")
    for step in (
        "提交申报",
        "退回修改",
        "重新提交",
        "推荐",
        "报送主办单位",
        "形式审查通过",
        "列入公示",
        "命名",
    ):
        expect(timeline).to_contain_text(step)
    page.goto(f"{base}/studios/{studio.pk}/")
    expect(page.get_by_text(f"省-{year}-0001").first).to_be_visible()
