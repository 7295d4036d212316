"""Every date a person sees is the day in Asia/Shanghai: the world is built and every page and document
of the permission matrix is opened at 01:30 in Shanghai, when it is still 17:30 of the day before in UTC.

A page or document that shows a timestamp's UTC day (or its UTC time) fails; the pages and documents
that show when something was submitted or reviewed must show the local day.
"""

import datetime
import io
import re
import zipfile
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from tests.conftest import module_world, pristine
from tests.security.matrix import MATRIX, ROLES
from tests.security.world import build

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Tuesday (a working day: publicity counts working days), 01:30 in Shanghai = Monday 17:30 UTC.
LOCAL_NOW = datetime.datetime(2026, 3, 17, 1, 30, tzinfo=SHANGHAI)
LOCAL_DAY = LOCAL_NOW.date()
UTC_NOW = LOCAL_NOW.astimezone(datetime.UTC)
UTC_DAY = UTC_NOW.date()
assert UTC_DAY != LOCAL_DAY


def spellings(day):
    """The ways a page or a document writes a day: 2026-03-16, 2026/03/16, 2026年3月16日, 2026.03.16."""
    return (
        day.isoformat(),
        day.strftime("%Y/%m/%d"),
        f"{day.year}年{day.month}月{day.day}日",
        day.strftime("%Y.%m.%d"),
    )


UTC_TIME = re.compile(rf"(?<!\d){UTC_NOW:%H}:[0-5]\d(?!\d)")


def _written(day, text):
    """The spellings of `day` in `text` (a PDF's text spaces 2026 年 3 月 17 日 out)."""
    packed = re.sub(r"\s+", "", text)
    return [s for s in spellings(day) if s in text or s in packed]


def utc_traces(text):
    return _written(UTC_DAY, text) + UTC_TIME.findall(text)


def shows_local_day(text):
    return bool(_written(LOCAL_DAY, text))


def text_of(response):
    """What a person reads of a response: the page, a PDF's text, every document inside a zip."""
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if kind.startswith("text/html"):
        return body.decode()
    return document_text(body)


def document_text(data, name=""):
    if data.startswith(b"%PDF"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    if data.startswith(b"PK"):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            return ""
        names = archive.namelist()
        if "xl/workbook.xml" in names:
            return workbook_text(data)
        if "word/document.xml" in names:
            return re.sub(r"<[^>]+>", "", archive.read("word/document.xml").decode())
        return "\n".join(document_text(archive.read(n), n) for n in names)
    if name.endswith((".txt", ".json", ".csv", ".html")):
        return data.decode(errors="replace")
    return ""


def workbook_text(data):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells += [str(v) for v in row if v is not None]
    return "\n".join(cells)


@pytest.fixture(scope="module")
def clock():
    """01:30 in Shanghai for the whole module, the world's building included (the clock moves on)."""
    traveller = time_machine.travel(LOCAL_NOW, tick=True)
    traveller.start()
    yield
    traveller.stop()


@pytest.fixture(scope="module")
def night_world(clock, django_db_setup, django_db_blocker, tmp_path_factory):
    yield from module_world(django_db_blocker, tmp_path_factory, build)


@pytest.fixture
def world(night_world):
    return pristine(night_world)


@pytest.fixture
def media_root(night_world):
    return night_world.media_root


def get(client, url):
    with transaction.atomic():
        response = client.get(url)
        body = text_of(response) if response.status_code == 200 else ""
        transaction.set_rollback(True)
    return response, body


def walk(client, world):
    """(role, url, text) of every page and document of the matrix a role may open."""
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(world, role))
        for name, page in MATRIX.items():
            if page.post_only:
                continue
            for variant in page.variants(world):
                kwargs, query, allow = (*variant, page.allow)[:3]
                if role not in allow:
                    continue
                url = reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")
                response, body = get(client, url)
                if body:
                    yield role, url, body


def test_no_page_or_document_shows_a_utc_day_or_time_at_night_in_shanghai(client, world):
    problems, walked = [], 0
    for role, url, body in walk(client, world):
        walked += 1
        found = utc_traces(body)
        if found:
            problems.append(f"{role} {url}: {sorted(set(found))}")
    assert walked > 100
    assert not problems, f"{len(problems)} of {walked} show the UTC day:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "role, page",
    [
        ("a1_staff", lambda w: reverse("studios:application_detail", args=[w.in_review.pk])),
        ("a_reviewer", lambda w: reverse("studios:application_review", args=[w.in_review.pk])),
        ("expert", lambda w: reverse("studios:application_assess", args=[w.sent.pk])),
        ("a1_staff", lambda w: reverse("studios:detail", args=[w.studio.pk])),
        ("a_head", lambda w: reverse("studios:assessment", args=[w.assessment.pk])),
        ("a1_staff", lambda w: reverse("studios:application_form_pdf", args=[w.in_review.pk])),
        ("a_reviewer", lambda w: reverse("studios:package_download", args=[w.package.pk])),
    ],
)
def test_what_was_done_tonight_shows_today_s_local_date(client, world, role, page):
    client.force_login(getattr(world, role))
    response, body = get(client, page(world))
    assert response.status_code == 200
    assert shows_local_day(body), f"{page(world)} does not show {LOCAL_DAY}"
    assert not utc_traces(body)


def test_the_snapshot_s_frozen_time_is_shanghai_time(client, world):
    client.force_login(world.a1_staff)
    _response, body = get(client, reverse("studios:application_detail", args=[world.in_review.pk]))
    frozen = re.search(r"(\d{4}-\d\d-\d\d \d\d:\d\d)", body[body.index('id="snapshot"') :])
    assert frozen and frozen.group(1).startswith(f"{LOCAL_DAY.isoformat()} 01:3"), frozen
