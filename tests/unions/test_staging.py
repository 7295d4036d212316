"""The file kept between an import's preview and its apply (unions/staging.py): its owner's only, for
that import and object, private, expiring, gone once applied."""

import datetime
import os

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from unions import staging

pytestmark = pytest.mark.django_db


def _upload():
    return SimpleUploadedFile("导入.xlsx", b"PK\x03\x04 workbook bytes")


def test_the_owner_gets_the_file_back_for_the_same_import(tree):
    token = staging.stage(_upload(), owner=tree.a_admin, purpose="history", target=tree.company_a.pk)
    with staging.open_staged(token, owner=tree.a_admin, purpose="history", target=tree.company_a.pk) as f:
        assert f.read() == b"PK\x03\x04 workbook bytes"


@pytest.mark.parametrize("change", [{"owner": "b_admin"}, {"purpose": "onboarding"}, {"target": "company_b"}])
def test_another_person_import_or_object_gets_nothing(tree, change):
    token = staging.stage(_upload(), owner=tree.a_admin, purpose="history", target=tree.company_a.pk)
    asked = {"owner": tree.a_admin, "purpose": "history", "target": tree.company_a.pk}
    if "owner" in change:
        asked["owner"] = getattr(tree, change["owner"])
    if "purpose" in change:
        asked["purpose"] = change["purpose"]
    if "target" in change:
        asked["target"] = getattr(tree, change["target"]).pk
    with pytest.raises(staging.Expired):
        staging.open_staged(token, **asked)


def test_an_altered_token_opens_nothing(tree):
    token = staging.stage(_upload(), owner=tree.a_admin, purpose="history", target=1)
    for bad in (token[:-2] + "xx", "", None, "x"):
        with pytest.raises(staging.Expired):
            staging.open_staged(bad, owner=tree.a_admin, purpose="history", target=1)


def test_the_token_expires_and_applied_files_are_gone(tree, settings):
    settings.STAGED_UPLOAD_SECONDS = 600
    token = staging.stage(_upload(), owner=tree.a_admin, purpose="history", target=1)
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=601)):
        with pytest.raises(staging.Expired):
            staging.open_staged(token, owner=tree.a_admin, purpose="history", target=1)
    staging.discard(token, owner=tree.a_admin, purpose="history", target=1)
    with pytest.raises(staging.Expired):
        staging.open_staged(token, owner=tree.a_admin, purpose="history", target=1)


def test_the_file_is_stored_privately_under_a_random_name_and_old_ones_are_purged(tree, settings):
    settings.STAGED_UPLOAD_SECONDS = 600
    staging.stage(_upload(), owner=tree.a_admin, purpose="history", target=1)
    _dirs, files = default_storage.listdir(staging.FOLDER)
    assert len(files) == 1 and "导入" not in files[0] and len(files[0]) == 32 + len(".xlsx")
    old = default_storage.path(f"{staging.FOLDER}/{files[0]}")
    an_hour_ago = (timezone.now() - datetime.timedelta(hours=1)).timestamp()
    os.utime(old, (an_hour_ago, an_hour_ago))
    staging.stage(_upload(), owner=tree.a_admin, purpose="history", target=1)
    _dirs, files = default_storage.listdir(staging.FOLDER)
    assert len(files) == 1 and not os.path.exists(old)
