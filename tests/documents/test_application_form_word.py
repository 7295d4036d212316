"""The 申报表 as Word: the same content as the PDF (one data function), local dates, in the package."""

import io

import docx
from django.utils import timezone

from studios.documents.application_form import application_form_docx
from studios.models import Review
from studios.packages.entries import application_entry

from .test_application_form import HALF_PAST_ONE

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def word_of(pack, app=None, **kwargs):
    app = app or pack.apps[0]
    app.refresh_from_db()
    entry = application_entry(app, timezone.localdate(), own_union_id=pack.company_a.pk)
    criteria = list(pack.campaign.criteria_set.criteria.all())
    return application_form_docx(
        entry, campaign=pack.campaign, criteria=criteria, recipient=pack.province, **kwargs
    )


def word_text(data):
    """Every paragraph's text, the body's and the tables' (nested cells included), in order."""
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]

    def walk(tables):
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
                    walk(cell.tables)

    walk(document.tables)
    return document, "\n".join(lines)


def test_every_field_of_the_form_is_in_the_word_file(full_pack):
    document, text = word_text(word_of(full_pack))
    compact = text.replace(" ", "").replace("\n", "")
    age = full_pack.studios[0].members.get(name="王建华").age_on(timezone.localdate())
    for expected in [
        "劳模（职工）创新工作室申报表",
        "测试省总工会制",
        "甲一劳模创新工作室",
        "技术攻关型",
        "2020年3月1日",
        "甲一基层工会所在单位",
        "兰溪市灵洞乡发电厂路1号",
        "120.0",
        "红外测温仪、振动分析仪",
        "节能减排",
        "1978年6月",
        "中共党员",
        "大学本科",
        "高级工程师",
        "高级技师",
        "锅炉检修班班长",
        "13800000001",
        "省部级劳动模范（省部级，2015年）",
        "三、成员名单（2人）",
        f"王建华男{age}大学专科工程师／技师检修工骨干成员",
        "工作室成立于2020年，围绕锅炉检修开展攻关。",
        "主持完成锅炉受热面防磨攻关，年节约检修费用。",
        "一种锅炉防磨装置专利35.50",
        "有（1份）",
        "有标识",
        "甲集团公司工会：达标",
        "所在单位党政意见（甲一基层工会所在单位）",
        "申报单位工会意见（甲一基层工会）",
        "甲集团公司工会意见",
        "评分90；推荐。",
        "测试省总工会意见",
        "（盖章）",
        "成果证明/02_一种锅炉防磨装置_专利证书.pdf",
        "佐证/有标识_牌匾照片.png",
    ]:
        assert expected.replace(" ", "") in compact, expected
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    # Every opinion is one table row that Word may not split across pages.
    rows = [t.rows[0] for t in document.tables if "意见" in t.rows[0].cells[0].text]
    assert len(rows) >= 4
    assert all(
        r._tr.trPr is not None and r._tr.trPr.find(docx.oxml.ns.qn("w:cantSplit")) is not None for r in rows
    )


def test_word_dates_are_those_of_shanghai(full_pack):
    app = full_pack.apps[0]
    type(app).objects.filter(pk=app.pk).update(submitted_at=HALF_PAST_ONE)
    Review.objects.filter(application=app).update(created_at=HALF_PAST_ONE)
    _document, text = word_text(word_of(full_pack, generated_at=HALF_PAST_ONE))
    compact = text.replace(" ", "").replace("\n", "")
    assert "填报日期：2026年12月2日" in compact
    assert "2026年12月2日打印" in compact
    assert "2026年12月1日" not in compact


def test_the_application_page_offers_the_word_form_beside_the_pdf(full_pack, client):
    app = full_pack.apps[0]
    url = f"/studios/applications/{app.pk}/form.docx"
    client.force_login(full_pack.a1_staff)
    page = client.get(f"/studios/applications/{app.pk}/").content.decode()
    assert url in page and f"/studios/applications/{app.pk}/form.pdf" in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert "一种锅炉防磨装置" in word_text(b"".join(response.streaming_content))[1]
    client.force_login(full_pack.b1_staff)
    assert client.get(url).status_code == 404


def test_the_package_holds_each_studios_word_form(full_pack, django_capture_on_commit_callbacks):
    from tests.studios.packages.conftest import compile_now
    from tests.studios.packages.test_workbooks import package_zip

    archive = package_zip(compile_now(full_pack, django_capture_on_commit_callbacks))
    assert {"01_甲一劳模创新工作室/申报表.docx", "02_=1+1工作室/申报表.docx"} <= set(archive.namelist())
    assert "一种锅炉防磨装置" in word_text(archive.read("01_甲一劳模创新工作室/申报表.docx"))[1]
