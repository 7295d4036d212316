"""The demo union tree and one account per role, built idempotently by `seed_demo`."""

from django.contrib.auth import get_user_model
from django.db import transaction

from .. import services
from ..models import Role, Union
from . import DEMO_PASSWORD

PROVINCE = ("zj", "浙江省总工会", Union.Level.PROVINCIAL, "浙江省总工会", "浙江省")

# (code, name, level, unit, region, [grassroots children])
COMPANIES = [
    (
        "zj-energy",
        "浙江省能源集团有限公司工会",
        Union.Level.CITY_OR_COMPANY,
        "浙江省能源集团有限公司",
        "杭州市",
        [
            ("zj-energy-power1", "浙能兰溪发电有限责任公司工会", "浙能兰溪发电有限责任公司", "金华市"),
            ("zj-energy-power2", "浙能嘉兴发电有限公司工会", "浙能嘉兴发电有限公司", "嘉兴市"),
            ("zj-energy-gas", "浙江浙能天然气管网有限公司工会", "浙江浙能天然气管网有限公司", "杭州市"),
            ("zj-energy-coal", "浙江浙能富兴燃料有限公司工会", "浙江浙能富兴燃料有限公司", "杭州市"),
        ],
    ),
    (
        "zj-transport",
        "浙江省交通投资集团有限公司工会",
        Union.Level.CITY_OR_COMPANY,
        "浙江省交通投资集团有限公司",
        "杭州市",
        [
            (
                "zj-transport-hw",
                "浙江沪杭甬高速公路股份有限公司工会",
                "浙江沪杭甬高速公路股份有限公司",
                "杭州市",
            ),
            (
                "zj-transport-rail",
                "浙江交通集团轨道交通运营公司工会",
                "浙江交通集团轨道交通运营公司",
                "杭州市",
            ),
            (
                "zj-transport-port",
                "浙江海港内河港口发展有限公司工会",
                "浙江海港内河港口发展有限公司",
                "嘉兴市",
            ),
            ("zj-transport-build", "浙江交工集团股份有限公司工会", "浙江交工集团股份有限公司", "杭州市"),
        ],
    ),
    (
        "hz-city",
        "杭州市总工会",
        Union.Level.CITY_OR_COMPANY,
        "杭州市总工会",
        "杭州市",
        [
            ("hz-boiler", "杭州锅炉集团股份有限公司工会", "杭州锅炉集团股份有限公司", "杭州市"),
            ("hz-water", "杭州市水务集团有限公司工会", "杭州市水务集团有限公司", "杭州市"),
            ("hz-bus", "杭州市公共交通集团有限公司工会", "杭州市公共交通集团有限公司", "杭州市"),
            ("hz-steel", "杭州钢铁集团有限公司工会", "杭州钢铁集团有限公司", "杭州市"),
        ],
    ),
]

# (username, real name, phone, union code, role, what the account is for)
ACCOUNTS = [
    ("prov_admin", "周建国", "13800000001", "zj", Role.ADMIN, "省总工会管理员"),
    ("prov_head", "陈丽华", "13800000002", "zj", Role.HEAD, "省总工会负责人"),
    ("prov_reviewer", "王志强", "13800000003", "zj", Role.REVIEWER, "省总工会审核人"),
    ("co_admin", "刘海燕", "13800000011", "zj-energy", Role.ADMIN, "集团公司工会管理员"),
    ("co_head", "赵卫东", "13800000012", "zj-energy", Role.HEAD, "集团公司工会负责人"),
    ("co_reviewer", "孙晓明", "13800000013", "zj-energy", Role.REVIEWER, "集团公司工会审核人"),
    ("gr_staff", "李娟", "13800000021", "zj-energy-power1", Role.STAFF, "基层工会经办人"),
    ("gr_staff2", "吴鹏", "13800000022", "zj-energy-power2", Role.STAFF, "基层工会经办人（兄弟单位）"),
    ("other_reviewer", "郑敏", "13800000031", "zj-transport", Role.REVIEWER, "另一集团公司工会审核人"),
]

SUPERUSER = ("sysadmin", "系统管理员", "13800000000")


def _union(code, name, level, unit, region, parent=None):
    union = Union.objects.filter(code=code).first()
    if union is not None:
        return union
    if parent is None:
        return services.create_root_union(name=name, code=code, level=level, unit=unit, region=region)
    return services.add_child_union(
        parent=parent, name=name, code=code, level=level, unit=unit, region=region
    )


def _account(username, full_name, phone, **extra):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"full_name": full_name, "phone": phone, "email": f"{username}@example.cn", **extra},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def build_tree():
    code, name, level, unit, region = PROVINCE
    province = _union(code, name, level, unit, region)
    for c_code, c_name, c_level, c_unit, c_region, grassroots in COMPANIES:
        company = _union(c_code, c_name, c_level, c_unit, c_region, parent=province)
        for g_code, g_name, g_unit, g_region in grassroots:
            _union(g_code, g_name, Union.Level.GRASSROOTS, g_unit, g_region, parent=company)
    return province


@transaction.atomic
def build_accounts():
    username, full_name, phone = SUPERUSER
    _account(username, full_name, phone, is_staff=True, is_superuser=True)
    for username, full_name, phone, union_code, role, _purpose in ACCOUNTS:
        user = _account(username, full_name, phone)
        union = Union.objects.get(code=union_code)
        if not user.memberships.filter(union=union, role=role, is_active=True).exists():
            services.grant_role(user=user, union=union, role=role)


def account_table():
    """(username, purpose) rows for the union accounts, printed by `make run`."""
    return [(SUPERUSER[0], "系统管理员（Django 后台）")] + [(a[0], a[5]) for a in ACCOUNTS]
