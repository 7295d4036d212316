"""Seed the "七有" criteria set: the seven basic conditions every studio must show."""

from django.db import migrations

SEVEN_HAVES = [
    ("identity", "有标识", "以劳模或高技能人才命名，具有专业特长、理论水平、实践经验和创新能力；挂牌。", "identity"),
    ("site", "有场所", "有固定的活动场所，配备学习、研究、培训、展示成果所需的图书、电脑、仪器、工具等。", "site"),
    ("funds", "有经费", "所在单位安排专项经费，用于活动开展、学习资料购买、设备添置、成果奖励等；来源为行政支持和工会经费拨付。", "funds"),
    ("members", "有成员", "以劳模或高技能人才为带头人，吸收职工参加；成员可以轮换。", "members"),
    ("rules", "有制度", "有组织机构、目标任务、活动方式、学习安排、创新计划、成果奖励、内部管理等制度。", "rules"),
    ("ledger", "有台帐", "有成员档案；活动、技术创新、服务示范、培训等记录及时、准确。", "ledger"),
    ("results", "有成果", "立足生产实践开展技术攻关，在技术创新、技能培训、服务示范等方面取得成果。", "results"),
]


def seed(apps, schema_editor):
    CriteriaSet = apps.get_model("studios", "CriteriaSet")
    Criterion = apps.get_model("studios", "Criterion")
    criteria_set, _ = CriteriaSet.objects.get_or_create(
        code="seven-haves", defaults={"name": "七有", "description": "劳模（职工）创新工作室基本条件"}
    )
    for position, (code, name, description, rule) in enumerate(SEVEN_HAVES, start=1):
        Criterion.objects.update_or_create(
            criteria_set=criteria_set,
            code=code,
            defaults={"name": name, "description": description, "position": position, "rule": rule},
        )


def unseed(apps, schema_editor):
    apps.get_model("studios", "CriteriaSet").objects.filter(code="seven-haves").delete()


class Migration(migrations.Migration):
    dependencies = [("studios", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
