"""The demo studios: about thirty across the twelve grassroots unions, with 七有 evidence; idempotent.

Every studio starts 培育中 (cultivating). The ledgers seeder, which runs after
this one, fills the ledgers and then calls
studios.services.studio.mature_if_complete() so that each move to 成熟 goes
through the workflow and appears on the timeline.
"""

import datetime
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction

from unions import uploads
from unions.demo import DEMO_PASSWORD
from unions.models import Union

from ..models import CriteriaSet, Criterion, EvidenceFile, Honour, SkillLevel, Studio, StudioType, Topic
from ..models.criteria import SEVEN_HAVES
from ..services import studio as services

LEAD = ("studio_lead", "王海峰", "13800000041")
ACCOUNTS = [(LEAD[0], "工作室带头人")]

H, S, T, P = Honour, SkillLevel, StudioType, Topic
FULL, PARTLY, NONE = "full", "partly", "none"

# (union code, person, studio suffix, post, honours, skill level, type, topics, expertise, evidence)
STUDIOS = [
    (
        "zj-energy-power1",
        "王海峰",
        "劳模创新工作室",
        "锅炉检修班班长",
        [H.PROVINCIAL_MODEL],
        S.SENIOR_TECHNICIAN,
        T.TECHNICAL,
        [P.ENERGY, P.COST],
        "大型燃煤锅炉检修、受热面防磨防爆",
        FULL,
    ),
    (
        "zj-energy-power1",
        "张建华",
        "劳模创新工作室",
        "汽机专业主管",
        [H.NATIONAL_MODEL, H.PROVINCIAL_CRAFTSMAN],
        S.SENIOR_ENGINEER,
        T.TECHNICAL,
        [P.RETROFIT, P.ENERGY],
        "汽轮机通流改造与振动诊断",
        FULL,
    ),
    (
        "zj-energy-power1",
        "陈晓东",
        "技能大师工作室",
        "热控班技师",
        [H.TECHNICAL_EXPERT],
        S.TECHNICIAN,
        T.SKILLS,
        [P.SAFETY],
        "DCS 热工控制逻辑优化、仪表校验",
        PARTLY,
    ),
    (
        "zj-energy-power2",
        "刘建国",
        "劳模创新工作室",
        "电气检修队队长",
        [H.PROVINCIAL_MAY_FIRST],
        S.SENIOR_TECHNICIAN,
        T.TECHNICAL,
        [P.SAFETY, P.INNOVATION],
        "发电机及高压开关设备检修",
        FULL,
    ),
    (
        "zj-energy-power2",
        "杨丽萍",
        "职工创新工作室",
        "化学运行值长",
        [H.CITY_MODEL],
        S.TECHNICIAN,
        T.MANAGEMENT,
        [P.QUALITY, P.COST],
        "水汽品质控制与化学运行管理",
        PARTLY,
    ),
    (
        "zj-energy-power2",
        "黄志明",
        "劳模创新工作室",
        "燃料部副主任",
        [],
        S.SENIOR_WORKER,
        T.SERVICE,
        [P.COST],
        "输煤系统节能运行",
        NONE,
    ),
    (
        "zj-energy-gas",
        "周国强",
        "劳模创新工作室",
        "管网运维中心主任",
        [H.PROVINCIAL_MODEL],
        S.SENIOR_ENGINEER,
        T.TECHNICAL,
        [P.SAFETY, P.RETROFIT],
        "长输天然气管道完整性管理与带压封堵",
        FULL,
    ),
    (
        "zj-energy-gas",
        "吴海燕",
        "技能大师工作室",
        "计量站站长",
        [H.PROVINCIAL_CRAFTSMAN],
        S.TECHNICIAN,
        T.SKILLS,
        [P.QUALITY],
        "天然气流量计量与标定",
        FULL,
    ),
    (
        "zj-energy-coal",
        "徐卫国",
        "劳模创新工作室",
        "储运部经理",
        [H.CITY_MODEL],
        S.ENGINEER,
        T.MANAGEMENT,
        [P.COST, P.ENERGY],
        "燃料掺配与港口储运调度",
        PARTLY,
    ),
    (
        "zj-energy-coal",
        "孙立新",
        "职工创新工作室",
        "采制化班班长",
        [H.TECHNICAL_EXPERT],
        S.SENIOR_WORKER,
        T.SKILLS,
        [P.QUALITY],
        "煤质采制化标准化操作",
        NONE,
    ),
    (
        "zj-transport-hw",
        "马振华",
        "劳模创新工作室",
        "路政养护中心主任",
        [H.NATIONAL_MAY_FIRST],
        S.SENIOR_ENGINEER,
        T.TECHNICAL,
        [P.SAFETY, P.INNOVATION],
        "高速公路桥梁病害检测与快速养护",
        FULL,
    ),
    (
        "zj-transport-hw",
        "朱丽娟",
        "服务示范工作室",
        "收费站站长",
        [H.PROVINCIAL_MODEL],
        S.OTHER,
        T.SERVICE,
        [P.QUALITY],
        "收费服务标准化与文明服务示范",
        FULL,
    ),
    (
        "zj-transport-hw",
        "胡志勇",
        "职工创新工作室",
        "机电维护班班长",
        [],
        S.TECHNICIAN,
        T.TECHNICAL,
        [P.INNOVATION, P.ENERGY],
        "隧道机电设备智能运维",
        PARTLY,
    ),
    (
        "zj-transport-rail",
        "郭建平",
        "劳模创新工作室",
        "车辆检修车间主任",
        [H.PROVINCIAL_MAY_FIRST],
        S.SENIOR_TECHNICIAN,
        T.TECHNICAL,
        [P.SAFETY, P.RETROFIT],
        "地铁车辆转向架检修与故障诊断",
        FULL,
    ),
    (
        "zj-transport-rail",
        "林晓燕",
        "技能大师工作室",
        "信号维护工班长",
        [H.TECHNICAL_EXPERT],
        S.TECHNICIAN,
        T.SKILLS,
        [P.SAFETY],
        "CBTC 信号系统维护",
        PARTLY,
    ),
    (
        "zj-transport-port",
        "何德胜",
        "劳模创新工作室",
        "码头装卸队队长",
        [H.CITY_MODEL, H.TECHNICAL_EXPERT],
        S.SENIOR_WORKER,
        T.TECHNICAL,
        [P.COST, P.SAFETY],
        "内河集装箱装卸工艺优化",
        FULL,
    ),
    (
        "zj-transport-port",
        "高秀英",
        "职工创新工作室",
        "调度中心值班主任",
        [],
        S.ENGINEER,
        T.MANAGEMENT,
        [P.COST],
        "港口生产调度信息化",
        NONE,
    ),
    (
        "zj-transport-build",
        "罗永刚",
        "劳模创新工作室",
        "项目总工程师",
        [H.NATIONAL_MODEL],
        S.SENIOR_ENGINEER,
        T.TECHNICAL,
        [P.INNOVATION, P.QUALITY],
        "大跨径桥梁施工监控与预制拼装",
        FULL,
    ),
    (
        "zj-transport-build",
        "梁志刚",
        "技能大师工作室",
        "钢筋班班长",
        [H.PROVINCIAL_CRAFTSMAN],
        S.SENIOR_TECHNICIAN,
        T.SKILLS,
        [P.QUALITY, P.COST],
        "钢筋加工与绑扎工艺",
        FULL,
    ),
    (
        "zj-transport-build",
        "宋春梅",
        "职工创新工作室",
        "试验室主任",
        [H.CITY_MODEL],
        S.ENGINEER,
        T.TECHNICAL,
        [P.QUALITY],
        "工程材料检测与质量控制",
        PARTLY,
    ),
    (
        "hz-boiler",
        "郑国华",
        "劳模创新工作室",
        "焊接车间主任",
        [H.NATIONAL_CRAFTSMAN],
        S.SENIOR_TECHNICIAN,
        T.TECHNICAL,
        [P.QUALITY, P.INNOVATION],
        "锅炉压力容器焊接与无损检测",
        FULL,
    ),
    (
        "hz-boiler",
        "谢文彬",
        "职工创新工作室",
        "工艺科科长",
        [],
        S.SENIOR_ENGINEER,
        T.MANAGEMENT,
        [P.COST, P.ENERGY],
        "余热锅炉设计工艺改进",
        NONE,
    ),
    (
        "hz-water",
        "韩建军",
        "劳模创新工作室",
        "水厂运行部经理",
        [H.PROVINCIAL_MODEL],
        S.SENIOR_ENGINEER,
        T.TECHNICAL,
        [P.QUALITY, P.ENERGY],
        "净水工艺优化与节能降耗",
        FULL,
    ),
    (
        "hz-water",
        "唐美玲",
        "服务示范工作室",
        "客户服务中心班长",
        [H.CITY_MODEL],
        S.OTHER,
        T.SERVICE,
        [P.QUALITY],
        "供水服务热线与上门服务",
        PARTLY,
    ),
    (
        "hz-water",
        "冯伟",
        "技能大师工作室",
        "管网抢修班班长",
        [H.TECHNICAL_EXPERT],
        S.TECHNICIAN,
        T.SKILLS,
        [P.SAFETY, P.COST],
        "供水管网检漏与不停水抢修",
        FULL,
    ),
    (
        "hz-bus",
        "董建新",
        "劳模创新工作室",
        "公交驾驶员",
        [H.NATIONAL_MAY_FIRST],
        S.SENIOR_WORKER,
        T.SERVICE,
        [P.SAFETY, P.ENERGY],
        "新能源公交节能驾驶与安全行车",
        FULL,
    ),
    (
        "hz-bus",
        "萧红",
        "职工创新工作室",
        "保修分公司技术员",
        [],
        S.TECHNICIAN,
        T.TECHNICAL,
        [P.RETROFIT],
        "纯电动公交动力电池维护",
        NONE,
    ),
    (
        "hz-steel",
        "程大勇",
        "劳模创新工作室",
        "炼钢厂首席技师",
        [H.NATIONAL_MODEL, H.NATIONAL_CRAFTSMAN],
        S.SENIOR_TECHNICIAN,
        T.TECHNICAL,
        [P.ENERGY, P.COST],
        "转炉炼钢工艺与节能减排",
        FULL,
    ),
    (
        "hz-steel",
        "曹丽华",
        "职工创新工作室",
        "质检中心主任",
        [H.CITY_MODEL],
        S.SENIOR_ENGINEER,
        T.MANAGEMENT,
        [P.QUALITY],
        "钢材质量检验与标准化管理",
        PARTLY,
    ),
    (
        "hz-steel",
        "袁志坚",
        "技能大师工作室",
        "轧钢电工",
        [H.PROVINCIAL_CRAFTSMAN],
        S.TECHNICIAN,
        T.SKILLS,
        [P.SAFETY, P.INNOVATION],
        "轧线电气传动故障排查",
        FULL,
    ),
]

EQUIPMENT = "电脑 4 台、投影仪 1 台、专业书籍 200 余册、检测仪器 6 套、实训工具柜 2 组"
RULE_TITLES = {
    EvidenceFile.RuleKind.ORGANISATION: "工作室组织机构及职责",
    EvidenceFile.RuleKind.GOALS: "工作室目标任务",
    EvidenceFile.RuleKind.ACTIVITY_MODES: "工作室活动方式",
    EvidenceFile.RuleKind.STUDY_PLAN: "年度学习安排",
    EvidenceFile.RuleKind.INNOVATION_PLAN: "年度创新计划",
    EvidenceFile.RuleKind.REWARDS: "成果奖励办法",
    EvidenceFile.RuleKind.INTERNAL_MANAGEMENT: "内部管理制度",
}


def _png(seed):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (160, 100), (200 - seed % 60, 40 + seed % 90, 40))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 25, 140, 75), outline=(255, 215, 0), width=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _pdf():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _lead_account():
    User = get_user_model()
    username, full_name, phone = LEAD
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"full_name": full_name, "phone": phone, "email": f"{username}@example.cn"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _attach(studio, criterion, by, content, name, kind, rule_kind="", title=""):
    upload = ContentFile(content, name=name)
    info = uploads.check_upload(upload)
    services.add_evidence_file(
        studio=studio,
        criterion=criterion,
        upload=upload,
        info=info,
        by=by,
        kind=kind,
        rule_kind=rule_kind,
        title=title,
    )


def _evidence(studio, level, criteria, by, number, pdf):
    if level == NONE:
        return
    identity, site, rules = criteria["identity"], criteria["site"], criteria["rules"]
    services.save_evidence_statement(
        studio=studio,
        criterion=identity,
        description=f"以{studio.person_name}同志命名，{studio.unit}正式挂牌。",
    )
    if level == FULL:
        _attach(
            studio,
            identity,
            by,
            _png(number),
            "挂牌照片.png",
            EvidenceFile.Kind.PLAQUE_PHOTO,
            title="工作室挂牌",
        )
    services.save_evidence_statement(
        studio=studio,
        criterion=site,
        description=f"工作室位于{studio.site_address}，面积 {studio.site_area} 平方米。",
    )
    _attach(
        studio, site, by, _png(number + 7), "场所照片.png", EvidenceFile.Kind.SITE_PHOTO, title="活动场所"
    )
    kinds = list(EvidenceFile.RuleKind)
    if level == PARTLY:
        kinds = kinds[:5]  # the rewards and internal-management rules are still being drafted
    for kind in kinds:
        _attach(
            studio,
            rules,
            by,
            pdf,
            f"{RULE_TITLES[kind]}.pdf",
            EvidenceFile.Kind.RULE_DOCUMENT,
            kind.value,
            RULE_TITLES[kind],
        )


def seed_studios(stdout):
    User = get_user_model()
    sysadmin = User.objects.get(username="sysadmin")
    criteria_set = CriteriaSet.objects.get(code=SEVEN_HAVES)
    criteria = {c.code: c for c in Criterion.objects.filter(criteria_set=criteria_set)}
    unions = {u.code: u for u in Union.objects.filter(code__in={row[0] for row in STUDIOS})}
    staff = {m.union.code: m.user for m in _staff_memberships()}
    lead = _lead_account()
    pdf = _pdf()
    created = 0
    for number, row in enumerate(STUDIOS, start=1):
        code, person, suffix, post, honours, skill, kind, topics, expertise, level = row
        union = unions[code]
        name = f"{person}{suffix}"
        if Studio.objects.filter(host_union=union, name=name).exists():
            continue
        with transaction.atomic():
            studio = Studio.objects.create(
                name=name,
                person_name=person,
                person_post=post,
                person_honours=[h.value for h in honours],
                person_skill_level=skill.value,
                person_expertise=expertise if level != NONE else "",
                host_union=union,
                unit=union.unit,
                kind=kind.value,
                topics=[t.value for t in topics],
                site_address=f"{union.region}{union.unit}生产区 {number} 号楼" if level != NONE else "",
                site_area=Decimal(60 + (number * 37) % 140) if level != NONE else None,
                site_equipment=EQUIPMENT if level != NONE else "",
                founded_on=datetime.date(2016 + number % 8, 1 + number % 12, 1 + number % 27),
                criteria_set=criteria_set,
            )
            _evidence(studio, level, criteria, staff.get(code, sysadmin), number, pdf)
            if person == LEAD[1]:
                services.assign_lead(studio=studio, user=lead)
        created += 1
    if created:
        stdout.write(f"工作室：新建 {created} 个")


def _staff_memberships():
    from unions.models import Membership, Role

    return Membership.objects.active().filter(role=Role.STAFF).select_related("union", "user").order_by("pk")
