"""Hostile and broken files at every upload of the project: each is refused with a message beside the
field, the page answers 200, and nothing is saved (no row, no stored file)."""

import datetime
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ledgers.models import Achievement, AchievementProof, Activity, ActivityPhoto, Member
from studios.models import Application, Criterion, EvidenceFile, Meeting, Studio
from tests.conftest import pristine
from tests.factories import StudioFactory

from . import badfiles

pytestmark = pytest.mark.django_db

EMPTY = "所提交的是空文件"  # Django's own message for a zero-byte file
TOO_LARGE = "超过上限"
WRONG_TYPE = "不是可接受的类型"
DAMAGED = "已损坏，或并不是真正的"
UNREADABLE = "无法按 Excel 工作簿"

# (file name, bytes, the message a person reads). The size limit is lowered to 8 KB for these tests.
CASES = {
    "too_large": ("大照片.png", lambda: badfiles.png(96), TOO_LARGE),
    "empty": ("空文件.pdf", lambda: b"", EMPTY),
    "elf_as_jpg": ("照片.jpg", badfiles.elf, WRONG_TYPE),
    "pe_as_pdf": ("制度.pdf", badfiles.pe, WRONG_TYPE),
    "elf_as_xlsx": ("台帐.xlsx", badfiles.elf, WRONG_TYPE),
    "zip_bomb": ("炸弹.xlsx", badfiles.bomb_xlsx, DAMAGED),
    "lying_zip_bomb": ("伪造大小.xlsx", badfiles.lying_bomb_xlsx, DAMAGED),
    "xxe": ("外部实体.xlsx", badfiles.xxe_xlsx, DAMAGED),
    "billion_laughs": ("实体膨胀.xlsx", badfiles.laughs_xlsx, DAMAGED),
    "corrupt_zip": ("损坏.xlsx", badfiles.corrupt_xlsx, DAMAGED),
    "truncated_zip": ("截断.xlsx", badfiles.truncated_xlsx, DAMAGED),
}
# A photo field takes images only: an Office file is refused for its type before anything else.
IMAGES_ONLY = {"zip_bomb", "lying_zip_bomb", "xxe", "billion_laughs", "corrupt_zip", "truncated_zip"}


@pytest.fixture
def world(shared_world):
    """One world for the module (tests/security/conftest.py); each test is rolled back."""
    return pristine(shared_world)


@pytest.fixture
def media_root(shared_world):
    return shared_world.media_root


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.UPLOAD_MAX_BYTES = 300 * 1024  # the bomb (about 220 KB) must pass the size check


@pytest.fixture
def small_limit(settings):
    settings.UPLOAD_MAX_BYTES = 8 * 1024


def upload(case):
    name, make, _message = CASES[case]
    return SimpleUploadedFile(name, make())


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _s, fs in os.walk(root) for f in fs)


def evidence(client, w, f):
    client.force_login(w.a1_staff)
    criterion = Criterion.objects.get(criteria_set=w.studio.criteria_set, code="identity")
    url = reverse("studios:evidence", args=[w.studio.pk, criterion.pk])
    return client.post(url, {"upload": "1", "kind": "document", "title": "佐证", "file": f})


def activity_photo(client, w, f):
    client.force_login(w.lead)
    url = reverse("ledgers:add", kwargs={"studio_pk": w.studio.pk, "ledger": "activities"})
    data = {"kind": "other", "date": "2025-01-02", "topic": "带照片的活动", "hours": "1", "photos": f}
    return client.post(url, data)


def achievement_proof(client, w, f):
    client.force_login(w.lead)
    url = reverse("ledgers:add", kwargs={"studio_pk": w.studio.pk, "ledger": "achievements"})
    data = {
        "kind": "patent",
        "title": "带证明的成果",
        "date": "2025-01-02",
        "economic_benefit": "0",
        "proofs": f,
    }
    return client.post(url, data)


def member_import(client, w, f):
    client.force_login(w.lead)
    url = reverse("ledgers:import", kwargs={"studio_pk": w.studio.pk, "ledger": "members"})
    return client.post(url, {"file": f})


def activity_import(client, w, f):
    client.force_login(w.lead)
    url = reverse("ledgers:import", kwargs={"studio_pk": w.studio.pk, "ledger": "activities"})
    return client.post(url, {"file": f})


def application_plan(client, w, f):
    client.force_login(w.a1_staff)
    fresh = StudioFactory(host_union=w.a1, stage=Studio.Stage.MATURE, name="新申报工作室")
    url = reverse("studios:file_form", args=[w.campaign.pk, fresh.pk])
    data = {f"s_{c.code}": "情况说明" for c in w.campaign.criteria_set.criteria.all()}
    return client.post(url, {**data, "plan": f})


def meeting_minutes(client, w, f):
    client.force_login(w.prov_head)
    url = reverse("studios:campaign_meeting", args=[w.campaign.pk])
    return client.post(url, {"held_on": "2025-01-02", "attendees": "全体", "decisions": "", "minutes": f})


def member_rows(*rows):
    """A header row in the page's language (the members' required columns), then `rows`."""
    from django.utils import translation

    from ledgers.views.specs import SPECS

    with translation.override("zh-hans"):
        names = {c.field: str(c.header) for c in SPECS["members"].import_columns}
    return [(names["name"], names["role"], names["joined_on"]), *rows]


def counts():
    return (
        EvidenceFile.objects.count(),
        Activity.objects.count(),
        ActivityPhoto.objects.count(),
        Achievement.objects.count(),
        AchievementProof.objects.count(),
        Member.objects.count(),
        Application.objects.count(),
        Meeting.objects.count(),
    )


ENTRY_POINTS = {
    "evidence": evidence,
    "activity_photo": activity_photo,
    "achievement_proof": achievement_proof,
    "application_plan": application_plan,
    "meeting_minutes": meeting_minutes,
}
EXCEL_IMPORTS = {"member_import": member_import, "activity_import": activity_import}


def expected_message(entry, case):
    message = CASES[case][2]
    if entry == "activity_photo" and case in IMAGES_ONLY:
        return WRONG_TYPE
    return message


def refused(client, settings, w, send, f):
    before, files_before = counts(), stored_files(settings)
    response = send(client, w, f)
    assert response.status_code == 200, f"expected the form again with an error, got {response.status_code}"
    assert counts() == before, "a refused upload saved rows"
    assert stored_files(settings) == files_before, "a refused upload left a file in storage"
    return response.content.decode().replace("\xa0", " ")


@pytest.mark.parametrize("case", sorted(set(CASES) - {"too_large"}))
@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
def test_a_hostile_or_broken_file_is_refused_with_a_message_and_nothing_is_saved(
    client, settings, world, entry, case
):
    page = refused(client, settings, world, ENTRY_POINTS[entry], upload(case))
    assert expected_message(entry, case) in page
    assert "root:x:0:0" not in page  # the XXE target never reaches the page


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
def test_a_file_over_the_limit_is_refused_with_its_size_and_the_limit(
    client, settings, world, entry, small_limit
):
    page = refused(client, settings, world, ENTRY_POINTS[entry], upload("too_large"))
    assert TOO_LARGE in page and "8.0 KB" in page


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("entry", sorted(EXCEL_IMPORTS))
def test_the_excel_import_refuses_hostile_workbooks_and_saves_nothing(client, settings, world, entry, case):
    if case == "too_large":
        settings.UPLOAD_MAX_BYTES = 8 * 1024
    page = refused(client, settings, world, EXCEL_IMPORTS[entry], upload(case))
    message = CASES[case][2]
    assert message in page or (message == DAMAGED and UNREADABLE in page), page[:2000]
    assert "root:x:0:0" not in page


def test_the_excel_reader_itself_refuses_entities_even_past_the_upload_check(world):
    """openpyxl reads through defusedxml: a workbook that slipped past check_upload still fails cleanly."""
    from django.core.exceptions import ValidationError

    from ledgers import excel
    from ledgers.views.specs import SPECS

    spec = SPECS["members"]
    for make in (badfiles.xxe_xlsx, badfiles.laughs_xlsx):
        with pytest.raises(ValidationError) as refused_:
            excel.read_rows(SimpleUploadedFile("x.xlsx", make()), columns=spec.import_columns, context={})
        assert "root:x:0:0" not in str(refused_.value)


def test_a_good_file_still_passes_every_check(client, settings, world):
    """The checks refuse the bad, not everything: a real PNG and a real workbook go through."""
    before = EvidenceFile.objects.count()
    response = evidence(client, world, SimpleUploadedFile("好照片.png", badfiles.png(16)))
    assert response.status_code == 302 and EvidenceFile.objects.count() == before + 1
    good = badfiles.xlsx(
        member_rows(("新成员甲", "member", (datetime.date.today() - datetime.timedelta(days=3))))
    )
    before = Member.objects.count()
    response = member_import(client, world, SimpleUploadedFile("成员.xlsx", good))
    assert response.status_code == 200 and "token" in response.context, response.content.decode()[:3000]
    assert Member.objects.count() == before  # the preview saves nothing
    url = reverse("ledgers:import_apply", kwargs={"studio_pk": world.studio.pk, "ledger": "members"})
    assert client.post(url, {"token": response.context["token"]}).status_code == 302
    assert Member.objects.count() == before + 1
