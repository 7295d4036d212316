"""A province onboards from one workbook (sheets 工会 and 账号): checked whole against the tree and the
administrator's subtree, every error naming sheet, row and column; previewed; applied in one
transaction; the same file again changes nothing; new accounts get a link or a one-time code."""

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from unions import onboarding
from unions.models import Membership, Union, User

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNION_HEADER = ["简码", "名称", "层级", "所属单位", "地区", "行业", "所有制", "上级工会代码"]
ACCOUNT_HEADER = ["用户名", "姓名", "电话", "电子邮箱", "工会代码", "角色"]


def workbook(unions, accounts=()):
    wb = Workbook()
    ws = wb.active
    ws.title = "工会"
    ws.append(UNION_HEADER)
    for row in unions:
        ws.append(row)
    sheet = wb.create_sheet("账号")
    sheet.append(ACCOUNT_HEADER)
    for row in accounts:
        sheet.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("组织.xlsx", out.getvalue(), content_type=XLSX)


CITY = "市总工会/集团公司工会"
GRASS = "基层工会"
GOOD_UNIONS = [
    ["hz", "杭州市总工会", CITY, "", "杭州市", "", "机关事业", "prov"],
    ["hz-bus", "杭州公交集团工会", CITY, "杭州公交集团", "杭州市", "交通运输", "国有", "hz"],
    ["hz-bus-1", "公交一公司工会", GRASS, "公交一公司", "杭州市", "交通运输", "国有", "hz-bus"],
]
GOOD_ACCOUNTS = [
    ["hz_admin", "周敏", "13800000001", "zhoumin@example.cn", "hz", "管理员"],
    ["bus1_staff", "吴强", "", "", "hz-bus-1", "经办人"],
]


def test_a_plan_counts_what_it_would_create_and_writes_nothing(tree):
    plan = onboarding.plan(workbook(GOOD_UNIONS, GOOD_ACCOUNTS), root=tree.province, by=tree.prov_admin)
    assert plan.errors == []
    assert [row["code"] for _n, row in plan.new_unions] == ["hz", "hz-bus", "hz-bus-1"]
    assert len(plan.new_accounts) == 2
    assert not Union.objects.filter(code="hz").exists()


def test_applied_it_builds_the_tree_accounts_and_roles_and_again_changes_nothing(
    tree, rf, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    request = rf.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        applied = onboarding.apply(
            workbook(GOOD_UNIONS, GOOD_ACCOUNTS), root=tree.province, by=tree.prov_admin, request=request
        )
    assert applied.counts["new_unions"] == 3 and applied.counts["new_accounts"] == 2
    bus1 = Union.objects.get(code="hz-bus-1")
    assert Union.objects.get_parent(bus1).code == "hz-bus"
    assert bus1.industry == "交通运输" and bus1.ownership == "state"
    hz = Union.objects.get(code="hz")
    assert Union.objects.get_parent(hz) == tree.province
    assert [u.code for u in Union.objects.get_children(hz)] == ["hz-bus"]
    hz.refresh_from_db()
    assert hz.numchild == 1
    tree.province.refresh_from_db()
    assert tree.province.numchild == 3  # company A, company B and 杭州市总工会
    assert Union.objects.find_problems() == ([], [], [], [], [])
    # The administrator's role reaches the new subtree through the same rule as every grant.
    from unions import access

    admin = User.objects.get(username="hz_admin")
    assert access.can(admin, access.MANAGE, bus1)
    assert not access.can(admin, access.VIEW, tree.a1)
    # An e-mail to the one with an address, a one-time code for the one without.
    assert len(mail.outbox) == 1 and "/accounts/set-password/" in mail.outbox[0].body
    ((username, _name, code),) = applied.codes
    assert username == "bus1_staff"
    staff = User.objects.get(username="bus1_staff")
    assert staff.setup_code_hash and code not in staff.setup_code_hash and not staff.has_usable_password()
    # The same file again changes nothing.
    again = onboarding.apply(
        workbook(GOOD_UNIONS, GOOD_ACCOUNTS), root=tree.province, by=tree.prov_admin, request=request
    )
    assert again.counts["new_unions"] == again.counts["changed_unions"] == 0
    assert again.counts["new_accounts"] == again.counts["changed_accounts"] == 0
    assert again.counts["same_unions"] == 3 and again.counts["same_accounts"] == 2
    assert Union.objects.filter(code__startswith="hz").count() == 3
    assert Membership.objects.filter(user__username__in=["hz_admin", "bus1_staff"]).count() == 2


def test_a_changed_field_is_a_change_and_is_applied(tree, rf):
    onboarding.apply(workbook(GOOD_UNIONS), root=tree.province, by=tree.prov_admin, request=rf.get("/"))
    changed = [row[:] for row in GOOD_UNIONS]
    changed[1][5] = "城市公交"
    plan = onboarding.plan(workbook(changed), root=tree.province, by=tree.prov_admin)
    assert [(u.code, c) for _n, u, c in plan.changed_unions] == [
        ("hz-bus", {"industry": ("交通运输", "城市公交")})
    ]
    onboarding.apply(workbook(changed), root=tree.province, by=tree.prov_admin, request=rf.get("/"))
    assert Union.objects.get(code="hz-bus").industry == "城市公交"


def messages_of(plan):
    return [str(e) for e in plan.errors]


def test_a_union_above_its_parent_s_level_is_named_with_sheet_row_and_column(tree):
    rows = GOOD_UNIONS[:2] + [["hz-x", "错层工会", CITY, "", "", "", "", "hz-bus-1"]]
    rows.append(["hz-bus-1", "公交一公司工会", GRASS, "", "", "", "", "hz-bus"])
    rows[2][2] = "省总工会"
    rows[2][7] = "hz-bus"
    errors = messages_of(onboarding.plan(workbook(rows), root=tree.province, by=tree.prov_admin))
    assert errors == [
        "工会表 · 第4行 · 层级（C列）· 该层级的工会不能隶属于其上级工会（市总工会/集团公司工会）。"
    ]
    assert not Union.objects.filter(code__startswith="hz").exists()


def test_a_parent_outside_the_administrator_s_subtree_is_refused(tree):
    rows = [
        ["b1-x", "乙一下属工会", GRASS, "", "", "", "", "b1"],
        ["a1-x", "甲一下属", GRASS, "", "", "", "", "a1"],
    ]
    errors = messages_of(onboarding.plan(workbook(rows), root=tree.company_a, by=tree.a_admin))
    assert len(errors) == 1 and errors[0].startswith("工会表 · 第2行 · 上级工会代码（H列）")
    assert "b1" in errors[0]


def test_a_code_of_another_branch_is_not_taken_over_nor_an_account(tree):
    errors = messages_of(
        onboarding.plan(
            workbook(
                [["b1", "改名", GRASS, "", "", "", "", "co-b"]],
                [["t_b1_staff", "改名", "", "", "a1", "经办人"]],
            ),
            root=tree.company_a,
            by=tree.a_admin,
        )
    )
    assert len(errors) == 1 and "第2行 · 简码（A列）" in errors[0]
    errors = messages_of(
        onboarding.plan(
            workbook(
                [["a1", "甲一基层工会", GRASS, "", "", "", "", "co-a"]],
                [["t_b1_staff", "改名", "", "", "a1", "经办人"]],
            ),
            root=tree.company_a,
            by=tree.a_admin,
        )
    )
    assert errors == ["账号表 · 第2行 · 用户名（A列）· 该用户名已被本单位工会范围以外的账号使用。"]


def test_a_moved_union_a_cycle_and_bad_cells_are_each_named(tree):
    rows = [
        ["a1", "甲一基层工会", GRASS, "", "", "", "", "co-b"],  # moved
        ["x1", "循环一", GRASS, "", "", "", "", "x2"],
        ["x2", "循环二", GRASS, "", "", "", "", "x1"],
    ]
    errors = messages_of(onboarding.plan(workbook(rows), root=tree.province, by=tree.prov_admin))
    assert any("第2行 · 上级工会代码（H列）" in e and "不会调整" in e for e in errors)
    assert any("第3行" in e and "循环" in e for e in errors)
    bad = onboarding.plan(
        workbook(
            [["坏 代码", "", "某级", "", "", "", "私营", "prov"]],
            [["x", "某", "电话", "不是邮箱", "a1", "经办人"]],
        ),
        root=tree.province,
        by=tree.prov_admin,
    )
    errors = messages_of(bad)
    assert any(e.startswith("工会表 · 第2行 · 层级（C列）") for e in errors)
    assert any(e.startswith("工会表 · 第2行 · 所有制（G列）") for e in errors)
    assert any(e.startswith("工会表 · 第2行 · 简码（A列）") for e in errors)
    assert any(e.startswith("工会表 · 第2行 · 名称（B列）") for e in errors)
    assert any(e.startswith("账号表 · 第2行 · 电子邮箱（D列）") for e in errors)


def test_the_pages_preview_then_apply_and_show_the_codes_once(client, tree):
    client.force_login(tree.prov_admin)
    url = f"/unions/{tree.province.pk}/onboarding/"
    template = client.get(url + "template.xlsx")
    wb = load_workbook(io.BytesIO(b"".join(template.streaming_content)))
    assert wb.sheetnames == ["工会", "账号", "填写说明"]
    assert [c.value for c in wb["工会"][1]] == UNION_HEADER
    response = client.post(url, {"file": workbook(GOOD_UNIONS, GOOD_ACCOUNTS)})
    page = response.content.decode()
    assert response.status_code == 200 and "导入预览" in page
    assert not Union.objects.filter(code="hz").exists()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    applied = client.post(url + "apply/", {"token": token}).content.decode()
    assert "导入完成" in applied and "bus1_staff" in applied
    code = re.search(r"<code>([A-Z0-9-]+)</code>", applied).group(1)
    assert Union.objects.filter(code__startswith="hz").count() == 3
    # The preview cannot be applied twice.
    assert client.post(url + "apply/", {"token": token}).status_code == 302
    # The code sets the password once.
    client.logout()
    form = {
        "username": "bus1_staff",
        "code": code.lower(),
        "password1": "Qz-8842-long",
        "password2": "Qz-8842-long",
    }
    assert client.post("/accounts/set-password/code/", form).status_code == 302
    assert User.objects.get(username="bus1_staff").check_password("Qz-8842-long")
    form["password1"] = form["password2"] = "Other-8842-long"
    assert "不正确" in client.post("/accounts/set-password/code/", form).content.decode()


def test_errors_on_the_page_name_sheet_row_and_column_and_nothing_is_saved(client, tree):
    client.force_login(tree.prov_admin)
    rows = [["hz", "杭州市总工会", CITY, "", "", "", "", "nowhere"]]
    page = client.post(f"/unions/{tree.province.pk}/onboarding/", {"file": workbook(rows)}).content.decode()
    assert "工会表 · 第2行 · 上级工会代码（H列）" in page
    assert not Union.objects.filter(code="hz").exists()


def test_only_an_administrator_of_the_union_imports(client, tree):
    client.force_login(tree.a_admin)
    assert client.get(f"/unions/{tree.province.pk}/onboarding/").status_code == 404
    assert client.get(f"/unions/{tree.company_a.pk}/onboarding/").status_code == 200
    client.force_login(tree.a_head)
    assert client.get(f"/unions/{tree.company_a.pk}/onboarding/").status_code == 404
