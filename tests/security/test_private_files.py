"""Private files go out only through views that check scope, under a Content-Disposition that keeps a
Chinese name intact (RFC 5987 `filename*=UTF-8''…`) and cannot be broken by quotes or line breaks."""

import re
from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from studios.models import Criterion, EvidenceFile
from studios.services.studio import add_evidence_file
from tests.conftest import pristine
from unions.uploads import check_upload

from .world import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def plain_world(shared_plain_world):
    """One world for the module (tests/security/conftest.py); each test is rolled back."""
    return pristine(shared_plain_world)


@pytest.fixture
def media_root(shared_plain_world):
    return shared_plain_world.media_root


def file_views(w):
    """(url, the name the person should get, who may fetch it) for every file-serving view."""
    return [
        (reverse("studios:evidence_file", args=[w.studio.pk, w.photo.pk]), w.photo, w.a1_staff),
        (reverse("studios:application_plan", args=[w.in_review.pk]), None, w.a_reviewer),
        (
            reverse("studios:application_evidence_file", args=[w.sent.pk, w.second_photo.pk]),
            w.second_photo,
            w.expert,
        ),
        (reverse("studios:meeting_minutes", args=[w.campaign.pk, w.meeting.pk]), None, w.prov_head),
        (reverse("ledgers:photo", args=[w.studio.pk, w.rows.photo.pk]), w.rows.photo, w.lead),
        (reverse("ledgers:proof", args=[w.studio.pk, w.rows.proof.pk]), w.rows.proof, w.a_head),
        (reverse("studios:package_download", args=[w.package.pk]), None, w.a_reviewer),
    ]


def disposition_name(response):
    """The file name of the Content-Disposition: RFC 5987 for non-ASCII, an escaped quoted-string else."""
    header = response["Content-Disposition"]
    assert "\r" not in header and "\n" not in header
    encoded = re.fullmatch(r"(attachment|inline); filename\*=utf-8''([A-Za-z0-9%._~!*'()-]+)", header, re.I)
    if encoded:
        return unquote(encoded.group(2))
    quoted = re.fullmatch(
        r'(attachment|inline); filename="((?:[\t\x20\x21\x23-\x5b\x5d-\x7e]|\\.)*)"', header
    )
    assert quoted, header
    return re.sub(r"\\(.)", r"\1", quoted.group(2))


def served_name(original_name):
    # FileResponse keeps the last path component: uploads never carry "/" (Django strips it).
    return original_name.rsplit("/", 1)[-1]


def content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_private_file_is_served_to_its_scope_with_its_chinese_name(client, plain_world):
    for url, stored, user in file_views(plain_world):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        name = disposition_name(response)
        if stored is not None:
            stored.refresh_from_db()
            assert name == served_name(stored.original_name), url
        else:
            assert re.search(r"[\u4e00-\u9fff]", name), (url, name)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert len(content(response)) > 0


def test_no_private_file_reaches_another_branch_or_an_anonymous_visitor(client, plain_world):
    world = plain_world
    for url, _stored, _user in file_views(world):
        for outsider in (world.b_reviewer, world.b1_staff):
            client.force_login(outsider)
            response = client.get(url)
            # The province's campaign is branch B's too: its minutes answer "not yours" (403).
            expected = 403 if "/minutes/" in url else 404
            assert response.status_code == expected, (url, outsider)
            assert "Content-Disposition" not in response
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_package_is_no_file_for_the_studio_that_is_in_it(client, plain_world):
    world = plain_world
    client.force_login(world.a1_staff)
    assert client.get(reverse("studios:package_download", args=[world.package.pk])).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        '制度"; filename="evil.exe.pdf',
        "制度\r\nSet-Cookie: stolen=1\r\n.pdf",
        'plain"\r\nX-Injected: yes.pdf',
        "..\\..\\制度%0d%0a.pdf",
        "制度" + "长" * 240 + ".pdf",
    ],
)
def test_a_file_name_with_quotes_or_line_breaks_cannot_inject_a_header(client, settings, plain_world, name):
    world = plain_world
    criterion = Criterion.objects.get(criteria_set=world.studio.criteria_set, code="rules")
    upload = ContentFile(pdf_bytes(), name=name)
    stored = add_evidence_file(
        studio=world.studio,
        criterion=criterion,
        upload=upload,
        info=check_upload(upload),
        by=world.a1_staff,
        kind=EvidenceFile.Kind.DOCUMENT,
    )
    client.force_login(world.a1_staff)
    response = client.get(reverse("studios:evidence_file", args=[world.studio.pk, stored.pk]))
    assert response.status_code == 200
    assert "Set-Cookie" not in response and "X-Injected" not in response
    assert not response.cookies.get("stolen")
    for header, value in response.items():
        assert "\r" not in value and "\n" not in value, header
    assert response["Content-Disposition"].count(";") == 1, response["Content-Disposition"]
    stored.refresh_from_db()
    assert disposition_name(response) == served_name(stored.original_name)
    # The stored file's own name is the storage's, inside the private media root.
    path = stored.file.path
    assert path.startswith(str(settings.MEDIA_ROOT)) and "\n" not in path and ".." not in path
