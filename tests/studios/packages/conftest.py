"""Fixtures for nomination packages: an open provincial campaign over the test tree and company A's
ranked recommendations, each with a plan and evidence files in storage."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from studios import workflow
from studios.models import EvidenceFile, NamingLevel, Quota, Studio
from studios.models.review import Decision, VerdictChoice
from studios.services import applications as filing
from studios.services import campaigns, reviews
from studios.services import packages as package_services
from tests.factories import StudioFactory
from tests.studios.helpers import attach, pdf_bytes
from unions.uploads import check_upload


def recommended(campaign, studio, staff, reviewer, *, score=85, reason="优秀"):
    """File, submit and recommend an application of `studio` through the app's own services."""
    upload = ContentFile(pdf_bytes(), name="活动实施方案.pdf")
    app = filing.save_application(
        campaign=campaign,
        studio=studio,
        by=staff,
        statements={c.code: f"{c.name}：情况说明" for c in campaign.criteria_set.criteria.all()},
        plan=upload,
        plan_info=check_upload(upload),
    )
    app = workflow.transition(app, "submit", by=staff)
    verdicts = {c.pk: (VerdictChoice.MET, "") for c in campaign.criteria_set.criteria.all()}
    return reviews.record_review(
        application=app,
        by=reviewer,
        decision=Decision.RECOMMEND,
        score=score,
        reason=reason,
        verdicts=verdicts,
    )


def studio_with_evidence(union, staff, **extra):
    studio = StudioFactory(host_union=union, stage=Studio.Stage.MATURE, unit=f"{union.name}所在单位", **extra)
    attach(studio, "identity", staff, kind=EvidenceFile.Kind.PLAQUE_PHOTO, name="牌匾照片.png")
    attach(
        studio,
        "rules",
        staff,
        kind=EvidenceFile.Kind.RULE_DOCUMENT,
        rule_kind="goals",
        name="目标任务制度.pdf",
    )
    return studio


@pytest.fixture
def pack(tree):
    today = timezone.localdate()
    campaign = campaigns.create_campaign(
        organiser=tree.province,
        by=tree.prov_head,
        title="测试省级评选",
        year=today.year,
        naming_level=NamingLevel.PROVINCIAL,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=30),
        require_mature=True,
        certificate_prefix="省",
    )
    Quota.objects.create(campaign=campaign, union=tree.company_a, places=3)
    campaign = workflow.transition(campaign, "open", by=tree.prov_head)
    first = studio_with_evidence(tree.a1, tree.a1_staff, name="甲一劳模创新工作室")
    formula = studio_with_evidence(tree.a2, tree.a2_staff, name="=1+1工作室")
    apps = [
        recommended(campaign, first, tree.a1_staff, tree.a_reviewer, score=90),
        recommended(campaign, formula, tree.a2_staff, tree.a_reviewer, score=80, reason="=SUM(A1:A9)"),
    ]
    return SimpleNamespace(**vars(tree), campaign=campaign, studios=[first, formula], apps=apps)


def compile_now(
    pack, django_capture_on_commit_callbacks, statement="经本级审核会议研究排序，并于本单位公示 5 个工作日。"
):
    """Request a compile as company A's reviewer and run the queued task (in-process) on commit."""
    with django_capture_on_commit_callbacks(execute=True):
        package, _queued = package_services.request_compile(
            campaign=pack.campaign, union=pack.company_a, by=pack.a_reviewer, statement=statement
        )
    package.refresh_from_db()
    return package
