"""The 推荐函 (PDF and Word, with its 文号), the printed 汇总表 and a named studio's certificate."""

import io
import zipfile

import docx
from django.core.files.storage import default_storage

from studios.documents import certificate as certificates
from studios.models import Naming, NamingLevel, Studio
from tests.factories import StudioFactory
from tests.studios.packages.conftest import compile_now

from .conftest import pdf_text


def package_zip(package):
    with default_storage.open(package.file.name, "rb") as stored:
        return zipfile.ZipFile(io.BytesIO(stored.read()))


def compact(text):
    return text.replace(" ", "").replace("\n", "")


def test_the_letter_is_a_letter_with_its_number_in_pdf_and_word(
    full_pack, django_capture_on_commit_callbacks
):
    full_pack.company_a.document_prefix = "甲工"
    full_pack.company_a.save()
    package = compile_now(
        full_pack,
        django_capture_on_commit_callbacks,
        statement="经 11 月 20 日会议研究，公示 5 个工作日无异议。",
    )
    year = package.letter_year
    assert package.letter_number == f"甲工〔{year}〕1号"
    archive = package_zip(package)
    text = compact("".join(pdf_text(archive.read("推荐函.pdf"))[1]))
    for expected in [
        f"甲工〔{year}〕1号",
        "关于推荐测试省级评选候选工作室的函",
        "测试省总工会：",
        "推荐2项（名额3个）",
        "经11月20日会议研究，公示5个工作日无异议。",
        "（盖章）",
        "甲集团公司工会",
        "年",
    ]:
        assert expected in text, expected
    assert text.index("甲一劳模创新工作室") < text.index("=1+1工作室")
    assert "SHA" not in text
    word = docx.Document(io.BytesIO(archive.read("推荐函.docx")))
    paragraphs = [p.text for p in word.paragraphs]
    assert paragraphs[0] == f"甲工〔{year}〕1号"
    assert paragraphs[1] == "关于推荐测试省级评选候选工作室的函"
    assert "测试省总工会：" in paragraphs
    cells = [[c.text for c in row.cells] for row in word.tables[0].rows]
    assert cells[0] == ["序号", "工作室", "所在单位", "带头人"]
    assert [row[1] for row in cells[1:]] == ["甲一劳模创新工作室", "=1+1工作室"]
    assert not any("SHA" in p for p in paragraphs)
    assert round(word.sections[0].page_width.cm, 1) == 21.0  # A4


def test_a_recompile_keeps_the_letter_number(full_pack, django_capture_on_commit_callbacks):
    first = compile_now(full_pack, django_capture_on_commit_callbacks)
    again = compile_now(full_pack, django_capture_on_commit_callbacks)
    assert again.pk == first.pk and again.letter_serial == first.letter_serial == 1


def test_the_printed_summary_is_landscape_and_totals_counts_and_money_never_scores(
    full_pack, django_capture_on_commit_callbacks
):
    archive = package_zip(compile_now(full_pack, django_capture_on_commit_callbacks))
    reader, pages = pdf_text(archive.read("推荐汇总表.pdf"))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # A4 landscape
    text = compact("".join(pages))
    assert "测试省级评选推荐汇总表" in text
    assert "序号" in text and "本级评分" in text and "推荐意见" in text
    totals = text[text.index("合计") :]
    assert "共2个工作室" in totals
    assert "35.50" in totals  # money is totalled
    assert "170" not in totals and "85" not in totals  # the scores 90 and 80 are not


def named_studio(tree):
    studio = StudioFactory(host_union=tree.a1, name="甲一命名工作室", stage=Studio.Stage.NAMED)
    naming = Naming.objects.create(
        studio=studio,
        level=NamingLevel.PROVINCIAL,
        year=2026,
        certificate_number="浙工创-2026-0007",
        named_by=tree.province,
        named_on="2026-12-02",
    )
    return studio, naming


def test_a_named_studio_prints_its_certificate_with_a_qr_code_to_its_verification_page(
    tree, client, monkeypatch
):
    studio, naming = named_studio(tree)
    seen = []
    real = certificates.qr_svg
    monkeypatch.setattr(certificates, "qr_svg", lambda url: seen.append(url) or real(url))
    client.force_login(tree.a_reviewer)
    page = client.get(f"/studios/{studio.pk}/").content.decode()
    url = f"/studios/{studio.pk}/namings/{naming.pk}/certificate.pdf"
    assert url in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader, pages = pdf_text(b"".join(response.streaming_content))
    text = compact("".join(pages))
    for expected in [
        "荣誉证书",
        "甲一命名工作室：",
        "省级劳模（职工）创新工作室",
        "测试省总工会",
        "2026年12月2日",
        "浙工创-2026-0007",
    ]:
        assert expected in text, expected
    assert float(reader.pages[0].mediabox.width) > float(reader.pages[0].mediabox.height)
    # The QR code opens the public verification page of this certificate number.
    assert seen and seen[0].endswith("/public/verify/%E6%B5%99%E5%B7%A5%E5%88%9B-2026-0007/")
    plaque = client.get(f"/studios/{studio.pk}/namings/{naming.pk}/plaque.pdf")
    assert plaque.status_code == 200
    assert "甲一命名工作室" in compact("".join(pdf_text(b"".join(plaque.streaming_content))[1]))


def test_no_certificate_outside_scope_or_for_a_revoked_title(tree, client):
    studio, naming = named_studio(tree)
    url = f"/studios/{studio.pk}/namings/{naming.pk}/certificate.pdf"
    client.force_login(tree.b1_staff)
    assert client.get(url).status_code == 404
    Naming.objects.filter(pk=naming.pk).update(revoked=True)
    client.force_login(tree.a_reviewer)
    assert client.get(url).status_code == 404
