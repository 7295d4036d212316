"""Who may read and write a studio's ledgers: its lead writes, the unions above read, everyone else gets 404."""

import pytest

from ledgers.models import Activity, FundEntry, Member
from studios.services.studio import allow_member_logging
from tests.factories import UserFactory

from .conftest import days_ago, income

pytestmark = pytest.mark.django_db

LEDGERS = ["members", "activities", "trainings", "achievements", "funds"]


def activity_post(**extra):
    return {
        "kind": Activity.Kind.BREAKTHROUGH,
        "date": days_ago(3).isoformat(),
        "topic": "给水泵振动攻关",
        "headcount": "4",
        "hours": "3",
        **extra,
    }


def all_urls(studio):
    base = f"/ledgers/studio/{studio.pk}"
    urls = [f"{base}/"]
    for ledger in LEDGERS:
        urls += [f"{base}/{ledger}/", f"{base}/{ledger}/new/", f"{base}/{ledger}/export.xlsx"]
    urls += [f"{base}/members/import/", f"{base}/activities/template.xlsx"]
    return urls


def test_a_lead_can_neither_see_nor_write_another_studios_ledgers(client, studios):
    Member.objects.create(studio=studios.b, name="乙成员", joined_on=days_ago(100))
    client.force_login(studios.a_lead)
    for url in all_urls(studios.b):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "乙成员" not in response.content.decode()
    response = client.post(f"/ledgers/studio/{studios.b.pk}/activities/new/", activity_post())
    assert response.status_code == 404
    assert not Activity.objects.filter(studio=studios.b).exists()


def test_a_lead_reads_and_writes_the_own_studios_ledgers(client, studios):
    client.force_login(studios.a_lead)
    for url in all_urls(studios.a):
        assert client.get(url).status_code == 200, url
    response = client.post(f"/ledgers/studio/{studios.a.pk}/activities/new/", activity_post())
    assert response.status_code == 302
    assert Activity.objects.get(studio=studios.a).topic == "给水泵振动攻关"


def test_staff_of_a_sibling_grassroots_union_gets_404(client, tree, studios):
    client.force_login(tree.a2_staff)
    for url in all_urls(studios.a):
        assert client.get(url).status_code == 404, url


def test_company_reviewer_reads_its_studios_ledgers_but_cannot_write(client, tree, studios):
    income(studios.a, "5000", days_ago(10))
    client.force_login(tree.a_reviewer)
    page = client.get(f"/ledgers/studio/{studios.a.pk}/funds/")
    assert page.status_code == 200
    assert "5,000.00" in page.content.decode()
    assert "/funds/new/" not in page.content.decode()
    assert client.get(f"/ledgers/studio/{studios.a.pk}/funds/new/").status_code == 403
    response = client.post(
        f"/ledgers/studio/{studios.a.pk}/funds/new/",
        {"direction": "income", "date": days_ago(1).isoformat(), "amount": "100", "source": "other"},
    )
    assert response.status_code == 403
    assert FundEntry.objects.filter(studio=studios.a).count() == 1
    assert client.get(f"/ledgers/studio/{studios.b.pk}/funds/").status_code == 404
    assert client.get(f"/ledgers/studio/{studios.b.pk}/funds/export.xlsx").status_code == 404


def test_grassroots_staff_of_the_host_union_reads_but_does_not_log(client, tree, studios):
    client.force_login(tree.a1_staff)
    assert client.get(f"/ledgers/studio/{studios.a.pk}/activities/").status_code == 200
    assert client.post(f"/ledgers/studio/{studios.a.pk}/activities/new/", activity_post()).status_code == 403


def test_a_member_the_lead_allowed_may_log(client, studios):
    keeper = UserFactory(username="t_keeper")
    allow_member_logging(studio=studios.a, user=keeper)
    client.force_login(keeper)
    response = client.post(
        f"/ledgers/studio/{studios.a.pk}/activities/new/", activity_post(topic="记录员登记")
    )
    assert response.status_code == 302
    assert Activity.objects.filter(studio=studios.a, topic="记录员登记").exists()
    assert client.get(f"/ledgers/studio/{studios.b.pk}/activities/").status_code == 404


def test_editing_an_entry_of_another_studio_through_the_own_studio_url_is_404(client, studios):
    other = Activity.objects.create(studio=studios.b, kind="training", date=days_ago(5), topic="乙的活动")
    client.force_login(studios.a_lead)
    url = f"/ledgers/studio/{studios.a.pk}/activities/{other.pk}/edit/"
    assert client.get(url).status_code == 404
    assert client.post(url, activity_post(topic="篡改")).status_code == 404
    other.refresh_from_db()
    assert other.topic == "乙的活动"


def test_an_anonymous_visitor_is_sent_to_log_in(client, studios):
    response = client.get(f"/ledgers/studio/{studios.a.pk}/funds/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
