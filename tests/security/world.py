"""A world inside company A's branch, built through the project's own services: one object of every kind
a page can show, so that every URL of the project has something to point at.

    province ── 测试省级评选 (open, quotas for A and B)
    company A ── a1: 甲一机密工作室 (mature; evidence files; lead; logger; every ledger with files;
                     an application submitted, in review at company A)
              │      甲一绝密工作室 (mature; recommended by A, sent up in a nomination package, recommended
              │                     by the province, scored by an expert, on 公示 with an objection)
              │      a lead change of 甲一机密工作室 filed by a1, awaiting company A's approval
              └─ a2: 甲二保密工作室 (named by company A; creation-fund grant and a batch grant; company A's
                     assessment round)

Every name carries a marker no other page could show by chance (MARKERS): a person outside the
branch must never see one of them.
"""

import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.test import TestCase
from django.utils import timezone

from studios import workflow
from studios.models import (
    Criterion,
    EvidenceFile,
    Naming,
    NamingLevel,
    Quota,
    Studio,
)
from studios.models.review import Decision, VerdictChoice
from studios.services import applications as filing
from studios.services import assessments, campaigns, experts, publicity, reviews
from studios.services import packages as package_services
from studios.services.studio import add_evidence_file, allow_member_logging, save_evidence_statement
from tests.factories import StudioFactory, UserFactory, lead
from unions.models import Membership, Notice
from unions.uploads import check_upload

# Text that only objects of company A's branch carry.
MARKERS = ("甲一机密工作室", "甲一绝密工作室", "甲二保密工作室", "机密带头人", "秘密攻关课题", "秘密专利成果")


def png_bytes():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def pdf_bytes():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_tag = ""


def x(text):
    """A stored text, with the world's tag (a script payload in the XSS walk) appended."""
    return f"{text}{_tag}"


def checked(content, name):
    upload = ContentFile(content, name=x(name))
    return upload, check_upload(upload)


def _evidence(studio, by, code, kind, name, content, rule_kind=""):
    criterion = Criterion.objects.get(criteria_set=studio.criteria_set, code=code)
    save_evidence_statement(studio=studio, criterion=criterion, description=x(f"{code}说明"))
    upload, info = checked(content, name)
    return add_evidence_file(
        studio=studio, criterion=criterion, upload=upload, info=info, by=by, kind=kind, rule_kind=rule_kind
    )


def _mature(union, name, staff):
    studio = StudioFactory(
        host_union=union,
        name=x(name),
        person_name=f"{name}带头人",
        stage=Studio.Stage.MATURE,
        unit=f"{name}所在单位",
        person_expertise="锅炉检修",
        site_address="兰溪市灵洞乡 1 号",
        site_equipment="电脑 2 台",
    )
    photo = _evidence(studio, staff, "identity", EvidenceFile.Kind.PLAQUE_PHOTO, "牌匾照片.png", png_bytes())
    rule = _evidence(
        studio, staff, "rules", EvidenceFile.Kind.RULE_DOCUMENT, "目标任务制度.pdf", pdf_bytes(), "goals"
    )
    return studio, photo, rule


def _ledgers(studio, by):
    from ledgers import services as ledger_services
    from ledgers.models import Achievement, Activity, FundEntry, Member

    day = timezone.localdate() - datetime.timedelta(days=20)
    member = ledger_services.record_member(
        studio=studio,
        data={
            "name": "机密带头人",
            "post": "值长",
            "honours": "省劳动模范",
            "role": Member.StudioRole.LEAD,
            "joined_on": day,
        },
    )
    other = ledger_services.record_member(
        studio=studio,
        data={"name": "机密成员", "post": "检修工", "role": Member.StudioRole.MEMBER, "joined_on": day},
    )
    activity = ledger_services.record_activity(
        studio=studio,
        by=by,
        data={
            "kind": Activity.Kind.BREAKTHROUGH,
            "date": day,
            "topic": "秘密攻关课题",
            "place": "一号机组",
            "other_participants": "外请专家",
            "headcount": 5,
            "outcome": "攻关成果说明",
            "participants": [member, other],
        },
        photos=[checked(png_bytes(), "活动照片.png")],
    )
    training = ledger_services.record_training(
        studio=studio,
        data={
            "date": day,
            "title": "机密技能培训",
            "trainer": "机密讲师",
            "headcount": 12,
            "trainees": "学员名单",
            "levels_reached": "高级工",
        },
    )
    achievement = ledger_services.record_achievement(
        studio=studio,
        data={
            "kind": Achievement.Kind.PATENT,
            "title": "秘密专利成果",
            "date": day,
            "people": "成果完成人",
            "economic_benefit": Decimal("12.50"),
            "description": "成果说明",
        },
        proofs=[checked(pdf_bytes(), "专利证书.pdf")],
    )
    income = ledger_services.record_fund_entry(
        studio=studio,
        by=by,
        data={
            "direction": FundEntry.Direction.INCOME,
            "date": day,
            "amount": Decimal("10000"),
            "source": FundEntry.Source.ADMINISTRATIVE,
            "description": "机密经费拨入",
            "document_number": "甲〔2025〕1号",
        },
    )
    spending = ledger_services.record_fund_entry(
        studio=studio,
        by=by,
        data={
            "direction": FundEntry.Direction.EXPENDITURE,
            "date": day,
            "amount": Decimal("800"),
            "use": FundEntry.Use.ACTIVITIES,
            "description": "机密经费支出",
        },
    )
    return SimpleNamespace(
        member=member,
        other_member=other,
        activity=activity,
        photo=activity.photos.get(),
        training=training,
        achievement=achievement,
        proof=achievement.proofs.get(),
        income=income,
        spending=spending,
    )


def _statements(campaign, studio):
    return {c.code: x(f"{studio.name}：{c.name}情况说明") for c in campaign.criteria_set.criteria.all()}


def _submitted(campaign, studio, staff):
    upload, info = checked(pdf_bytes(), "活动实施方案.pdf")
    app = filing.save_application(
        campaign=campaign,
        studio=studio,
        by=staff,
        statements=_statements(campaign, studio),
        plan=upload,
        plan_info=info,
    )
    return workflow.transition(app, "submit", by=staff)


def _recommend(app, by, reason):
    verdicts = {
        c.pk: (VerdictChoice.MET, x(f"{reason}（逐项意见）"))
        for c in app.campaign.criteria_set.criteria.all()
    }
    return reviews.record_review(
        application=app, by=by, decision=Decision.RECOMMEND, score=88, reason=x(reason), verdicts=verdicts
    )


def build(t, tag=""):
    """The world over the `tree` fixture `t`; returns a namespace of every object and account.

    `tag` is appended to every text the world stores. On-commit work (the package compile, the
    notices of each move) runs as it would after a request.
    """
    global _tag
    _tag = tag
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):
            world = _build(t)
    finally:
        _tag = ""
    world.notice = Notice.objects.filter(user=t.a_reviewer).order_by("pk").first()
    return world


def _build(t):
    today = timezone.localdate()
    campaign = campaigns.create_campaign(
        organiser=t.province,
        by=t.prov_head,
        title=x("测试省级评选"),
        year=today.year,
        naming_level=NamingLevel.PROVINCIAL,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=30),
        require_mature=True,
        certificate_prefix="省",
    )
    Quota.objects.create(campaign=campaign, union=t.company_a, places=3)
    Quota.objects.create(campaign=campaign, union=t.company_b, places=1)
    campaign = workflow.transition(campaign, "open", by=t.prov_head)

    studio, photo, rule = _mature(t.a1, "甲一机密工作室", t.a1_staff)
    lead_user = lead(studio, "t_lead", full_name="机密带头人账号")
    logger = UserFactory(username="t_logger", full_name="机密记账员")
    allow_member_logging(studio=studio, user=logger)
    rows = _ledgers(studio, lead_user)
    from studios.services import changes as studio_changes

    change = studio_changes.file_change(
        studio=studio,
        kind="lead",
        by=t.a1_staff,
        reason=x("机密带头人调离"),
        effective_on=today,
        person_name=x("机密新带头人"),
        person_phone="13800000000",
        person_post=x("机密岗位"),
    )
    in_review = _submitted(campaign, studio, t.a1_staff)

    # The second studio goes all the way up to 公示, with a nomination package on the way.
    second, second_photo, _rule = _mature(t.a1, "甲一绝密工作室", t.a1_staff)
    sent = _submitted(campaign, second, t.a1_staff)
    sent = _recommend(sent, t.a_reviewer, "甲一绝密工作室推荐理由")
    with TestCase.captureOnCommitCallbacks(execute=True):
        package, _queued = package_services.request_compile(
            campaign=campaign, union=t.company_a, by=t.a_reviewer, statement=x("经甲集团审核会议研究并公示。")
        )
    package.refresh_from_db()
    assert package.status == package.Status.READY, package.error
    package = package_services.send_package(package=package, by=t.a_reviewer)
    sent.refresh_from_db()  # the province organises: company A's package sent it to the province
    sent = workflow.transition(sent, "accept", by=t.prov_reviewer)  # 形式审查 passed
    expert_user = UserFactory(username="t_expert", full_name="机密评审专家")
    profile, _created = experts.add_expert(
        organiser=t.province,
        username=expert_user.username,
        full_name="机密评审专家",
        email="",
        field="能源",
        unit="浙江大学",
    )
    assignment = experts.assign_expert(application=sent, expert=profile, by=t.prov_reviewer)
    assignment = experts.declare_no_conflict(assignment=assignment, by=expert_user)
    experts.submit_scores(
        assignment=assignment,
        by=expert_user,
        scores={d.pk: d.max_points - 2 for d in campaign.dimensions.all()},
        comment=x("专家评语"),
    )
    minutes, minutes_info = checked(pdf_bytes(), "会议纪要.pdf")
    meeting = experts.record_meeting(
        campaign=campaign,
        approve=experts.meeting_candidates(campaign),
        by=t.prov_head,
        held_on=today,
        attendees=x("全体评委"),
        decisions=x("同意公示"),
        minutes=minutes,
        minutes_info=minutes_info,
    )
    notice = publicity.publish(
        campaign=campaign,
        applications=[sent],
        starts_on=today,
        by=t.prov_head,
        text=x("公示正文"),
    )
    sent.refresh_from_db()
    objection = publicity.record_objection(
        publicity=notice, application=sent, received_on=today, text=x("异议内容"), by=t.prov_reviewer
    )

    # A studio named by company A, with a creation-fund grant and company A's yearly assessment.
    from ledgers.models import GrantSource
    from ledgers.overview import grants

    named = StudioFactory(
        host_union=t.a2, name=x("甲二保密工作室"), stage=Studio.Stage.NAMED, unit="甲二单位"
    )
    Naming.objects.create(
        studio=named,
        level=NamingLevel.COMPANY,
        year=today.year - 1,
        certificate_number=f"甲-{today.year - 1}-0001",
        named_by=t.company_a,
        named_on=datetime.date(today.year - 1, 6, 1),
    )
    grant = grants.grant_funds(
        union=t.company_a,
        studio=named,
        year=today.year,
        amount=Decimal("50000"),
        purpose=x("创建经费"),
        document_number="甲工〔2025〕12号",
        source=GrantSource.UNION_FUNDS,
        granted_on=today,
        by=t.a_head,
    )
    from ledgers.overview import batches

    batch, _created = batches.grant_batch(
        union=t.company_a,
        amounts={named: Decimal("20000")},
        year=today.year,
        document_number="甲工〔2025〕30号",
        title=x("甲公司批量拨付通知"),
        purpose=x("批量创建经费"),
        source=GrantSource.UNION_FUNDS,
        granted_on=today,
        by=t.a_head,
        key="world-batch",
    )
    # Company A's alliance of 甲一机密工作室 (lead) and 甲二保密工作室, with a shared activity.
    from ledgers import alliances
    from ledgers import services as ledger_services
    from ledgers.models import Activity

    alliance = alliances.save_alliance(
        by=t.a_head,
        union=t.company_a,
        name=x("甲一机密工作室联盟"),
        lead_studio=studio,
        members=[named],
        founded_on=datetime.date(2024, 3, 1),
        description=x("联盟说明"),
    )
    shared_activity = ledger_services.record_activity(
        studio=studio,
        by=lead_user,
        data={
            "kind": Activity.Kind.EXCHANGE,
            "date": today - datetime.timedelta(days=10),
            "topic": x("秘密攻关课题联盟交流"),
            "headcount": 8,
            "hours": Decimal("2"),
            "alliance": alliance,
        },
    )
    round_ = assessments.open_round(union=t.company_a, year=today.year, by=t.a_head)
    assessment = round_.assessments.get(studio=named)
    assessment = assessments.self_assess(assessment=assessment, by=t.a2_staff, text=x("全年开展攻关自评"))

    # A finished Excel export of company A's reviewer (only they may download it).
    from ledgers.models import Export

    export = Export.objects.create(
        requested_by=t.a_reviewer,
        kind=Export.Kind.STUDIOS,
        title=x("甲公司工作室导出"),
        status=Export.Status.READY,
    )
    export.file.save("studios.xlsx", ContentFile(b"PK\x03\x04 not really a workbook"))

    # Company A's filed yearly statistics, and an API token of company A.
    from ledgers import api_tokens, statistics

    report = statistics.file_report(union=t.company_a, year=today.year - 1, by=t.a_head)
    token, _key = api_tokens.create_token(union=t.company_a, name=x("甲公司门户"), by=t.a_admin)

    return SimpleNamespace(
        **vars(t),
        export=export,
        report=report,
        token=token,
        campaign=campaign,
        studio=studio,
        photo=photo,
        rule=rule,
        lead=lead_user,
        logger=logger,
        rows=rows,
        change=change,
        in_review=in_review,
        second=second,
        second_photo=second_photo,
        sent=sent,
        package=package,
        expert=expert_user,
        profile=profile,
        assignment=assignment,
        meeting=meeting,
        publicity=notice,
        objection=objection,
        named=named,
        alliance=alliance,
        shared_activity=shared_activity,
        grant=grant,
        batch=batch,
        round=round_,
        assessment=assessment,
        staff_membership=Membership.objects.get(user=t.a1_staff, union=t.a1),
    )
