"""The ledger forms: values come back with errors beside fields, uploads are checked, members rotate."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ledgers.models import Achievement, AchievementProof, Activity, ActivityPhoto, Member, Training

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def png(name="现场.png"):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def activity_data(**extra):
    return {
        "kind": "breakthrough",
        "date": days_ago(3).isoformat(),
        "topic": "振动攻关",
        "headcount": "4",
        "hours": "3",
        **extra,
    }


def test_an_invalid_activity_comes_back_with_the_values_and_each_error_beside_its_field(client, studios):
    client.force_login(studios.a_lead)
    url = f"/ledgers/studio/{studios.a.pk}/activities/new/"
    response = client.post(url, activity_data(hours="-2", headcount="99999999", place="二号机组"))
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"hours", "headcount"}
    page = response.content.decode()
    assert 'value="振动攻关"' in page and 'value="二号机组"' in page
    assert 'id="error_1_id_hours"' in page or "id_hours_error" in page or "invalid-feedback" in page
    assert not Activity.objects.exists()


def test_a_date_in_the_future_or_garbled_is_refused(client, studios):
    client.force_login(studios.a_lead)
    url = f"/ledgers/studio/{studios.a.pk}/trainings/new/"
    for date in ("2999-01-01", "昨天"):
        response = client.post(
            url,
            {
                "date": date,
                "title": "培训",
                "sessions": "1",
                "headcount": "10",
                "hours": "2",
                "certified_count": "0",
            },
        )
        assert response.status_code == 200
        assert response.context["form"].errors["date"]
    assert not Training.objects.exists()


def test_the_edit_form_shows_dates_the_way_a_date_input_reads_them(client, studios):
    activity = Activity.objects.create(studio=studios.a, kind="training", date=days_ago(3), topic="带徒")
    client.force_login(studios.a_lead)
    page = client.get(f"/ledgers/studio/{studios.a.pk}/activities/{activity.pk}/edit/").content.decode()
    assert f'type="date" name="date" value="{days_ago(3).isoformat()}"' in page


def test_an_activity_with_participants_and_a_photo_is_logged_and_the_photo_served_only_in_scope(
    client, tree, studios
):
    zhang = Member.objects.create(studio=studios.a, name="张三", joined_on=days_ago(100))
    gone = Member.objects.create(
        studio=studios.a, name="已调走", joined_on=days_ago(300), left_on=days_ago(30)
    )
    client.force_login(studios.a_lead)
    url = f"/ledgers/studio/{studios.a.pk}/activities/new/"
    form_page = client.get(url).content.decode()
    assert "张三" in form_page and "已调走" not in form_page
    response = client.post(
        url,
        {
            **activity_data(headcount=""),
            "participants": [zhang.pk],
            "other_participants": "刘工、陈工",
            "photos": [png()],
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert list(activity.participants.all()) == [zhang]
    assert activity.headcount == 3
    photo = ActivityPhoto.objects.get()
    assert photo.content_type == "image/png" and photo.original_name == "现场.png"
    photo_url = f"/ledgers/studio/{studios.a.pk}/photos/{photo.pk}/"
    assert client.get(photo_url).status_code == 200
    listed = client.get(f"/ledgers/studio/{studios.a.pk}/activities/").content.decode()
    assert f'href="{photo_url}"' in listed
    assert f'href="/ledgers/studio/{studios.a.pk}/activities/{activity.pk}/edit/"' in listed
    client.force_login(tree.a_reviewer)
    assert client.get(photo_url).status_code == 200
    client.force_login(studios.b_lead)
    assert client.get(photo_url).status_code == 404
    assert client.get(f"/ledgers/studio/{studios.b.pk}/photos/{photo.pk}/").status_code == 404
    assert gone.activities.count() == 0


def test_a_program_renamed_as_a_photo_is_refused_and_nothing_stored(client, studios, settings):
    client.force_login(studios.a_lead)
    fake = SimpleUploadedFile("现场.jpg", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/jpeg")
    response = client.post(
        f"/ledgers/studio/{studios.a.pk}/activities/new/", {**activity_data(), "photos": [fake]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["photos"]
    assert not Activity.objects.exists() and not ActivityPhoto.objects.exists()
    media = settings.MEDIA_ROOT
    assert not any(p.is_file() for p in media.rglob("*")) if media.exists() else True


def test_an_achievement_with_a_proof_is_recorded_and_the_proof_downloads_in_scope(client, studios):
    client.force_login(studios.a_lead)
    response = client.post(
        f"/ledgers/studio/{studios.a.pk}/achievements/new/",
        {
            "kind": "patent",
            "title": "一种快速检测装置",
            "date": days_ago(20).isoformat(),
            "people": "张三",
            "economic_benefit": "12.5",
            "proofs": [png("证书.png")],
        },
    )
    assert response.status_code == 302
    achievement = Achievement.objects.get()
    assert achievement.economic_benefit == Decimal("12.50")
    proof = AchievementProof.objects.get()
    assert client.get(f"/ledgers/studio/{studios.a.pk}/proofs/{proof.pk}/").status_code == 200
    client.force_login(studios.b_lead)
    assert client.get(f"/ledgers/studio/{studios.a.pk}/proofs/{proof.pk}/").status_code == 404


@pytest.mark.parametrize("benefit", ["-1", "100000000", "1e9"])
def test_a_negative_or_huge_economic_benefit_is_refused(client, studios, benefit):
    client.force_login(studios.a_lead)
    response = client.post(
        f"/ledgers/studio/{studios.a.pk}/achievements/new/",
        {"kind": "proposal", "title": "建议", "date": days_ago(20).isoformat(), "economic_benefit": benefit},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["economic_benefit"]


def test_a_member_who_left_stays_in_the_archive_under_former_members(client, studios):
    member = Member.objects.create(studio=studios.a, name="轮岗者", joined_on=days_ago(300))
    client.force_login(studios.a_lead)
    url = f"/ledgers/studio/{studios.a.pk}/members/{member.pk}/left/"
    listed = client.get(f"/ledgers/studio/{studios.a.pk}/members/").content.decode()
    assert f'href="{url}"' in listed
    assert f'href="/ledgers/studio/{studios.a.pk}/members/{member.pk}/edit/"' in listed
    response = client.post(url, {"left_on": days_ago(400).isoformat()})
    assert "离开日期不能早于加入日期" in response.content.decode()
    response = client.post(url, {"left_on": days_ago(5).isoformat()})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.left_on == days_ago(5)
    members = f"/ledgers/studio/{studios.a.pk}/members/"

    def names(**query):
        return [m.name for m in client.get(members, query).context["rows"]]

    assert names() == []
    assert names(status="former") == ["轮岗者"]
    assert names(status="all") == ["轮岗者"]
    assert client.get(url).status_code == 404  # already left


def test_a_second_current_lead_is_refused_but_a_new_lead_after_the_old_one_left_is_fine(client, studios):
    old = Member.objects.create(studio=studios.a, name="老带头人", role="lead", joined_on=days_ago(900))
    client.force_login(studios.a_lead)
    url = f"/ledgers/studio/{studios.a.pk}/members/new/"
    data = {"name": "新带头人", "role": "lead", "joined_on": days_ago(1).isoformat()}
    response = client.post(url, data)
    assert "工作室已有在册带头人（老带头人）" in response.content.decode()
    old.left_on = days_ago(2)
    old.save()
    assert client.post(url, data).status_code == 302
    assert Member.objects.filter(role="lead").count() == 2


def test_filters_by_date_range_and_kind(client, studios):
    Activity.objects.create(studio=studios.a, kind="training", date=days_ago(3), topic="近期培训类")
    Activity.objects.create(studio=studios.a, kind="exchange", date=days_ago(3), topic="近期交流类")
    Activity.objects.create(studio=studios.a, kind="training", date=days_ago(200), topic="早期培训类")
    client.force_login(studios.a_lead)
    url = f"/ledgers/studio/{studios.a.pk}/activities/"
    page = client.get(url, {"kind": "training", "date_from": days_ago(30).isoformat()}).content.decode()
    assert "近期培训类" in page and "近期交流类" not in page and "早期培训类" not in page
    bad = client.get(url, {"date_from": days_ago(1).isoformat(), "date_to": days_ago(30).isoformat()})
    assert "结束日期早于开始日期" in bad.content.decode()
