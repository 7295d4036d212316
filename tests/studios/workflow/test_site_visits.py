"""On-site inspection (现场考察): date, who went, findings and checked files, per application."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from studios.models import SiteVisit
from tests.studios.helpers import pdf_bytes

from .conftest import at_experts


def url(path, app):
    return reverse("studios:site_visits", args=[path.campaign.pk, app.pk])


def test_the_organiser_records_a_visit_with_files(client, path):
    app = at_experts(path.campaign, path.studio, path)
    client.force_login(path.prov_reviewer)
    day = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        url(path, app),
        {
            "visited_on": day.isoformat(),
            "visitors": "陈丽华、王志强",
            "findings": "场地、设备与申报一致。",
            "files": [
                SimpleUploadedFile("考察记录.pdf", pdf_bytes(), content_type="application/pdf"),
                SimpleUploadedFile("照片说明.pdf", pdf_bytes(), content_type="application/pdf"),
            ],
        },
    )
    assert response.status_code == 302
    visit = SiteVisit.objects.get()
    assert (visit.application, visit.visited_on, visit.visitors) == (app, day, "陈丽华、王志强")
    assert {f.name for f in visit.files.all()} == {"考察记录.pdf", "照片说明.pdf"}
    assert all(len(f.sha256) == 64 for f in visit.files.all())
    page = client.get(url(path, app)).content.decode()
    assert "场地、设备与申报一致。" in page and "考察记录.pdf" in page
    first = visit.files.order_by("pk").first()
    download = client.get(reverse("studios:site_visit_file", args=[path.campaign.pk, first.pk]))
    assert download.status_code == 200


def test_a_file_that_is_not_what_it_claims_is_refused_beside_the_field(client, path):
    app = at_experts(path.campaign, path.studio, path)
    client.force_login(path.prov_reviewer)
    page = client.post(
        url(path, app),
        {
            "visited_on": timezone.localdate().isoformat(),
            "visitors": "甲",
            "findings": "乙",
            "files": [
                SimpleUploadedFile("记录.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
            ],
        },
    )
    assert page.status_code == 200
    assert "invalid-feedback" in page.content.decode() or "is-invalid" in page.content.decode()
    assert not SiteVisit.objects.exists()


def test_a_visit_cannot_be_dated_in_the_future(client, path):
    app = at_experts(path.campaign, path.studio, path)
    client.force_login(path.prov_reviewer)
    page = client.post(
        url(path, app),
        {
            "visited_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            "visitors": "甲",
            "findings": "乙",
        },
    )
    assert page.status_code == 200
    assert not SiteVisit.objects.exists()


def test_a_company_reviewer_cannot_open_the_visits(client, path):
    app = at_experts(path.campaign, path.studio, path)
    client.force_login(path.a_reviewer)
    assert client.get(url(path, app)).status_code == 404
