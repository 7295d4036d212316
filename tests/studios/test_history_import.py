"""Existing studios and their historic titles from one workbook: each title an imported record on its
studio's timeline, every error naming sheet, row and column, every row or none, nothing twice."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from studios import workflow
from studios.models import Naming, Studio

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STUDIO_HEADER = ["工作室名称", "命名人", "所在工会代码", "类型", "创建日期", "所在单位", "命名人岗位"]
TITLE_HEADER = [
    "工作室名称",
    "所在工会代码",
    "命名级别",
    "年度",
    "证书编号",
    "命名工会代码",
    "命名日期",
    "已撤销",
    "撤销日期",
]


def workbook(studios, titles=()):
    wb = Workbook()
    ws = wb.active
    ws.title = "工作室"
    ws.append(STUDIO_HEADER)
    for row in studios:
        ws.append(row)
    sheet = wb.create_sheet("命名")
    sheet.append(TITLE_HEADER)
    for row in titles:
        sheet.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("历史.xlsx", out.getvalue(), content_type=XLSX)


STUDIOS = [
    ["赵一劳模创新工作室", "赵一", "a1", "技术攻关型", "2012-03-01", "甲一公司", "班长"],
    ["钱二劳模创新工作室", "钱二", "a2", "技能传授型", "2014-06-01"],
]
TITLES = [
    ["赵一劳模创新工作室", "a1", "公司级", 2015, "甲-2015-01", "co-a", "2015-05-01", "否", ""],
    ["赵一劳模创新工作室", "a1", "省级", 2019, "省-2019-07", "prov", "2019-04-28", "否", ""],
    ["钱二劳模创新工作室", "a2", "公司级", 2016, "甲-2016-03", "co-a", "2016-05-01", "是", "2021-12-30"],
]


def preview(client, union, content):
    return client.post(f"/studios/import-history/{union.pk}/", {"file": content})


def post(client, union, content):
    """Upload and, when the preview is shown, apply: the page after "apply" (or the refusal)."""
    response = preview(client, union, content)
    if response.status_code == 200 and "token" in response.context:
        return client.post(
            f"/studios/import-history/{union.pk}/apply/", {"token": response.context["token"]}, follow=True
        )
    return response


def test_studios_and_titles_land_on_the_timeline_and_again_change_nothing(client, tree):
    client.force_login(tree.a_admin)
    response = post(client, tree.company_a, workbook(STUDIOS, TITLES))
    assert response.status_code == 200 and "import-errors" not in response.content.decode()
    zhao = Studio.objects.get(name="赵一劳模创新工作室")
    qian = Studio.objects.get(name="钱二劳模创新工作室")
    assert zhao.host_union == tree.a1 and zhao.stage == Studio.Stage.NAMED
    assert qian.stage == Studio.Stage.MATURE  # its only title was revoked
    assert sorted(zhao.namings.values_list("level", flat=True)) == ["company", "provincial"]
    revoked = Naming.objects.get(certificate_number="甲-2016-03")
    assert revoked.revoked and revoked.revoked_on.isoformat() == "2021-12-30"
    timeline = list(workflow.history(zhao))
    assert [log.action for log in timeline] == ["import_title", "import_title"]
    assert "省-2019-07" in timeline[1].comment and timeline[0].actor == tree.a_admin
    assert [log.action for log in workflow.history(qian)] == ["import_title", "import_last_revocation"]
    # The studio page shows the imported records.
    client.force_login(tree.a_head)
    assert "省-2019-07" in client.get(f"/studios/{zhao.pk}/").content.decode()
    # The same file again: nothing new.
    client.force_login(tree.a_admin)
    post(client, tree.company_a, workbook(STUDIOS, TITLES))
    assert Studio.objects.filter(host_union__path__startswith=tree.company_a.path).count() == 2
    assert Naming.objects.count() == 3
    assert len(list(workflow.history(zhao))) == 2


def test_a_title_revoked_later_is_revoked_by_the_next_import(client, tree):
    client.force_login(tree.a_admin)
    post(client, tree.company_a, workbook(STUDIOS, TITLES))
    titles = [row[:] for row in TITLES]
    titles[0][7], titles[0][8] = "是", "2020-01-10"
    post(client, tree.company_a, workbook(STUDIOS, titles))
    assert Naming.objects.get(certificate_number="甲-2015-01").revoked
    zhao = Studio.objects.get(name="赵一劳模创新工作室")
    assert zhao.stage == Studio.Stage.NAMED  # the provincial title remains
    assert [log.action for log in workflow.history(zhao)][-1] == "import_revocation"


def test_errors_name_sheet_row_and_column_and_nothing_is_saved(client, tree):
    client.force_login(tree.a_admin)
    # Cells first: each row through its form.
    titles = TITLES + [
        ["赵一劳模创新工作室", "a1", "部级", 2019, "省-2019-09", "prov", "", "否", ""],  # bad level
        ["钱二劳模创新工作室", "a2", "公司级", 2017, "甲-2017-01", "", "", "是", ""],  # revoked, no date
    ]
    page = post(client, tree.company_a, workbook(STUDIOS, titles)).content.decode()
    assert "命名表 · 第5行 · 命名级别（C列）" in page
    assert "命名表 · 第6行 · 撤销日期（I列）" in page
    # Then the file as a whole: unions within the administrator's, studios known.
    titles = TITLES + [["孙三工作室", "a1", "省级", 2019, "省-2019-08", "prov", "", "否", ""]]
    studios = STUDIOS + [["李四工作室", "李四", "b1", "技术攻关型", "2012-01-01"]]  # another branch
    page = post(client, tree.company_a, workbook(studios, titles)).content.decode()
    assert "工作室表 · 第4行 · 所在工会代码（C列）" in page
    assert "命名表 · 第5行 · 工作室名称（A列）" in page
    assert not Studio.objects.exists() and not Naming.objects.exists()


def test_a_certificate_of_another_studio_is_refused(client, tree):
    from tests.factories import StudioFactory

    other = StudioFactory(host_union=tree.a1, name="别家工作室")
    Naming.objects.create(
        studio=other,
        level="company",
        year=2015,
        certificate_number="甲-2015-01",
        named_by=tree.company_a,
        named_on="2015-05-01",
    )
    client.force_login(tree.a_admin)
    page = post(client, tree.company_a, workbook(STUDIOS, TITLES)).content.decode()
    assert "命名表 · 第2行 · 证书编号（E列）" in page
    assert not Studio.objects.filter(name="赵一劳模创新工作室").exists()


def test_the_template_and_who_may_import(client, tree):
    client.force_login(tree.a_admin)
    response = client.get(f"/studios/import-history/{tree.company_a.pk}/template.xlsx")
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert wb.sheetnames == ["工作室", "命名", "填写说明"]
    assert [c.value for c in wb["命名"][1]] == TITLE_HEADER
    assert client.get(f"/studios/import-history/{tree.province.pk}/").status_code == 404
    client.force_login(tree.a_head)
    assert client.get(f"/studios/import-history/{tree.company_a.pk}/").status_code == 404


def test_the_import_moves_are_never_buttons_nor_posted_by_hand(client, tree):
    from tests.factories import StudioFactory

    studio = StudioFactory(host_union=tree.a1)
    assert not [m.action for m in workflow.available(studio, tree.a_admin) if m.action.startswith("import")]
    client.force_login(tree.a_admin)
    client.post(f"/studios/{studio.pk}/move/import_title/", {"comment": "越权"})
    studio.refresh_from_db()
    assert studio.stage == Studio.Stage.CULTIVATING and not studio.namings.exists()


def test_the_preview_says_what_is_added_held_and_revoked_by_row_and_saves_nothing(client, tree):
    client.force_login(tree.a_admin)
    post(client, tree.company_a, workbook(STUDIOS[:1], TITLES[:1]))  # 赵一 and its company title
    response = preview(client, tree.company_a, workbook(STUDIOS, TITLES))
    plan = response.context["plan"]
    assert [n for n, _r in plan.held_studios] == [2] and [n for n, _r in plan.new_studios] == [3]
    assert [n for n, _r in plan.held_titles] == [2] and [n for n, _r in plan.new_titles] == [3, 4]
    assert [n for n, _r in plan.revocations] == [4]
    page = response.content.decode()
    revocations = page[page.index('id="preview-revocations"') :].split("</table>")[0]
    assert "甲-2016-03" in revocations and "2021-12-30" in revocations and "公司级" in revocations
    assert not Studio.objects.filter(name="钱二劳模创新工作室").exists()
    assert Naming.objects.count() == 1


def test_apply_checks_the_file_again_and_a_token_applies_once(client, tree):
    from tests.factories import StudioFactory

    client.force_login(tree.a_admin)
    token = preview(client, tree.company_a, workbook(STUDIOS, TITLES)).context["token"]
    # Meanwhile a certificate number of the file is given to another studio: the file no longer fits.
    other = StudioFactory(host_union=tree.a1, name="别家工作室")
    naming = Naming.objects.create(
        studio=other,
        level="company",
        year=2015,
        certificate_number="甲-2015-01",
        named_by=tree.company_a,
        named_on="2015-05-01",
    )
    url = f"/studios/import-history/{tree.company_a.pk}/apply/"
    page = client.post(url, {"token": token}, follow=True).content.decode()
    assert "不再适用" in page and not Studio.objects.filter(name="赵一劳模创新工作室").exists()
    naming.delete()
    token = preview(client, tree.company_a, workbook(STUDIOS, TITLES)).context["token"]
    client.force_login(tree.b_admin)  # another administrator cannot use it, even on their own union
    assert client.post(url, {"token": token}).status_code == 404
    client.force_login(tree.a_admin)
    assert client.post(url, {"token": token}).status_code == 302
    assert Naming.objects.count() == 3
    page = client.post(url, {"token": token}, follow=True).content.decode()
    assert "已失效" in page
    assert Naming.objects.count() == 3
