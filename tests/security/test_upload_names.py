"""The stored file name never decides the file type: a file is stored, downloaded and packed under the
extension of its real type, and hidden characters (bidi overrides, zero-width…) never reach a name."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from studios.models import Criterion, EvidenceFile
from unions import uploads

from . import badfiles

pytestmark = pytest.mark.django_db
PNG_WITH_SCRIPT = badfiles.png(16) + b"<script>alert(document.cookie)</script>"


def test_a_png_named_html_is_an_image_named_png():
    info = uploads.check_upload(SimpleUploadedFile("report.html", PNG_WITH_SCRIPT))
    assert info.content_type == "image/png"
    assert info.original_name == "report.png"


@pytest.mark.parametrize(
    "name, content_type, expected",
    [
        ("报告\u202egnp.exe", "image/png", "报告gnp.png"),  # right-to-left override
        ("成果\u200b证明.PDF", "application/pdf", "成果证明.pdf"),  # zero-width space
        ("../../etc/passwd", "application/pdf", "_.._etc_passwd.pdf"),
        ("2025.12 工作总结", "application/pdf", "2025.12 工作总结.pdf"),  # not an extension
        ("方案 v1.2", "application/pdf", "方案 v1.2.pdf"),
        ("旧表格.xls", "application/CDFV2", "旧表格.xls"),
        ("旧表格.html", "application/CDFV2", "旧表格.doc"),
        ("\u2066\u2069", "image/jpeg", "file.jpg"),
    ],
)
def test_file_names_follow_the_real_type_and_lose_hidden_characters(name, content_type, expected):
    assert uploads.file_name(name, content_type) == expected


def test_an_image_of_too_many_pixels_is_refused_with_a_message():
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(out, format="PNG")
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(SimpleUploadedFile("巨图.png", out.getvalue()))
    assert refused.value.code == "too_many_pixels"


def test_evidence_uploaded_as_html_is_stored_and_downloaded_as_png(client, plain_world):
    w = plain_world
    client.force_login(w.a1_staff)
    criterion = Criterion.objects.get(criteria_set=w.studio.criteria_set, code="identity")
    url = reverse("studios:evidence", args=[w.studio.pk, criterion.pk])
    upload = SimpleUploadedFile("report\u202elmth.html", PNG_WITH_SCRIPT)
    response = client.post(url, {"upload": "1", "kind": "document", "title": "报告", "file": upload})
    assert response.status_code == 302
    stored = EvidenceFile.objects.latest("pk")
    assert stored.original_name == "reportlmth.png" and not stored.file.name.endswith(".html")
    download = client.get(reverse("studios:evidence_file", args=[w.studio.pk, stored.pk]))
    assert download["Content-Type"] == "image/png"
    assert ".png" in download["Content-Disposition"] and ".html" not in download["Content-Disposition"]
