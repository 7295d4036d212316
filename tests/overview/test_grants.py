import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, F, Sum, When
from django.urls import reverse

from ledgers.models import FundEntry, FundGrant, GrantSource
from ledgers.overview import grants
from tests.factories import StudioFactory

from .helpers import named_studio, spend

pytestmark = pytest.mark.django_db


def balance(studio):
    signed = Case(When(direction=FundEntry.Direction.INCOME, then=F("amount")), default=-F("amount"))
    return studio.fund_entries.aggregate(total=Sum(signed))["total"] or Decimal(0)


def grant(tree, studio, amount="50000", year=2025, by=None):
    return grants.grant_funds(
        union=tree.province,
        studio=studio,
        year=year,
        amount=Decimal(amount),
        purpose="创建经费",
        document_number="浙工〔2025〕12号",
        source=GrantSource.UNION_FUNDS,
        granted_on=datetime.date(year, 3, 1),
        by=by or tree.prov_head,
    )


def test_a_grant_shows_once_in_the_studios_funds_ledger_and_balance(tree):
    studio = named_studio(tree.a1, by=tree.province)
    spend(studio, datetime.date(2025, 4, 1), Decimal("8000"))
    g = grant(tree, studio)
    entries = list(studio.fund_entries.filter(direction=FundEntry.Direction.INCOME))
    assert entries == [g.fund_entry]
    assert entries[0].amount == Decimal("50000")
    assert entries[0].source == FundEntry.Source.UNION_FUNDS
    assert entries[0].document_number == "浙工〔2025〕12号"
    assert balance(studio) == Decimal("42000")


def test_only_named_studios_receive_creation_funds(tree):
    studio = StudioFactory(host_union=tree.a1)
    with pytest.raises(ValidationError):
        grant(tree, studio)
    assert not FundEntry.objects.exists()


def test_a_reviewer_without_the_decision_right_cannot_grant(tree):
    studio = named_studio(tree.a1, by=tree.province)
    with pytest.raises(PermissionDenied):
        grant(tree, studio, by=tree.prov_reviewer)
    assert not FundGrant.objects.exists() and not FundEntry.objects.exists()


def test_the_head_grants_from_the_form_and_finds_it_on_the_grants_page(client, tree):
    studio = named_studio(tree.a1, by=tree.province)
    client.force_login(tree.prov_head)
    response = client.post(
        reverse("ledgers:grant_create", args=[studio.pk]),
        {
            "union": tree.province.pk,
            "year": 2025,
            "amount": "30000",
            "source": GrantSource.ADMINISTRATIVE,
            "purpose": "设备购置",
            "document_number": "浙工〔2025〕3号",
            "granted_on": "2025-05-01",
        },
    )
    assert response.status_code == 302
    entry = studio.fund_entries.get()
    assert entry.source == FundEntry.Source.ADMINISTRATIVE and entry.grant.amount == Decimal("30000")
    page = client.get(reverse("ledgers:grants"), {"union": tree.province.pk, "year": 2025})
    assert studio.name in page.content.decode()


def test_the_grant_form_re_displays_a_bad_amount_beside_its_field(client, tree):
    studio = named_studio(tree.a1, by=tree.province)
    client.force_login(tree.prov_head)
    response = client.post(
        reverse("ledgers:grant_create", args=[studio.pk]), {"union": tree.province.pk, "amount": "-5"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["amount"]
    assert not FundEntry.objects.exists()


def test_another_branch_cannot_open_the_grant_form(client, tree):
    studio = named_studio(tree.a1, by=tree.province)
    client.force_login(tree.b_admin)
    assert client.get(reverse("ledgers:grant_create", args=[studio.pk])).status_code == 404


def test_the_grants_page_shows_granted_against_spent_by_use_per_studio_and_year(client, tree):
    first = named_studio(tree.a1, by=tree.province)
    second = named_studio(tree.b1, by=tree.province)
    grant(tree, first, "50000", 2025)
    grant(tree, first, "10000", 2024)
    grant(tree, second, "20000", 2025)
    spend(first, datetime.date(2025, 5, 1), Decimal("3000"), FundEntry.Use.ACTIVITIES)
    spend(first, datetime.date(2025, 6, 1), Decimal("2000"), FundEntry.Use.EQUIPMENT)
    spend(first, datetime.date(2023, 6, 1), Decimal("999"), FundEntry.Use.EQUIPMENT)  # a year without grants
    client.force_login(tree.prov_reviewer)
    page = client.get(reverse("ledgers:grants"), {"union": tree.province.pk, "year": 2025})
    rows = {s.pk: s for s in page.context["rows"]}
    assert rows[first.pk].granted == Decimal("50000")
    assert rows[first.pk].spent == Decimal("5000")
    assert rows[second.pk].granted == Decimal("20000") and rows[second.pk].spent == 0
    by_year = {item["year"]: item for item in page.context["by_year"]}
    assert by_year[2025]["granted"] == Decimal("70000") and by_year[2025]["studios"] == 2
    assert by_year[2025]["spent"] == Decimal("5000")
    assert by_year[2024]["granted"] == Decimal("10000")


def test_a_company_union_does_not_see_the_provinces_grants_page(client, tree):
    client.force_login(tree.a_reviewer)
    assert client.get(reverse("ledgers:grants"), {"union": tree.province.pk}).status_code == 404


def test_may_grant_answers_as_the_granting_unions_do_without_reading_them(tree, django_assert_num_queries):
    from ledgers.permissions import can_grant, granting_unions

    named = named_studio(tree.a1, by=tree.province)
    people = [
        tree.prov_head,
        tree.prov_reviewer,
        tree.a_head,
        tree.a_reviewer,
        tree.b_reviewer,
        tree.a1_staff,
    ]
    for person in people:
        granting_unions(person, named)  # reads the person's grants once
        with django_assert_num_queries(0):
            answer = can_grant(person, named)
        assert answer == bool(granting_unions(person, named)), person.username
    assert can_grant(tree.prov_head, named) and not can_grant(tree.b_reviewer, named)
    assert not can_grant(tree.prov_head, StudioFactory(host_union=tree.a1))
