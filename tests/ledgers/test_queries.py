"""Every ledger list, its export and the studio page run a bounded number of queries however many rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ledgers.models import Achievement, AchievementProof, Activity, ActivityPhoto, FundEntry, Member, Training

from .conftest import days_ago

pytestmark = pytest.mark.django_db

LEDGERS = ["members", "activities", "trainings", "achievements", "funds"]


def fill(studio, n):
    members = Member.objects.bulk_create(
        Member(studio=studio, name=f"成员{i}", joined_on=days_ago(400 + i), role="member") for i in range(n)
    )
    for i in range(n):
        activity = Activity.objects.create(
            studio=studio, kind="training", date=days_ago(i % 300), topic=f"活动{i}"
        )
        activity.participants.set(members[:2])
        ActivityPhoto.objects.create(
            activity=activity,
            file="private/ledgers/x",
            original_name="x.png",
            content_type="image/png",
            size=1,
            sha256="0",
        )
        achievement = Achievement.objects.create(
            studio=studio, kind="patent", title=f"成果{i}", date=days_ago(i % 300)
        )
        AchievementProof.objects.create(
            achievement=achievement,
            file="private/ledgers/y",
            original_name="y.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0",
        )
    Training.objects.bulk_create(
        Training(studio=studio, date=days_ago(i % 300), title=f"培训{i}", headcount=10) for i in range(n)
    )
    FundEntry.objects.bulk_create(
        [FundEntry(studio=studio, direction="income", date=days_ago(400), amount=100000, source="other")]
        + [
            FundEntry(studio=studio, direction="expenditure", date=days_ago(i % 300), amount=10, use="other")
            for i in range(n)
        ]
    )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("ledger", LEDGERS)
def test_a_ledger_list_and_its_export_cost_the_same_queries_for_5_and_60_rows(
    client, studios, ledger, django_assert_max_num_queries
):
    fill(studios.a, 5)
    fill(studios.b, 60)
    client.force_login(studios.a_lead)
    small_list = count_queries(client, f"/ledgers/studio/{studios.a.pk}/{ledger}/")
    small_export = count_queries(client, f"/ledgers/studio/{studios.a.pk}/{ledger}/export.xlsx")
    client.force_login(studios.b_lead)
    with django_assert_max_num_queries(small_list):
        response = client.get(f"/ledgers/studio/{studios.b.pk}/{ledger}/", {"status": "all"})
    assert response.context["page"].paginator.count >= 60
    with django_assert_max_num_queries(small_export):
        b"".join(
            client.get(
                f"/ledgers/studio/{studios.b.pk}/{ledger}/export.xlsx", {"status": "all"}
            ).streaming_content
        )
    assert small_list <= 20  # of which ~9 are the log-in, navigation and badges of every page


def test_the_studio_page_and_the_ledgers_overview_cost_the_same_queries_for_5_and_60_rows(
    client, studios, django_assert_max_num_queries
):
    fill(studios.a, 5)
    fill(studios.b, 60)
    client.force_login(studios.a_lead)
    small_page = count_queries(client, f"/studios/{studios.a.pk}/")
    small_overview = count_queries(client, f"/ledgers/studio/{studios.a.pk}/")
    client.force_login(studios.b_lead)
    with django_assert_max_num_queries(small_page):
        client.get(f"/studios/{studios.b.pk}/")
    with django_assert_max_num_queries(small_overview):
        client.get(f"/ledgers/studio/{studios.b.pk}/")
