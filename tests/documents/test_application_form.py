"""The printed 申报表 (PDF): every field of the form, local dates, stamp boxes with their opinions."""

import datetime
import zoneinfo

from django.utils import timezone

from studios.documents.application_form import application_form_pdf
from studios.models import Review
from studios.packages.entries import application_entry

from .conftest import first_page_png, pdf_text

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# 01:30 on 2 December in Shanghai is still 1 December in UTC.
HALF_PAST_ONE = datetime.datetime(2026, 12, 2, 1, 30, tzinfo=SHANGHAI)


def form_of(pack, app=None, **kwargs):
    app = app or pack.apps[0]
    app.refresh_from_db()
    entry = application_entry(app, timezone.localdate(), own_union_id=pack.company_a.pk)
    criteria = list(pack.campaign.criteria_set.criteria.all())
    return application_form_pdf(
        entry, campaign=pack.campaign, criteria=criteria, recipient=pack.province, **kwargs
    )


def test_every_field_of_the_real_form_is_printed(full_pack):
    reader, pages = pdf_text(form_of(full_pack))
    text = "\n".join(pages)
    compact = text.replace(" ", "").replace("\n", "")
    age = full_pack.studios[0].members.get(name="王建华").age_on(timezone.localdate())
    for expected in [
        # the cover and the title
        "劳模（职工）创新工作室申报表",
        "测试省总工会制",
        # 一、工作室基本情况
        "甲一劳模创新工作室",
        "技术攻关型",
        "2020年3月1日",
        "甲一基层工会所在单位",
        "兰溪市灵洞乡发电厂路1号",
        "120.0",
        "红外测温仪、振动分析仪",
        "节能减排",
        # 二、领衔人
        "出生年月",
        "1978年6月",
        "女",
        "中共党员",
        "大学本科",
        "高级工程师",
        "高级技师",
        "锅炉检修班班长",
        "13800000001",
        "省部级劳动模范（省部级，2015年）",
        "全国五一劳动奖章获得者（国家级，2019年）",
        # 三、成员名单: the lead first, then the core member with age and title / skill level
        "三、成员名单（2人）",
        f"王建华男{age}大学专科工程师／技师检修工骨干成员",
        # 四、五: the free texts
        "工作室成立于2020年，围绕锅炉检修开展攻关。",
        "主持完成锅炉受热面防磨攻关，年节约检修费用。",
        # 六、近三年主要成果
        "一种锅炉防磨装置专利35.50",
        "有（1份）",
        "锅炉检修论文论文",
        # 八、七有
        "有标识：情况说明",
        "甲集团公司工会：达标",
        # 九、意见: the unit's 党政, the filing union, company A's review, the province still to sign
        "所在单位党政意见（甲一基层工会所在单位）",
        "申报单位工会意见（甲一基层工会）",
        "甲集团公司工会意见",
        "评分90；推荐。",
        "测试省总工会意见",
        "（盖章）",
        # 十、附件
        "成果证明/02_一种锅炉防磨装置_专利证书.pdf",
        "佐证/有标识_牌匾照片.png",
    ]:
        assert expected.replace(" ", "") in compact, expected
    assert compact.index("李秀英") < compact.index("王建华")  # the lead heads the member list
    # Page numbers on every page after the cover: "1 / n" … "n / n".
    total = len(reader.pages) - 1
    assert all(f"{n} / {total}" in pages[n] for n in range(1, total + 1))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 portrait


def test_dates_are_those_of_shanghai_at_half_past_one(full_pack):
    app = full_pack.apps[0]
    type(app).objects.filter(pk=app.pk).update(submitted_at=HALF_PAST_ONE)
    Review.objects.filter(application=app).update(created_at=HALF_PAST_ONE)
    _reader, pages = pdf_text(form_of(full_pack, generated_at=HALF_PAST_ONE))
    text = "".join(pages).replace(" ", "")
    assert "填报日期：2026年12月2日" in text.replace("\n", "")
    assert "2026年12月2日打印" in text
    assert "2026年12月1日" not in text  # the UTC day appears nowhere


def test_a_long_opinion_keeps_its_last_lines_and_stamp_box_on_one_page(full_pack):
    app = full_pack.apps[0]
    review = Review.objects.filter(application=app, union=full_pack.company_a).latest("created_at")
    for sentences in (5, 12, 20, 30, 45, 80):
        reason = (
            "".join(f"第{i}条：该工作室在技术攻关方面成效显著，带动作用明显。" for i in range(1, sentences))
            + "最后一句结束。"
        )
        Review.objects.filter(pk=review.pk).update(reason=reason)
        _reader, pages = pdf_text(form_of(full_pack))
        pages = [p.replace(" ", "").replace("\n", "") for p in pages]
        heading = next(i for i, p in enumerate(pages) if "甲集团公司工会意见" in p)
        end = next(i for i, p in enumerate(pages) if "最后一句结束。" in p)
        assert end >= heading
        after = pages[end][pages[end].index("最后一句结束。") :]
        # The reviewer, the date and the stamp follow the opinion's last sentence on its page.
        assert "审核人：" in after and "（盖章）" in after and "日" in after, sentences
        if len(reason) <= 900:
            assert end == heading, sentences  # a short opinion is never split at all


def test_the_first_page_renders_to_an_image(full_pack, tmp_path):
    png = first_page_png(form_of(full_pack), tmp_path)
    assert png.startswith(b"\x89PNG")


def test_the_application_page_downloads_its_form_within_scope(full_pack, client):
    app = full_pack.apps[0]
    url = f"/studios/applications/{app.pk}/form.pdf"
    client.force_login(full_pack.a1_staff)
    page = client.get(f"/studios/applications/{app.pk}/")
    assert url in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    assert "一种锅炉防磨装置" in "".join(pdf_text(data)[1])
    client.force_login(full_pack.b1_staff)
    assert client.get(url).status_code == 404


def test_the_package_holds_each_studios_printed_form_and_the_proofs(
    full_pack, django_capture_on_commit_callbacks
):
    from tests.studios.packages.conftest import compile_now
    from tests.studios.packages.test_workbooks import package_zip

    archive = package_zip(compile_now(full_pack, django_capture_on_commit_callbacks))
    names = set(archive.namelist())
    assert {
        "01_甲一劳模创新工作室/申报表.pdf",
        "01_甲一劳模创新工作室/成果证明/02_一种锅炉防磨装置_专利证书.pdf",
        "02_=1+1工作室/申报表.pdf",
    } <= names
    text = "".join(pdf_text(archive.read("02_=1+1工作室/申报表.pdf"))[1]).replace(" ", "")
    assert "工作室名称：=1+1工作室" in text
