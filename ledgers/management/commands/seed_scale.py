"""Generate a deterministic provincial-scale dataset with bulk inserts, and print how long it took.

Default: 1 province, 30 company unions, 3,000 grassroots unions, 10,000 studios,
1,000,000 ledger entries, 50,000 members, 2 campaigns with 2,000 applications.
Accounts for the load benchmark (password Demo-2026): scale_prov_reviewer,
scale_co_reviewer, scale_staff, scale_lead.
"""

import datetime
import random
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm

from ledgers import rollup
from ledgers.models import Achievement, Activity, FundEntry, Member, Training
from studios.demo import scale
from studios.models import CriteriaSet, Studio, StudioType, Topic
from unions import pinyin
from unions import services as union_services
from unions.demo import DEMO_PASSWORD
from unions.models import Role, Union

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建国华明军平志强伟红英海涛斌峰磊刚勇杰涛敏静丽娟秀兰玉芳燕霞桂英春梅晓东卫东国庆建军文博宇航振华德胜"
TRADES = [
    "电力",
    "燃气",
    "钢铁",
    "化工",
    "机械",
    "轨道交通",
    "港口",
    "公路",
    "水务",
    "建筑",
    "通信",
    "医疗",
    "纺织",
    "汽车",
]
REGIONS = [
    "杭州市",
    "宁波市",
    "温州市",
    "嘉兴市",
    "湖州市",
    "绍兴市",
    "金华市",
    "衢州市",
    "舟山市",
    "台州市",
    "丽水市",
]
BATCH = 5000


def person(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


class Command(BaseCommand):
    help = (
        "Generate a deterministic provincial-scale dataset (bulk inserts) for query budgets and load tests."
    )

    def add_arguments(self, parser):
        parser.add_argument("--companies", type=int, default=30)
        parser.add_argument("--grassroots", type=int, default=3000)
        parser.add_argument("--studios", type=int, default=10000)
        parser.add_argument("--ledger-entries", type=int, default=1_000_000)
        parser.add_argument("--members", type=int, default=50_000)
        parser.add_argument("--applications", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--code", default="scale", help="Short code of the generated province (must be new)."
        )

    def handle(self, *args, **o):
        if Union.objects.filter(code=o["code"]).exists():
            raise CommandError(f"A union with code {o['code']!r} exists already; the dataset is there.")
        rng = random.Random(o["seed"])
        started = time.perf_counter()
        self.today = timezone.localdate()
        with transaction.atomic():
            province, companies, grassroots = self._unions(o, rng)
            studios = self._studios(o, rng, grassroots)
            members = self._members(o, rng, studios)
            self._ledgers(o, rng, studios)
            rollup.rebuild([s.pk for s in studios])
            self._accounts(province, companies, grassroots, studios)
            extra = self._applications(o, rng, province, companies, studios)
        elapsed = time.perf_counter() - started
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"seed_scale: 1 province, {len(companies)} companies, {len(grassroots)} grassroots unions, "
            f"{len(studios)} studios, {members} members, {o['ledger_entries']} ledger entries{extra} "
            f"in {elapsed:.1f} s"
        )

    # --- the tree, with materialised paths computed here instead of one insert per node
    def _unions(self, o, rng):
        code = o["code"]
        root_count = Union.objects.filter(depth=1).count()
        province = Union(
            name="规模测试省总工会",
            code=code,
            level=Union.Level.PROVINCIAL,
            unit="规模测试省总工会",
            region="测试省",
            path=Union._get_path(None, 1, root_count + 1),
            depth=1,
            numchild=o["companies"],
        )
        province.save()
        per_company = max(1, o["grassroots"] // o["companies"])
        companies = []
        for i in range(o["companies"]):
            trade = TRADES[i % len(TRADES)]
            companies.append(
                Union(
                    name=f"测试{trade}集团{i + 1:02d}公司工会",
                    code=f"{code}-c{i + 1:02d}",
                    level=Union.Level.CITY_OR_COMPANY,
                    unit=f"测试{trade}集团{i + 1:02d}有限公司",
                    region=rng.choice(REGIONS),
                    path=Union._get_path(province.path, 2, i + 1),
                    depth=2,
                    numchild=per_company,
                )
            )
        Union.objects.bulk_create(companies, batch_size=BATCH)
        companies = list(Union.objects.filter(path__startswith=province.path, depth=2).order_by("path"))
        grassroots = []
        for ci, company in enumerate(companies):
            for j in range(per_company):
                grassroots.append(
                    Union(
                        name=f"{company.unit[:-4]}第{j + 1}分公司工会",
                        code=f"{code}-c{ci + 1:02d}-g{j + 1:03d}",
                        level=Union.Level.GRASSROOTS,
                        unit=f"{company.unit[:-4]}第{j + 1}分公司",
                        region=company.region,
                        path=Union._get_path(company.path, 3, j + 1),
                        depth=3,
                        numchild=0,
                    )
                )
        Union.objects.bulk_create(grassroots, batch_size=BATCH)
        grassroots = list(Union.objects.filter(path__startswith=province.path, depth=3).order_by("path"))
        return province, companies, grassroots

    def _studios(self, o, rng, grassroots):
        criteria_set = CriteriaSet.objects.get(code="seven-haves")
        kinds = list(StudioType.values)
        topics = list(Topic.values)
        stages = [Studio.Stage.CULTIVATING] * 5 + [Studio.Stage.MATURE] * 3 + [Studio.Stage.NAMED] * 2
        rows = []
        for i in range(o["studios"]):
            union = grassroots[i % len(grassroots)]
            name = person(rng)
            rows.append(
                Studio(
                    name=f"{name}劳模创新工作室",
                    person_name=name,
                    person_post=rng.choice(["班长", "主任工程师", "高级技师", "技术员", "车间主任"]),
                    person_honours=rng.sample(["provincial_model", "technical_expert", "city_model"], 1),
                    person_skill_level=rng.choice(["senior_technician", "technician", "senior_engineer"]),
                    person_expertise="长期从事一线技术工作，擅长设备诊断与工艺改进。",
                    host_union=union,
                    unit=union.unit,
                    kind=rng.choice(kinds),
                    topics=rng.sample(topics, 2),
                    site_address=f"{union.region}{union.unit}厂区",
                    site_area=Decimal(rng.randint(40, 400)),
                    site_equipment="电脑、投影仪、实训台、检测仪器",
                    founded_on=self.today - datetime.timedelta(days=rng.randint(200, 3650)),
                    stage=rng.choice(stages),
                    criteria_set=criteria_set,
                )
            )
        for row in rows:
            pinyin.fill(row)  # bulk_create skips save()
        Studio.objects.bulk_create(rows, batch_size=BATCH)
        return list(
            Studio.objects.filter(host_union__path__startswith=grassroots[0].path[:4])
            .order_by("pk")
            .only("pk")
        )

    def _members(self, o, rng, studios):
        rows = []
        for i in range(o["members"]):
            studio = studios[i % len(studios)]
            joined = self.today - datetime.timedelta(days=rng.randint(30, 2000))
            rows.append(
                Member(
                    studio_id=studio.pk,
                    name=person(rng),
                    post=rng.choice(["电工", "焊工", "钳工", "调度员", "技术员", "质检员"]),
                    skill_level=rng.choice(["technician", "senior_worker", "intermediate"]),
                    role=Member.StudioRole.LEAD if i < len(studios) else Member.StudioRole.MEMBER,
                    joined_on=joined,
                    left_on=joined + datetime.timedelta(days=rng.randint(100, 900))
                    if rng.random() < 0.1
                    else None,
                )
            )
            pinyin.fill(rows[-1])  # bulk_create skips save()
            if len(rows) >= BATCH:
                Member.objects.bulk_create(rows)
                rows = []
        Member.objects.bulk_create(rows)
        return o["members"]

    def _ledgers(self, o, rng, studios):
        total = o["ledger_entries"]
        shares = [(Activity, 0.5), (Training, 0.15), (Achievement, 0.1), (FundEntry, 0.25)]
        for model, share in shares:
            count = int(total * share)
            rows = []
            for i in range(count):
                rows.append(self._ledger_row(model, rng, studios[i % len(studios)].pk, i))
                if len(rows) >= BATCH:
                    model.objects.bulk_create(rows)
                    rows = []
            model.objects.bulk_create(rows)

    def _ledger_row(self, model, rng, studio_id, i):
        date = self.today - datetime.timedelta(days=rng.randint(0, 1095))
        if model is Activity:
            return Activity(
                studio_id=studio_id,
                kind=rng.choice(Activity.Kind.values),
                date=date,
                topic=rng.choice(
                    ["设备故障攻关", "技能比武集训", "节能降耗改造", "安全隐患排查", "QC 小组活动"]
                ),
                place="工作室",
                headcount=rng.randint(3, 30),
                hours=Decimal(rng.randint(1, 8)),
            )
        if model is Training:
            return Training(
                studio_id=studio_id,
                date=date,
                title=rng.choice(["新员工岗位技能培训", "高级工取证培训", "技师带徒"]),
                headcount=rng.randint(5, 60),
                sessions=rng.randint(1, 4),
                hours=Decimal(rng.randint(2, 16)),
            )
        if model is Achievement:
            return Achievement(
                studio_id=studio_id,
                kind=rng.choice(Achievement.Kind.values),
                title=rng.choice(["一种新型检修工装", "降低能耗的工艺改进", "合理化建议：优化巡检路线"]),
                date=date,
                economic_benefit=Decimal(rng.randint(0, 500)) / 10,
            )
        income = i % 4 == 0
        return FundEntry(
            studio_id=studio_id,
            direction=FundEntry.Direction.INCOME if income else FundEntry.Direction.EXPENDITURE,
            date=date,
            amount=Decimal(rng.randint(3000, 9000) if income else rng.randint(100, 2000)),
            source=rng.choice(FundEntry.Source.values) if income else "",
            use="" if income else rng.choice(FundEntry.Use.values),
            description="经费收支",
        )

    def _accounts(self, province, companies, grassroots, studios):
        User = get_user_model()

        def account(username, full_name):
            user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            return user

        union_services.grant_role(
            user=account("scale_prov_reviewer", "省级审核人"), union=province, role=Role.REVIEWER
        )
        union_services.grant_role(
            user=account("scale_co_reviewer", "公司审核人"), union=companies[0], role=Role.REVIEWER
        )
        union_services.grant_role(
            user=account("scale_staff", "基层经办人"), union=grassroots[0], role=Role.STAFF
        )
        lead = account("scale_lead", "工作室带头人")
        studio = Studio.objects.filter(host_union=grassroots[0]).order_by("pk").first()
        assign_perm("studios.lead_studio", lead, studio)
        assign_perm("studios.log_ledger", lead, studio)

    def _applications(self, o, rng, province, companies, studios):
        """Two campaigns and their applications (studios.demo.scale)."""
        count = scale.generate(
            rng=rng, province=province, companies=companies, studios=studios, total=o["applications"]
        )
        return f", 2 campaigns with {count} applications"
