"""Evidence uploads: a refused file re-displays the form with a Chinese message and stores nothing."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from studios.models import Evidence, EvidenceFile
from tests.factories import StudioFactory

from .helpers import criterion, pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def studio(tree):
    return StudioFactory(host_union=tree.a1)


def stored_files(settings):
    root = str(settings.MEDIA_ROOT)
    return [os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files]


def upload(client, studio, code, file, **fields):
    return client.post(
        f"/studios/{studio.pk}/evidence/{criterion(studio, code).pk}/",
        {"upload": "1", "kind": "plaque_photo", "title": "", **fields, "file": file},
    )


@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "工具.jpg",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 400,
            "不是可接受的类型",
        ),
        ("空.png", b"", "空文件"),
        ("假的.pdf", b"%PDF-1.4 fake", "已损坏"),
    ],
)
def test_a_refused_file_shows_a_chinese_message_and_nothing_is_stored(
    client, tree, studio, settings, name, content, message
):
    client.force_login(tree.a1_staff)
    response = upload(client, studio, "identity", SimpleUploadedFile(name, content))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'id="evidence-upload"' in page
    assert not EvidenceFile.objects.exists()
    assert not Evidence.objects.exists()
    assert stored_files(settings) == []


def test_an_oversize_file_is_refused_and_nothing_is_stored(client, tree, studio, settings):
    settings.UPLOAD_MAX_BYTES = 100
    client.force_login(tree.a1_staff)
    response = upload(
        client, studio, "identity", SimpleUploadedFile("大照片.png", png_bytes() + b"\x00" * 200)
    )
    assert "上限" in response.content.decode() or "限制" in response.content.decode()
    assert not EvidenceFile.objects.exists()
    assert stored_files(settings) == []


def test_a_rule_document_without_its_kind_is_refused(client, tree, studio, settings):
    client.force_login(tree.a1_staff)
    response = upload(
        client,
        studio,
        "rules",
        SimpleUploadedFile("制度.pdf", pdf_bytes()),
        kind="rule_document",
        rule_kind="",
    )
    assert "请选择这份制度属于哪一类" in response.content.decode()
    assert not EvidenceFile.objects.exists()
    assert stored_files(settings) == []


def test_a_good_file_is_stored_privately_and_listed(client, tree, studio, settings):
    client.force_login(tree.a1_staff)
    response = upload(
        client,
        studio,
        "rules",
        SimpleUploadedFile("内部管理制度.pdf", pdf_bytes()),
        kind="rule_document",
        rule_kind="internal_management",
    )
    assert response.status_code == 302
    stored = EvidenceFile.objects.get()
    assert stored.original_name == "内部管理制度.pdf"
    assert stored.content_type == "application/pdf"
    assert stored.uploaded_by == tree.a1_staff
    assert stored.file.name.startswith(f"private/evidence/{studio.pk}/")
    assert "内部管理制度.pdf" not in stored.file.name
    assert len(stored_files(settings)) == 1
    page = client.get(response["Location"]).content.decode()
    assert "内部管理制度.pdf" in page


def test_staff_delete_an_evidence_file_and_it_leaves_the_disk(
    client, tree, studio, settings, django_capture_on_commit_callbacks
):
    client.force_login(tree.a1_staff)
    upload(client, studio, "identity", SimpleUploadedFile("挂牌.png", png_bytes()))
    stored = EvidenceFile.objects.get()
    client.force_login(tree.a_reviewer)
    assert client.post(f"/studios/{studio.pk}/files/{stored.pk}/delete/").status_code == 404
    assert len(stored_files(settings)) == 1
    client.force_login(tree.a1_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/studios/{studio.pk}/files/{stored.pk}/delete/")
    assert response.status_code == 302
    assert not EvidenceFile.objects.exists()
    assert stored_files(settings) == []


def test_the_statement_is_saved(client, tree, studio):
    client.force_login(tree.a1_staff)
    client.post(
        f"/studios/{studio.pk}/evidence/{criterion(studio, 'funds').pk}/",
        {"statement": "1", "description": "单位每年安排专项经费 5 万元"},
    )
    assert Evidence.objects.get().description == "单位每年安排专项经费 5 万元"
