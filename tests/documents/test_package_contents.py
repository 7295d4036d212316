"""The package also holds each studio's Word 申报表, the proofs of the results its form lists and its
activity photos of the last 12 months (newest first, at most 12), named by studio and row, all in
the manifest; voided ledger rows never go in."""

import datetime
import json
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from ledgers.documents import PHOTOS_PER_STUDIO
from ledgers.models import Achievement, AchievementProof, Activity, ActivityPhoto
from tests.studios.helpers import pdf_bytes, png_bytes
from tests.studios.packages.conftest import compile_now
from tests.studios.packages.test_workbooks import package_zip

FOLDER = "01_甲一劳模创新工作室"


def activity(studio, days_ago, topic, photos=1):
    row = Activity.objects.create(
        studio=studio,
        kind=Activity.Kind.BREAKTHROUGH,
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        topic=topic,
    )
    data = png_bytes()
    for i in range(photos):
        ActivityPhoto.objects.create(
            activity=row,
            file=ContentFile(data, name="p"),
            original_name=f"现场{i}.png",
            content_type="image/png",
            size=len(data),
            sha256="1" * 64,
        )
    return row


def void(row):
    type(row).with_voided.filter(pk=row.pk).update(voided_at=timezone.now())


def test_the_package_holds_the_word_form_proofs_and_the_newest_photos_but_nothing_voided(
    full_pack, django_capture_on_commit_callbacks
):
    studio = full_pack.studios[0]
    for days in range(1, 14):  # 13 activities in the last 12 months, one photo each
        activity(studio, days * 10, f"攻关{days:02d}")
    void(activity(studio, 5, "录错的活动"))  # voided: its photo never goes in
    activity(studio, 400, "一年多以前")  # older than 12 months
    wrong = Achievement.objects.create(
        studio=studio,
        kind=Achievement.Kind.PATENT,
        title="录错的成果",
        date=timezone.localdate() - datetime.timedelta(days=10),
        economic_benefit=Decimal("1.00"),
    )
    proof = pdf_bytes()
    AchievementProof.objects.create(
        achievement=wrong,
        file=ContentFile(proof, name="x"),
        original_name="错.pdf",
        content_type="application/pdf",
        size=len(proof),
        sha256="2" * 64,
    )
    void(wrong)
    archive = package_zip(compile_now(full_pack, django_capture_on_commit_callbacks))
    names = archive.namelist()
    photos = [n for n in names if n.startswith(f"{FOLDER}/活动照片/")]
    newest = [
        (timezone.localdate() - datetime.timedelta(days=d * 10)).isoformat()
        for d in range(1, PHOTOS_PER_STUDIO + 1)
    ]
    assert photos == [
        f"{FOLDER}/活动照片/{row:02d}_{day}_攻关{row:02d}.png" for row, day in enumerate(newest, start=1)
    ]
    assert not any("录错" in n or "一年多以前" in n for n in names)
    assert f"{FOLDER}/申报表.docx" in names
    assert f"{FOLDER}/成果证明/02_一种锅炉防磨装置_专利证书.pdf" in names
    manifest = json.loads(archive.read("manifest.json"))
    listed = {f["path"] for f in manifest["files"]}
    assert set(photos) <= listed
    assert {f"{FOLDER}/申报表.docx", f"{FOLDER}/成果证明/02_一种锅炉防磨装置_专利证书.pdf"} <= listed
