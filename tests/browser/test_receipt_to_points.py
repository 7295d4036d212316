"""The organiser's side of a selection in the browser: receipt (形式审查) returns an application for
correction (补正), the filer resubmits it up the same path, the organiser accepts it, and an expert
declares no conflict (回避声明) before seeing it and scores in points (a score above a dimension's
maximum refused beside its field)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from studios import workflow
from studios.models import Application, NamingLevel, Quota
from studios.services import applications as filing
from studios.services import campaigns, experts
from tests.studios.workflow.conftest import expert, filed, mature_studio, review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def as_user(page, login_as, user):
    page.context.clear_cookies()
    login_as(user)


def test_receipt_return_resubmit_declare_and_score_in_points(live_server, page, login_as, tree):
    today = timezone.localdate()
    campaign = campaigns.create_campaign(
        organiser=tree.province,
        by=tree.prov_head,
        title="浏览器形式审查评选",
        year=today.year,
        naming_level=NamingLevel.PROVINCIAL,
        opens_on=today - datetime.timedelta(days=5),
        closes_on=today + datetime.timedelta(days=20),
        certificate_prefix="省",
    )
    Quota.objects.create(campaign=campaign, union=tree.company_a, places=2)
    campaign = workflow.transition(campaign, "open", by=tree.prov_head)
    studio = mature_studio(tree.a1, name="甲一劳模创新工作室")
    app = filed(campaign, studio, tree.a1_staff)
    review(app, tree.a_reviewer)
    filing.send_up(campaign=campaign, union=tree.company_a, by=tree.a_reviewer)
    base = live_server.url

    # 1. The province's reviewer sees it waiting for receipt and returns it for correction.
    as_user(page, login_as, tree.prov_reviewer)
    page.goto(f"{base}/")
    page.get_by_role("link", name="待形式审查的申报").click()
    card = page.locator(f"#receipt-{app.pk}")
    card.locator(".receipt-return").click()  # no reason: refused beside the field
    expect(page.locator(f"#comment-error-{app.pk}")).to_contain_text("请填写理由")
    page.locator(f"#comment-{app.pk}").fill("缺少所在单位党政意见页的盖章。")
    page.locator(f"#receipt-{app.pk} .receipt-return").click()
    expect(page.get_by_text("已退回申报单位补正")).to_be_visible()
    expect(page.get_by_text("暂无待形式审查的申报")).to_be_visible()

    # 2. The filer reads why, and resubmits; it goes up the same path (the company reviews first).
    as_user(page, login_as, tree.a1_staff)
    page.goto(f"{base}/studios/applications/{app.pk}/")
    expect(page.locator("#timeline")).to_contain_text("缺少所在单位党政意见页的盖章")
    page.locator("#move-resubmit").click()
    expect(page.locator("#next-step")).to_contain_text("待 甲集团公司工会 审核")
    review(Application.objects.get(pk=app.pk), tree.a_reviewer)
    filing.send_up(campaign=campaign, union=tree.company_a, by=tree.a_reviewer)

    # 3. This time the province accepts it into expert assessment, and assigns an expert.
    as_user(page, login_as, tree.prov_reviewer)
    page.goto(f"{base}/studios/campaigns/{campaign.pk}/receipt/")
    page.locator(f"#receipt-{app.pk} .receipt-accept").click()
    expect(page.get_by_text("形式审查通过，进入专家评定")).to_be_visible()
    e = expert(tree.province, "t_browser_expert")
    experts.assign_expert(application=Application.objects.get(pk=app.pk), expert=e, by=tree.prov_reviewer)

    # 4. The expert declares no conflict before the application opens, then scores in points.
    as_user(page, login_as, e.user)
    page.goto(f"{base}/studios/experts/assignments/")
    page.get_by_role("link", name=studio.name).click()
    expect(page.get_by_role("heading", name="回避声明")).to_be_visible()
    expect(page.locator("input[name^=d_]")).to_have_count(0)
    page.locator("#declare-no-conflict").click()  # the box not ticked: refused
    expect(page.get_by_text("请勾选声明后再提交")).to_be_visible()
    page.locator("#id_no_conflict").check()
    page.locator("#declare-no-conflict").click()
    expect(page.get_by_text("回避声明已记录")).to_be_visible()
    dims = list(campaign.dimensions.all())
    expect(page.locator("input[name^=d_]")).to_have_count(len(dims))
    team = next(d for d in dims if d.name == "创新团队")
    for d in dims:
        page.locator(f"#id_d_{d.pk}").fill(str(d.max_points - 2))
    page.locator(f"#id_d_{team.pk}").fill("25")
    page.locator("#submit-scores").click()
    expect(page.get_by_text("创新团队 最高 20 分")).to_be_visible()
    page.locator(f"#id_d_{team.pk}").fill("18")
    page.locator("#submit-scores").click()
    expect(page.locator("#other-scores")).to_contain_text(f"{100 - 2 * len(dims)}.00")
