"""The zip: every file in the manifest with its SHA-256, readable Chinese names, attachments as submitted."""

import hashlib
import io
import json
import zipfile

from django.core.files.storage import default_storage

from studios.models import EvidenceFile

from .conftest import compile_now


def open_zip(package):
    with default_storage.open(package.file.name, "rb") as stored:
        data = stored.read()
    assert hashlib.sha256(data).hexdigest() == package.sha256
    assert len(data) == package.size
    return zipfile.ZipFile(io.BytesIO(data))


def test_every_file_is_in_the_manifest_with_a_matching_sha256(pack, django_capture_on_commit_callbacks):
    package = compile_now(pack, django_capture_on_commit_callbacks)
    archive = open_zip(package)
    manifest = json.loads(archive.read("manifest.json"))
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == set(archive.namelist()) - {"manifest.json"}
    for path, entry in listed.items():
        data = archive.read(path)
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], path
        assert len(data) == entry["size"]
    assert [a["studio"] for a in manifest["applications"]] == ["甲一劳模创新工作室", "=1+1工作室"]
    assert manifest["recipient"]["name"] == "测试省总工会"
    assert manifest["missing"] == []


def test_names_are_readable_chinese_with_a_folder_per_studio(pack, django_capture_on_commit_callbacks):
    package = compile_now(pack, django_capture_on_commit_callbacks)
    archive = open_zip(package)
    names = set(archive.namelist())
    assert {
        "推荐汇总表.xlsx",
        "推荐汇总表.pdf",
        "推荐函.pdf",
        "推荐函.docx",
        "manifest.json",
        "01_甲一劳模创新工作室/申报表.pdf",
        "01_甲一劳模创新工作室/申报表.xlsx",
        "01_甲一劳模创新工作室/活动实施方案.pdf",
        "01_甲一劳模创新工作室/佐证/有标识_牌匾照片.png",
        "01_甲一劳模创新工作室/佐证/有制度_目标任务制度.pdf",
        "02_=1+1工作室/申报表.xlsx",
    } <= names
    for info in archive.infolist():
        if not info.filename.isascii():
            assert info.flag_bits & 0x800, f"{info.filename} lacks the UTF-8 flag"
    # Already compressed files are stored, not deflated again.
    assert (
        archive.getinfo("01_甲一劳模创新工作室/佐证/有标识_牌匾照片.png").compress_type == zipfile.ZIP_STORED
    )
    assert archive.getinfo("manifest.json").compress_type == zipfile.ZIP_DEFLATED


def test_attachments_are_the_files_as_submitted(pack, django_capture_on_commit_callbacks):
    package = compile_now(pack, django_capture_on_commit_callbacks)
    archive = open_zip(package)
    photo = EvidenceFile.objects.get(evidence__studio=pack.studios[0], original_name="牌匾照片.png")
    assert (
        hashlib.sha256(archive.read("01_甲一劳模创新工作室/佐证/有标识_牌匾照片.png")).hexdigest()
        == photo.sha256
    )
    plan = archive.read("01_甲一劳模创新工作室/活动实施方案.pdf")
    assert hashlib.sha256(plan).hexdigest() == pack.apps[0].plan_sha256


def test_an_evidence_file_removed_after_submission_is_left_out_and_said_so(
    pack, django_capture_on_commit_callbacks
):
    photo = EvidenceFile.objects.get(evidence__studio=pack.studios[0], original_name="牌匾照片.png")
    photo.file.delete(save=False)
    photo.delete()
    package = compile_now(pack, django_capture_on_commit_callbacks)
    archive = open_zip(package)
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["missing"] == [
        {"path": "01_甲一劳模创新工作室/佐证/有标识_牌匾照片.png", "reason": "提交后已被删除"}
    ]
    assert "01_甲一劳模创新工作室/佐证/有标识_牌匾照片.png" not in archive.namelist()
