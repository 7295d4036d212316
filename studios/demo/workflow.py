"""The demo campaign: an open provincial selection by 浙江省总工会 with quotas and an expert pool; idempotent."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from unions.demo import DEMO_PASSWORD
from unions.models import Union

from .. import workflow
from ..models import Campaign, ExpertProfile, NamingLevel
from ..services import campaigns as services

User = get_user_model()

QUOTAS = {"zj-energy": 3, "zj-transport": 3, "hz-city": 2}

# (username, real name, field, unit, union code or None)
EXPERTS = [
    ("expert1", "沈国良", "能源动力工程", "浙江大学能源工程学院", None),
    ("expert2", "许文静", "交通运输工程", "浙江省交通投资集团有限公司", "zj-transport"),
    ("expert3", "钱志远", "机械制造与自动化", "浙江工业大学机械工程学院", None),
]
ACCOUNTS = [(e[0], "评审专家") for e in EXPERTS]


def title(year):
    return f"{year}年度浙江省劳模（职工）创新工作室评选"


@transaction.atomic
def seed_campaign(stdout):
    province = Union.objects.filter(code="zj").first()
    head = User.objects.filter(username="prov_head").first()
    if province is None or head is None:
        return
    today = timezone.localdate()
    campaign = Campaign.objects.filter(
        organiser=province, year=today.year, naming_level=NamingLevel.PROVINCIAL
    ).first()
    if campaign is None:
        campaign = services.create_campaign(
            organiser=province,
            by=head,
            title=title(today.year),
            year=today.year,
            naming_level=NamingLevel.PROVINCIAL,
            opens_on=today - datetime.timedelta(days=30),
            closes_on=today + datetime.timedelta(days=45),
            description="各集团公司工会、市总工会按名额推荐，经专家评定、会议研究和社会公示后命名。",
            require_mature=True,
            min_years_running=1,
            publicity_working_days=5,
            certificate_prefix="省",
        )
        services.set_quotas(
            campaign=campaign,
            places_by_union={u: QUOTAS[u.code] for u in Union.objects.filter(code__in=QUOTAS)},
        )
        workflow.transition(campaign, "open", by=head, comment="演示：开放申报")
        stdout.write(f"  评选批次：{campaign.title}（开放申报）")
    for username, full_name, field, unit, union_code in EXPERTS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "email": f"{username}@example.cn"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        ExpertProfile.objects.get_or_create(
            user=user,
            organiser=province,
            defaults={
                "field": field,
                "unit": unit,
                "union": Union.objects.filter(code=union_code).first() if union_code else None,
            },
        )
