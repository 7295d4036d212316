"""Fixtures for the review path: an open provincial campaign over the test tree, mature studios, helpers."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from studios import workflow
from studios.models import Application, Criterion, EvidenceFile, NamingLevel, Quota, Studio
from studios.models.review import Decision, VerdictChoice
from studios.services import applications as filing
from studios.services import campaigns, experts, reviews
from studios.services.studio import add_evidence_file, save_evidence_statement
from tests.factories import StudioFactory, UserFactory
from tests.studios.helpers import pdf_bytes, png_bytes
from unions.uploads import check_upload


def plan_upload(name="活动实施方案.pdf"):
    upload = ContentFile(pdf_bytes(), name=name)
    return upload, check_upload(upload)


def mature_studio(union, **extra):
    """A mature studio (set up directly: the mature move itself is tested by the studios app)."""
    extra.setdefault("stage", Studio.Stage.MATURE)
    extra.setdefault("unit", f"{union.name}所在单位")
    return StudioFactory(host_union=union, **extra)


def statements(campaign):
    return {c.code: f"{c.name}：情况说明" for c in campaign.criteria_set.criteria.all()}


def draft(campaign, studio, by):
    upload, info = plan_upload()
    return filing.save_application(
        campaign=campaign, studio=studio, by=by, statements=statements(campaign), plan=upload, plan_info=info
    )


def filed(campaign, studio, by):
    return workflow.transition(draft(campaign, studio, by), "submit", by=by)


def verdicts(app, verdict=VerdictChoice.MET):
    return {c.pk: (verdict, "") for c in app.campaign.criteria_set.criteria.all()}


def review(app, by, decision=Decision.RECOMMEND, score=85, reason=""):
    reason = reason or ("理由" if decision != Decision.RECOMMEND else "")
    return reviews.record_review(
        application=app, by=by, decision=decision, score=score, reason=reason, verdicts=verdicts(app)
    )


def add_evidence(studio, by):
    criterion = Criterion.objects.get(criteria_set=studio.criteria_set, code="identity")
    save_evidence_statement(studio=studio, criterion=criterion, description="挂牌照片")
    upload = ContentFile(png_bytes(), name="牌匾.png")
    return add_evidence_file(
        studio=studio,
        criterion=criterion,
        upload=upload,
        info=check_upload(upload),
        by=by,
        kind=EvidenceFile.Kind.PLAQUE_PHOTO,
    )


def expert(organiser, username, unit="浙江大学", union=None):
    user = UserFactory(username=username)
    profile, _created = experts.add_expert(
        organiser=organiser,
        username=user.username,
        full_name="专家",
        email="",
        field="能源",
        unit=unit,
        union=union,
    )
    return profile


def at_experts(campaign, studio, t, accept=True):
    """An application of `studio` (in company A's branch) sent up to the organiser and, unless
    accept=False, accepted there (形式审查) into expert assessment."""
    app = filed(campaign, studio, t.a1_staff if studio.host_union == t.a1 else t.a2_staff)
    review(app, t.a_reviewer)
    filing.send_up(campaign=campaign, union=t.company_a, by=t.a_reviewer)
    app = Application.objects.get(pk=app.pk)
    if accept:
        app = workflow.transition(app, "accept", by=t.prov_reviewer)
    return Application.objects.get(pk=app.pk)


@pytest.fixture
def path(tree):
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
    Quota.objects.create(campaign=campaign, union=tree.company_a, places=2)
    Quota.objects.create(campaign=campaign, union=tree.company_b, places=1)
    campaign = workflow.transition(campaign, "open", by=tree.prov_head)
    return SimpleNamespace(
        **vars(tree),
        campaign=campaign,
        studio=mature_studio(tree.a1, name="甲一劳模创新工作室"),
        studio_a2=mature_studio(tree.a2, name="甲二劳模创新工作室"),
        studio_b=mature_studio(tree.b1, name="乙一劳模创新工作室"),
    )
