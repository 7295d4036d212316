"""Fixtures of the official documents: company A's package of two studios, the first with every
particular the printed 申报表 asks for (lead, members, results with proofs, introduction, deeds)."""

import datetime
import io
import os
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from ledgers.models import Achievement, AchievementProof, Member
from studios.models import Education, Gender, Honour, PoliticalStatus, SkillLevel
from studios.services import applications as filing
from tests.studios.helpers import pdf_bytes
from tests.studios.packages.conftest import pack  # noqa: F401  (the fixture)

PDFTOPPM = shutil.which("pdftoppm")


def fill_particulars(studio):
    studio.person_gender = Gender.FEMALE
    studio.person_birth_date = datetime.date(1978, 6, 15)
    studio.person_political_status = PoliticalStatus.CPC_MEMBER
    studio.person_education = Education.BACHELOR
    studio.person_title = "高级工程师"
    studio.person_skill_level = SkillLevel.SENIOR_TECHNICIAN
    studio.person_post = "锅炉检修班班长"
    studio.person_phone = "13800000001"
    studio.person_honours = [Honour.PROVINCIAL_MODEL, Honour.NATIONAL_MAY_FIRST]
    studio.person_honour_years = {Honour.PROVINCIAL_MODEL: 2015, Honour.NATIONAL_MAY_FIRST: 2019}
    studio.site_address = "兰溪市灵洞乡发电厂路1号"
    studio.site_area = Decimal("120.0")
    studio.site_equipment = "红外测温仪、振动分析仪"
    studio.introduction = "工作室成立于2020年，围绕锅炉检修开展攻关。"
    studio.main_deeds = "主持完成锅炉受热面防磨攻关，年节约检修费用。"
    studio.topics = ["energy", "retrofit"]
    studio.save()
    Member.objects.create(
        studio=studio,
        name="王建华",
        gender=Gender.MALE,
        birth_date=datetime.date(1990, 2, 1),
        education=Education.COLLEGE,
        title="工程师",
        skill_level=SkillLevel.TECHNICIAN,
        post="检修工",
        role=Member.StudioRole.CORE,
        joined_on=datetime.date(2021, 3, 1),
    )
    Member.objects.create(
        studio=studio,
        name="李秀英",
        role=Member.StudioRole.LEAD,
        joined_on=datetime.date(2020, 3, 1),
        post="班长",
    )
    achievement = Achievement.objects.create(
        studio=studio,
        kind=Achievement.Kind.PATENT,
        title="一种锅炉防磨装置",
        date=datetime.date.today() - datetime.timedelta(days=200),
        economic_benefit=Decimal("35.50"),
    )
    proof = pdf_bytes()
    AchievementProof.objects.create(
        achievement=achievement,
        file=ContentFile(proof, name="x"),
        original_name="专利证书.pdf",
        content_type="application/pdf",
        size=len(proof),
        sha256="0" * 64,
    )
    Achievement.objects.create(
        studio=studio,
        kind=Achievement.Kind.PAPER,
        title="锅炉检修论文",
        date=datetime.date.today() - datetime.timedelta(days=30),
    )
    return studio


@pytest.fixture
def full_pack(pack):  # noqa: F811
    """The package fixture, its first studio with every particular, frozen in its application's snapshot."""
    fill_particulars(pack.studios[0])
    app = pack.apps[0]
    app.snapshot = filing.take_snapshot(app)
    app.save(update_fields=["snapshot"])
    return pack


def pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, [page.extract_text() for page in reader.pages]


def first_page_png(data, tmp_path):
    """Render page 1 with poppler's pdftoppm; skipped loudly without it, a failure under CI."""
    if PDFTOPPM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftoppm (poppler-utils) is required under CI")
        pytest.skip(
            "pdftoppm not installed (apt-get install poppler-utils): the page is not rendered to an image"
        )
    source = tmp_path / "doc.pdf"
    source.write_bytes(data)
    subprocess.run(
        [PDFTOPPM, "-f", "1", "-l", "1", "-r", "50", "-png", str(source), str(tmp_path / "page")], check=True
    )
    (png,) = tmp_path.glob("page*.png")
    return png.read_bytes()
