"""Demo ledgers for the demo studios (runs after the studios seeder); deterministic and idempotent.

Each studio gets a profile from a stable checksum of its name: most keep complete
ledgers (members, activities and trainings over the last 18 months, achievements
with economic benefit, income and expenditure); some lack recent income and
results; a few have hardly started. A studio whose ledgers exist already is left
alone. Afterwards every cultivating studio whose criteria are all met moves to
成熟 through the workflow (studios.services.studio.mature_if_complete).
"""

import datetime
import random
import zlib
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from studios.demo import studios as demo_studios
from studios.models import Honour, SkillLevel, Studio
from studios.services.studio import mature_if_complete

from .. import rollup
from ..models import Achievement, Activity, FundEntry, Member, Training

COMPLETE, PARTIAL, STARTING, NO_RECENT_RESULT = "complete", "partial", "starting", "no_recent_result"
LEAD_PERSON = "王海峰"  # the demo lead's studio: all but a recent achievement, for the lead to add one

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢"
)
GIVEN = [
    "建国",
    "志强",
    "海涛",
    "晓东",
    "卫东",
    "丽华",
    "秀英",
    "建军",
    "文博",
    "振华",
    "德胜",
    "国庆",
    "春梅",
    "玉芳",
    "明辉",
    "永刚",
    "红霞",
    "宇航",
    "立新",
    "海燕",
    "俊杰",
    "思远",
    "佳怡",
    "子涵",
    "浩然",
    "晨阳",
    "雪梅",
    "志刚",
]
POSTS = [
    "检修班班长",
    "运行值班员",
    "技术员",
    "安全员",
    "设备主管",
    "班组长",
    "高级技师",
    "工程师",
    "质检员",
    "调度员",
]
PLACES = ["工作室实训室", "生产现场", "公司培训中心", "检修车间", "会议室", "班组活动室"]
TOPICS = {
    Activity.Kind.BREAKTHROUGH: ["设备振动超标攻关", "关键部件磨损治理", "疑难故障会诊", "能耗异常原因排查"],
    Activity.Kind.TRAINING: ["新员工岗位技能带教", "技能鉴定考前辅导", "师带徒集中授课", "操作规程实操训练"],
    Activity.Kind.SERVICE: ["劳模进班组服务示范", "兄弟单位技术支援", "安全生产宣讲", "服务标准化示范"],
    Activity.Kind.INNOVATION: ["专用工具研制", "检测工装改进", "工艺流程优化试验", "小改小革成果评审"],
    Activity.Kind.MANAGEMENT: ["班组精益管理推进", "点检标准修订", "成本管控分析会", "现场 6S 管理评比"],
    Activity.Kind.EXCHANGE: ["创新方法学习交流", "外出参观学习", "劳模工匠座谈会", "技术论文交流会"],
}
TRAININGS = [
    "岗位技能提升培训",
    "技能等级认定培训",
    "安全技能专项培训",
    "新技术新工艺培训",
    "QC 小组活动培训",
]
LEVELS = ["高级工", "技师", "高级技师", "中级工"]
ACHIEVEMENTS = [
    (Achievement.Kind.PATENT, "一种{}用快速检测装置（实用新型专利）"),
    (Achievement.Kind.PROPOSAL, "关于优化{}运行方式的合理化建议"),
    (Achievement.Kind.INNOVATION, "{}技术革新"),
    (Achievement.Kind.QC, "降低{}故障率 QC 成果"),
    (Achievement.Kind.METHOD, "{}操作法"),
    (Achievement.Kind.AWARD, "{}获省职工技术创新成果奖"),
]
SUBJECTS = [
    "给水泵",
    "输煤皮带",
    "调压阀组",
    "信号机",
    "转向架",
    "收费车道",
    "门机",
    "换热器",
    "仪表回路",
    "桥梁支座",
]


def profile(studio):
    if studio.person_name == LEAD_PERSON:
        return NO_RECENT_RESULT
    bucket = zlib.crc32(studio.name.encode("utf-8")) % 6
    return {0: STARTING, 1: PARTIAL}.get(bucket, COMPLETE)


def _day(today, rng, oldest, newest=0):
    return today - datetime.timedelta(days=rng.randint(newest, oldest))


def _name(rng, taken):
    while True:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if name not in taken:
            taken.add(name)
            return name


def _members(studio, rng, kind, today):
    taken = {studio.person_name}
    founded = studio.founded_on
    honours = "、".join(str(Honour(h).label) for h in studio.person_honours if h in Honour.values)
    rows = [
        Member(
            studio=studio,
            name=studio.person_name,
            post=studio.person_post,
            skill_level=studio.person_skill_level,
            honours=honours,
            role=Member.StudioRole.LEAD,
            joined_on=founded,
        )
    ]
    count = 1 if kind == STARTING else rng.randint(4, 8)
    levels = [SkillLevel.SENIOR_WORKER, SkillLevel.TECHNICIAN, SkillLevel.INTERMEDIATE, SkillLevel.ENGINEER]
    span = max((today - founded).days, 30)
    for index in range(count):
        role = (
            Member.StudioRole.DEPUTY
            if index == 0
            else (Member.StudioRole.CORE if index < 3 else Member.StudioRole.MEMBER)
        )
        rows.append(
            Member(
                studio=studio,
                name=_name(rng, taken),
                post=rng.choice(POSTS),
                skill_level=rng.choice(levels),
                role=role,
                joined_on=founded + datetime.timedelta(days=rng.randint(0, span // 2)),
            )
        )
    if kind != STARTING:
        # Members rotate to other posts: the archive keeps who left, and when.
        for _index in range(rng.randint(1, 2)):
            joined = founded + datetime.timedelta(days=rng.randint(0, span // 3))
            rows.append(
                Member(
                    studio=studio,
                    name=_name(rng, taken),
                    post=rng.choice(POSTS),
                    skill_level=rng.choice(levels),
                    role=Member.StudioRole.MEMBER,
                    joined_on=joined,
                    left_on=joined + datetime.timedelta(days=rng.randint(120, max(span // 2, 121))),
                )
            )
    for member in rows:
        if member.left_on and member.left_on > today:
            member.left_on = today - datetime.timedelta(days=30)
    return Member.objects.bulk_create(rows)


def _activities(studio, rng, kind, today, members):
    current = [m for m in members if m.left_on is None]
    count = {COMPLETE: rng.randint(8, 14), NO_RECENT_RESULT: rng.randint(6, 9), PARTIAL: 2, STARTING: 1}[kind]
    for index in range(count):
        activity_kind = rng.choice(list(Activity.Kind))
        oldest, newest = (540, 370) if kind == STARTING else (540, 3)
        if kind == PARTIAL and index == 0:
            oldest, newest = 200, 30
        people = rng.sample(current, k=min(len(current), rng.randint(2, 5)))
        others = "、".join(rng.choice(SURNAMES) + "工" for _i in range(rng.randint(0, 2)))
        activity = Activity.objects.create(
            studio=studio,
            kind=activity_kind,
            date=_day(today, rng, oldest, newest),
            topic=rng.choice(TOPICS[activity_kind]),
            place=rng.choice(PLACES),
            other_participants=others,
            headcount=len(people) + (others.count("、") + 1 if others else 0),
            hours=Decimal(rng.choice(["2.0", "3.0", "3.5", "4.0", "6.0", "8.0"])),
            outcome=rng.choice(
                [
                    "形成处理方案一份",
                    "完成现场验证，效果良好",
                    "编写作业指导书",
                    "培养骨干 2 名",
                    "问题已闭环",
                ]
            ),
        )
        activity.participants.set(people)


def _trainings(studio, rng, kind, today):
    count = {COMPLETE: rng.randint(3, 6), NO_RECENT_RESULT: 3, PARTIAL: 0, STARTING: 0}[kind]
    rows = []
    for _index in range(count):
        headcount = rng.randint(12, 60)
        rows.append(
            Training(
                studio=studio,
                date=_day(today, rng, 540, 5),
                title=rng.choice(TRAININGS),
                trainer=studio.person_name,
                sessions=rng.randint(1, 6),
                headcount=headcount,
                hours=Decimal(rng.choice(["4.0", "8.0", "16.0", "24.0"])),
                trainees="青年员工、新入职员工",
                levels_reached=f"{rng.choice(LEVELS)} {rng.randint(1, 5)} 人",
                certified_count=rng.randint(0, min(8, headcount)),
            )
        )
    Training.objects.bulk_create(rows)


def _achievements(studio, rng, kind, today):
    if kind == STARTING:
        return
    if kind in (PARTIAL, NO_RECENT_RESULT):
        dates = [_day(today, rng, 700, 400)]
    else:
        dates = [_day(today, rng, 540, 10) for _i in range(rng.randint(3, 6))]
        dates[0] = _day(today, rng, 300, 10)  # at least one in the last 12 months
    rows = []
    for index, date in enumerate(dates):
        achievement_kind, title = ACHIEVEMENTS[(index + rng.randint(0, 5)) % len(ACHIEVEMENTS)]
        if index == 1:
            achievement_kind, title = ACHIEVEMENTS[1]  # a 合理化建议 in every complete studio
        benefit = (
            Decimal(rng.randint(0, 4000)) / 100 if achievement_kind != Achievement.Kind.AWARD else Decimal(0)
        )
        rows.append(
            Achievement(
                studio=studio,
                kind=achievement_kind,
                title=title.format(rng.choice(SUBJECTS)),
                date=date,
                people=studio.person_name + "、" + rng.choice(SURNAMES) + rng.choice(GIVEN),
                economic_benefit=benefit,
                description="经生产实际验证，已推广应用。",
            )
        )
    Achievement.objects.bulk_create(rows)


def _funds(studio, rng, kind, today):
    if kind == STARTING:
        return
    incomes = [
        (_day(today, rng, 540, 420), FundEntry.Source.ADMINISTRATIVE, Decimal(rng.randint(3, 8) * 10000)),
    ]
    if kind != PARTIAL:
        incomes.append(
            (_day(today, rng, 300, 60), FundEntry.Source.UNION_FUNDS, Decimal(rng.randint(2, 5) * 10000))
        )
    events = [(date, 0, FundEntry.Direction.INCOME, source, amount) for date, source, amount in incomes]
    uses = list(FundEntry.Use)
    for _index in range(rng.randint(4, 9)):
        events.append(
            (
                _day(today, rng, 400, 2),
                1,
                FundEntry.Direction.EXPENDITURE,
                rng.choice(uses),
                Decimal(rng.randint(5, 80) * 100),
            )
        )
    events.sort(key=lambda e: (e[0], e[1]))
    balance = Decimal(0)
    rows = []
    for date, _order, direction, code, amount in events:
        if direction == FundEntry.Direction.EXPENDITURE and amount > balance:
            continue  # a balance never goes negative
        balance += amount if direction == FundEntry.Direction.INCOME else -amount
        income = direction == FundEntry.Direction.INCOME
        rows.append(
            FundEntry(
                studio=studio,
                direction=direction,
                date=date,
                amount=amount,
                source=code if income else "",
                use="" if income else code,
                description=(
                    f"{date.year}年度工作室{'运行经费' if code == FundEntry.Source.ADMINISTRATIVE else '创新经费'}"
                    if income
                    else rng.choice(
                        ["购置检测仪器", "采购专业书籍", "攻关活动耗材", "成果奖励发放", "培训场地费用"]
                    )
                ),
                document_number=f"{'收' if income else '付'}-{date:%Y%m}-{rng.randint(1, 99):02d}",
            )
        )
    FundEntry.objects.bulk_create(rows)


def _has_ledgers(studio):
    return (
        Member.objects.filter(studio=studio).exists()
        or Activity.objects.filter(studio=studio).exists()
        or FundEntry.objects.filter(studio=studio).exists()
    )


def seed_demo_ledgers(stdout):
    today = timezone.localdate()
    sysadmin = get_user_model().objects.filter(username="sysadmin").first()
    filled = matured = 0
    names = [f"{row[1]}{row[2]}" for row in demo_studios.STUDIOS]
    for studio in Studio.objects.filter(name__in=names).order_by("pk"):
        if not _has_ledgers(studio):
            rng = random.Random(f"ledgers:{studio.name}")
            kind = profile(studio)
            with transaction.atomic():
                members = _members(studio, rng, kind, today)
                _activities(studio, rng, kind, today, members)
                _trainings(studio, rng, kind, today)
                _achievements(studio, rng, kind, today)
                _funds(studio, rng, kind, today)
                rollup.rebuild([studio.pk])  # the rows above were bulk-inserted
            filled += 1
        if sysadmin is not None and studio.stage == Studio.Stage.CULTIVATING:
            if mature_if_complete(studio, by=sysadmin).stage == Studio.Stage.MATURE:
                matured += 1
    if filled or matured:
        stdout.write(f"台帐：{filled} 个工作室，{matured} 个转为成熟")
