"""The overview demo: provincial titles from earlier years (the first of them 示范性), creation funds, last
year's finished assessment, and a studio alliance of named studios of several units with shared activities.

Runs after the studios and ledgers seeders; idempotent (does nothing once the round exists).
Titles granted before this platform existed are loaded as history: the stage is
written here as seed data, the way a migration of old records would, not as a move.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from studios.models import AssessmentRound, Naming, NamingLevel, NamingTier, Studio, TransitionLog
from studios.services import assessments
from unions import access
from unions.models import Membership, Role, Union

from .. import alliances
from .. import services as ledger_services
from ..models import Activity, Alliance, GrantSource
from ..overview.grants import grant_funds

ALLIANCE_NAME = "浙江省能源系统劳模创新工作室联盟"

HISTORIC_YEAR = 2023
TITLES_WANTED = 5


def _historic_titles(province, by):
    """Name a few mature demo studios at provincial level in 2023 when the demo has too few titles."""
    have = Naming.objects.filter(
        named_by=province, revoked=False, year__lt=timezone.localdate().year - 1
    ).count()
    candidates = Studio.objects.filter(stage=Studio.Stage.MATURE, host_union__path__startswith=province.path)
    for studio in candidates.order_by("pk")[: max(0, TITLES_WANTED - have)]:
        Naming.objects.create(
            studio=studio,
            level=NamingLevel.PROVINCIAL,
            year=HISTORIC_YEAR,
            certificate_number=f"浙工创-{HISTORIC_YEAR}-{studio.pk:04d}",
            named_by=province,
            named_on=datetime.date(HISTORIC_YEAR, 4, 28),
        )
        Studio.objects.filter(pk=studio.pk).update(stage=Studio.Stage.NAMED)
        # The timeline still says so: an imported record, not a move made on the platform.
        TransitionLog.objects.create(
            content_type=ContentType.objects.get_for_model(Studio),
            object_id=studio.pk,
            action="import_naming",
            from_state=studio.stage,
            to_state=Studio.Stage.NAMED,
            actor=by,
            union=province,
            comment=f"导入平台上线前的命名记录（{HISTORIC_YEAR} 年省级命名）",
        )


def seed_overview(stdout):
    User = get_user_model()
    province = Union.objects.filter(code="zj").first()
    head = User.objects.filter(username="prov_head").first()
    reviewer = User.objects.filter(username="prov_reviewer").first()
    if province is None or head is None or reviewer is None:
        return
    year = timezone.localdate().year - 1
    if AssessmentRound.objects.filter(union=province, year=year).exists():
        return
    with transaction.atomic():
        _historic_titles(province, head)
        named = list(
            Studio.objects.filter(
                namings__named_by=province, namings__revoked=False, stage=Studio.Stage.NAMED
            )
            .select_related("host_union")
            .distinct()
            .order_by("pk")
        )
        for studio in named:
            grant_funds(
                union=province,
                studio=studio,
                year=year,
                amount=Decimal("50000"),
                purpose="劳模创新工作室创建经费",
                document_number=f"浙工〔{year}〕18号",
                source=GrantSource.UNION_FUNDS,
                granted_on=datetime.date(year, 5, 20),
                by=head,
            )
        access.forget(head)
        round_ = assessments.open_round(union=province, year=year, by=head)
        items = list(round_.assessments.select_related("studio__host_union", "studio__criteria_set"))
        # The weakest studio of the year fails; the others pass.
        weakest = min(items, key=lambda a: (a.has_results, a.achievements, a.activities), default=None)
        staff = {
            m.union_id: m.user
            for m in Membership.objects.active().filter(role=Role.STAFF).select_related("user").order_by("pk")
        }
        for item in items:
            if item.studio.host_union_id in staff:
                assessments.self_assess(
                    assessment=item,
                    by=staff[item.studio.host_union_id],
                    text=f"{year}年度，工作室按计划开展技术攻关和技能培训，台帐记录完整。",
                )
            failing = item is weakest
            criteria = item.studio.criteria_set.criteria.all()
            item = assessments.score(
                assessment=item,
                by=reviewer,
                scores={c.pk: (4 if failing else 8) for c in criteria},
                result="fail" if failing else ("excellent" if item.achievements > 3 else "pass"),
                comment="年度成果不足，活动记录稀少" if failing else "台帐完整，成果突出",
            )
            if failing:
                assessments.decide(
                    assessment=item,
                    by=head,
                    action="revoke",
                    comment="年度考核不合格，全年无实质性成果，撤销命名",
                )
            elif item.has_results:
                assessments.decide(assessment=item, by=head, action="keep")
            else:
                assessments.decide(
                    assessment=item,
                    by=head,
                    action="rectify",
                    comment="全年无专利、革新或建议成果，限期三个月整改",
                    deadline=timezone.localdate() + datetime.timedelta(days=90),
                )
        assessments.close_round(round_=round_, by=head, comment="年度考核结束")
        _alliance(province, head, named)
    stdout.write(f"年度考核：{year} 年度考核 {len(items)} 个工作室，创建经费 {len(named)} 笔")


def _alliance(province, head, named):
    """The first historic title is 示范性; the named studios of different units form an alliance under the
    first of them, which logs two shared activities."""
    first = Naming.objects.filter(named_by=province, year=HISTORIC_YEAR).order_by("pk").first()
    if first is not None:
        Naming.objects.filter(pk=first.pk).update(tier=NamingTier.EXEMPLARY)
    studios = [s for s in named if Naming.objects.filter(studio=s, revoked=False).exists()]
    units = {}
    for studio in studios:
        units.setdefault(studio.host_union_id, studio)
    members = list(units.values())[:4]
    if len(members) < 2 or Alliance.objects.filter(union=province, name=ALLIANCE_NAME).exists():
        return
    alliance = alliances.save_alliance(
        by=head,
        union=province,
        name=ALLIANCE_NAME,
        lead_studio=members[0],
        members=members[1:],
        founded_on=datetime.date(HISTORIC_YEAR, 9, 1),
        description="联盟成员工作室共享技术攻关成果，轮流开展跨单位技术交流。",
    )
    today = timezone.localdate()
    for days, topic in ((40, "联盟成员跨单位技术交流会"), (12, "联盟联合攻关：变压器在线监测")):
        ledger_services.record_activity(
            studio=members[0],
            by=head,
            data={
                "kind": Activity.Kind.EXCHANGE,
                "date": today - datetime.timedelta(days=days),
                "topic": topic,
                "place": members[0].host_union.name,
                "headcount": 24,
                "hours": Decimal("3"),
                "alliance": alliance,
            },
        )
