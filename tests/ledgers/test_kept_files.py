"""Photos and proofs survive a failed submission: a ledger form refused for another field keeps
the files already chosen (for the same account only, for a day) and saves them with the entry
when it is sent again — nobody picks them a second time."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from ledgers.models import Achievement, AchievementProof, Activity, ActivityPhoto
from tests.factories import lead
from unions import uploads
from unions.models import PendingUpload

from .conftest import days_ago
from .test_forms import activity_data, png

pytestmark = pytest.mark.django_db

FUTURE = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


def achievement_data(**extra):
    return {
        "kind": "patent",
        "title": "一种焊接工装",
        "date": days_ago(3).isoformat(),
        "economic_benefit": "1.5",
        **extra,
    }


CASES = [
    ("activities", "photos", activity_data, ActivityPhoto, "activity"),
    ("achievements", "proofs", achievement_data, AchievementProof, "achievement"),
]


@pytest.mark.parametrize(("ledger", "field", "data", "stored", "owner_field"), CASES)
def test_files_chosen_with_a_refused_form_are_kept_and_saved_with_the_entry(
    client, studios, ledger, field, data, stored, owner_field
):
    client.force_login(studios.a_lead)
    url = f"/ledgers/studio/{studios.a.pk}/{ledger}/new/"
    refused = client.post(url, {**data(date=FUTURE), field: [png("现场一.png"), png("现场二.png")]})
    assert refused.status_code == 200 and refused.context["form"].errors["date"]
    kept = list(PendingUpload.objects.order_by("pk"))
    assert [p.original_name for p in kept] == ["现场一.png", "现场二.png"]
    assert all(p.owner == studios.a_lead for p in kept)
    page = refused.content.decode()
    # Said beside the field, and carried by the form in a hidden field.
    assert "现场一.png" in page and "现场二.png" in page and "已保留" in page
    tokens = ",".join(p.token for p in kept)
    assert f'name="{field}_kept" value="{tokens}"' in page

    # Corrected, sent again without choosing the files again, plus one more.
    saved = client.post(url, {**data(), f"{field}_kept": tokens, field: [png("现场三.png")]})
    assert saved.status_code == 302
    rows = stored.objects.order_by("pk")
    assert [r.original_name for r in rows] == ["现场一.png", "现场二.png", "现场三.png"]
    assert all(getattr(r, owner_field).studio == studios.a for r in rows)
    assert [r.sha256 for r in rows[:2]] == [p.sha256 for p in kept]
    assert all(default_storage.exists(r.file.name) for r in rows)
    # The kept copies are gone once saved.
    assert not PendingUpload.objects.exists()
    assert not any(default_storage.exists(p.file.name) for p in kept)


def test_a_second_refusal_keeps_what_was_kept_and_what_was_added(client, studios):
    client.force_login(studios.a_lead)
    url = f"/ledgers/studio/{studios.a.pk}/activities/new/"
    client.post(url, {**activity_data(date=FUTURE), "photos": [png("一.png")]})
    first = PendingUpload.objects.get()
    again = client.post(
        url, {**activity_data(hours="-1"), "photos_kept": first.token, "photos": [png("二.png")]}
    )
    assert again.status_code == 200 and again.context["form"].errors["hours"]
    assert PendingUpload.objects.count() == 2
    form = again.context["form"]
    assert [p.original_name for p in form.kept] == ["一.png", "二.png"]
    client.post(url, {**activity_data(), "photos_kept": form.data["photos_kept"]})
    assert [p.original_name for p in Activity.objects.get().photos.order_by("pk")] == ["一.png", "二.png"]


def test_another_account_cannot_claim_kept_files(client, studios):
    client.force_login(studios.a_lead)
    url = f"/ledgers/studio/{studios.a.pk}/achievements/new/"
    client.post(url, {**achievement_data(date=FUTURE), "proofs": [png("证书.png")]})
    kept = PendingUpload.objects.get()
    other = lead(studios.a2, "t_other_lead")
    client.force_login(other)
    response = client.post(
        f"/ledgers/studio/{studios.a2.pk}/achievements/new/",
        {**achievement_data(), "proofs_kept": kept.token},
    )
    assert response.status_code == 302
    assert Achievement.objects.get(studio=studios.a2).proofs.count() == 0
    assert PendingUpload.objects.filter(pk=kept.pk).exists()  # still its owner's


def test_kept_files_nobody_claims_are_removed_after_a_day(client, studios):
    client.force_login(studios.a_lead)
    url = f"/ledgers/studio/{studios.a.pk}/activities/new/"
    client.post(url, {**activity_data(date=FUTURE), "photos": [png("旧.png")]})
    old = PendingUpload.objects.get()
    PendingUpload.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=uploads.PENDING_HOURS + 1)
    )
    # Too old to claim ...
    assert uploads.held([old.token], owner=studios.a_lead) == []
    # ... and removed, with its bytes, by the next form that keeps files.
    client.post(url, {**activity_data(date=FUTURE), "photos": [png("新.png")]})
    assert list(PendingUpload.objects.values_list("original_name", flat=True)) == ["新.png"]
    assert not default_storage.exists(old.file.name)
