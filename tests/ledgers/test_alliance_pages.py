"""The alliance pages: registering through the form (refusals beside the field), the list and the page at a
constant number of queries, and the activity form offering the alliance to its lead studio only."""

import datetime

import pytest
from django.urls import reverse

from ledgers import alliances, services
from ledgers.models import Activity, Alliance
from tests.factories import StudioFactory

from .test_queries import count_queries

pytestmark = pytest.mark.django_db


def alliance_of(tree, lead, members, name):
    return alliances.save_alliance(
        by=tree.prov_head,
        union=tree.province,
        name=name,
        lead_studio=lead,
        members=members,
        founded_on=datetime.date(2024, 3, 1),
    )


def many(tree, n, activities, prefix):
    lead = StudioFactory(host_union=tree.a1)
    made = []
    for i in range(n):
        members = [StudioFactory(host_union=union) for union in (tree.a2, tree.b1)]
        alliance = alliance_of(tree, lead, members, f"{prefix}联盟{i}")
        for day in range(activities):
            services.record_activity(
                studio=lead,
                by=tree.prov_head,
                data={
                    "kind": Activity.Kind.EXCHANGE,
                    "date": datetime.date(2025, 3, 1) + datetime.timedelta(days=day),
                    "topic": f"交流{day}",
                    "hours": 1,
                    "alliance": alliance,
                },
            )
        made.append(alliance)
    return made


def test_the_list_and_the_page_cost_the_same_queries_for_few_and_many(
    client, tree, django_assert_max_num_queries
):
    few = many(tree, 2, 1, "甲")
    client.force_login(tree.prov_head)
    small_list = count_queries(client, reverse("ledgers:alliances"))
    small_page = count_queries(client, reverse("ledgers:alliance_detail", args=[few[0].pk]))
    more = many(tree, 12, 6, "乙")
    with django_assert_max_num_queries(small_list):
        response = client.get(reverse("ledgers:alliances"))
    assert response.context["page"].paginator.count == 14
    with django_assert_max_num_queries(small_page):
        response = client.get(reverse("ledgers:alliance_detail", args=[more[0].pk]))
    assert response.context["shared_count"] == 6
    assert small_list <= 20 and small_page <= 22


def test_a_head_registers_an_alliance_through_the_form(client, tree, studios):
    client.force_login(tree.a_head)
    url = reverse("ledgers:alliance_new")
    data = {
        "name": "甲集团创新联盟",
        "union": tree.company_a.pk,
        "lead_studio": studios.a.pk,
        "members": [studios.a2.pk],
        "founded_on": "2024-05-01",
    }
    response = client.post(url, data)
    alliance = Alliance.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/alliances/{alliance.pk}/")
    page = client.get(response["Location"]).content.decode()
    assert studios.a.name in page and studios.a2.name in page and "牵头工作室" in page


def test_a_member_outside_the_union_is_refused_beside_the_field_with_the_values_kept(client, tree, studios):
    client.force_login(tree.prov_head)
    response = client.post(
        reverse("ledgers:alliance_new"),
        {
            "name": "跨公司联盟",
            "union": tree.company_a.pk,
            "lead_studio": studios.a.pk,
            "members": [studios.b.pk],
            "founded_on": "2024-05-01",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "不在" in " ".join(form.errors["members"])
    assert 'value="跨公司联盟"' in response.content.decode()
    assert not Alliance.objects.exists()


def test_a_reviewer_may_not_register_and_a_staff_member_sees_only_their_studios(client, tree, studios):
    client.force_login(tree.a_reviewer)
    assert client.get(reverse("ledgers:alliance_new")).status_code == 403
    client.force_login(tree.a1_staff)
    form = client.get(reverse("ledgers:alliance_new")).context["form"]
    assert set(form.fields["members"].queryset) == {studios.a}


def test_the_activity_form_offers_the_alliance_to_its_lead_studio_only(client, tree, studios):
    alliance = alliance_of(tree, studios.a, [studios.a2], "甲乙联盟")
    client.force_login(studios.a_lead)
    page = client.get(reverse("ledgers:add", args=[studios.a.pk, "activities"])).content.decode()
    assert 'name="alliance"' in page and alliance.name in page
    response = client.post(
        reverse("ledgers:add", args=[studios.a.pk, "activities"]),
        {
            "kind": "exchange",
            "date": "2025-05-01",
            "topic": "联盟交流",
            "hours": "2",
            "alliance": alliance.pk,
        },
    )
    assert response.status_code == 302
    assert Activity.objects.get().alliance == alliance
    lead_b = studios.b_lead
    client.force_login(lead_b)
    page = client.get(reverse("ledgers:add", args=[studios.b.pk, "activities"])).content.decode()
    assert 'name="alliance"' not in page
