"""The activity form: the head-count is counted from the people taking part when left empty (the new
form leaves it empty, never 0), and an activity of 0 hours is refused beside the field."""

import re

import pytest

from ledgers.models import Activity, Member

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def url(studio):
    return f"/ledgers/studio/{studio.pk}/activities/new/"


def test_the_new_activity_form_leaves_head_count_and_hours_empty(client, studios):
    client.force_login(studios.a_lead)
    page = client.get(url(studios.a)).content.decode()
    for name in ("headcount", "hours"):
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
        assert 'value="' not in field, field


def test_an_activity_sent_as_the_form_comes_counts_its_participants(client, studios):
    members = [
        Member.objects.create(studio=studios.a, name=n, role="member", joined_on=days_ago(30))
        for n in ("张一", "张二")
    ]
    client.force_login(studios.a_lead)
    response = client.post(
        url(studios.a),
        {
            "kind": "breakthrough",
            "date": days_ago(2).isoformat(),
            "topic": "振动攻关",
            "participants": [m.pk for m in members],
            "other_participants": "外协王五、外协赵六、外协钱七",
            "headcount": "",
            "hours": "2.5",
        },
    )
    assert response.status_code == 302
    assert Activity.objects.get(topic="振动攻关").headcount == 5


def test_an_activity_of_no_hours_is_refused_beside_the_field(client, studios):
    client.force_login(studios.a_lead)
    data = {"kind": "other", "date": days_ago(1).isoformat(), "topic": "零时活动", "hours": "0"}
    response = client.post(url(studios.a), data)
    assert response.status_code == 200
    assert "请填写活动用时（至少 0.1 小时）。" in response.content.decode()
    assert not Activity.objects.filter(topic="零时活动").exists()


def test_a_new_entry_s_date_starts_as_today_in_shanghai(client, studios):
    from django.utils import timezone

    client.force_login(studios.a_lead)
    for ledger in ("activities", "trainings", "achievements", "funds"):
        page = client.get(f"/ledgers/studio/{studios.a.pk}/{ledger}/new/").content.decode()
        field = re.search(r'<input[^>]*name="date"[^>]*>', page).group(0)
        assert f'value="{timezone.localdate().isoformat()}"' in field, (ledger, field)
