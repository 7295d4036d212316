"""Batch grants: one document, many named studios, each its own grant and income line; never twice."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ledgers.models import FundEntry, FundGrant, GrantBatch, GrantSource, StudioYear
from ledgers.overview import batches
from tests.factories import StudioFactory, lead
from unions.models import Notice

from .helpers import named_studio

pytestmark = pytest.mark.django_db


def batch(tree, amounts, *, key="k1", number="浙工〔2025〕20号", by=None, union=None):
    return batches.grant_batch(
        union=union or tree.province,
        amounts=amounts,
        year=2025,
        document_number=number,
        title="关于拨付2025年劳模创新工作室创建经费的通知",
        purpose="创建经费",
        source=GrantSource.UNION_FUNDS,
        granted_on=datetime.date(2025, 3, 1),
        by=by or tree.prov_head,
        key=key,
    )


def form_data(studios, **extra):
    data = {
        "document_number": "浙工〔2025〕21号",
        "title": "关于拨付创建经费的通知",
        "year": 2025,
        "granted_on": "2025-03-01",
        "source": GrantSource.UNION_FUNDS,
        "purpose": "创建经费",
        "key": "form-key-1",
        "studios": [s.pk for s in studios],
    }
    data.update(extra)
    return data


def test_each_studio_gets_its_grant_and_income_line_under_one_document(tree):
    first, second = named_studio(tree.a1, by=tree.province), named_studio(tree.b1, by=tree.province)
    made, created = batch(tree, {first: Decimal("80000"), second: Decimal("50000")})
    assert created and made.total == Decimal("130000")
    lines = {g.studio_id: g for g in made.grants.all()}
    assert set(lines) == {first.pk, second.pk}
    assert (
        lines[first.pk].amount == Decimal("80000") and lines[first.pk].document_number == "浙工〔2025〕20号"
    )
    income = first.fund_entries.get(direction=FundEntry.Direction.INCOME)
    assert income.grant == lines[first.pk] and income.amount == Decimal("80000")
    # The rollups follow each income line.
    assert StudioYear.objects.get(studio=second, year=2025).income == Decimal("50000")


def test_the_same_submission_twice_grants_once(tree):
    studio = named_studio(tree.a1, by=tree.province)
    made, created = batch(tree, {studio: Decimal("1000")})
    again, created_again = batch(tree, {studio: Decimal("1000")})
    assert created and not created_again and again == made
    assert FundGrant.objects.count() == 1 and GrantBatch.objects.count() == 1


def test_another_persons_submission_key_grants_nothing(tree):
    studio = named_studio(tree.a1, by=tree.province)
    batch(tree, {studio: Decimal("1000")}, key="shared")
    with pytest.raises(ValidationError):
        batch(tree, {studio: Decimal("1000")}, key="shared", number="浙工〔2025〕22号", by=tree.prov_admin)
    assert FundGrant.objects.count() == 1


def test_a_document_number_is_used_once_per_union(tree):
    studio = named_studio(tree.a1, by=tree.province)
    batch(tree, {studio: Decimal("1000")}, key="first")
    with pytest.raises(ValidationError) as raised:
        batch(tree, {studio: Decimal("2000")}, key="second")
    assert "document_number" in raised.value.message_dict
    assert FundGrant.objects.count() == 1


@pytest.mark.parametrize("case", ["none", "zero", "outside", "not_named"])
def test_bad_amounts_grant_nothing_at_all(tree, case):
    good = named_studio(tree.a1, by=tree.province)
    amounts = {
        "none": {},
        "zero": {good: Decimal("1000"), named_studio(tree.a2, by=tree.province): Decimal("0")},
        "outside": {good: Decimal("1000"), named_studio(tree.b1, by=tree.province): Decimal("1000")},
        "not_named": {good: Decimal("1000"), StudioFactory(host_union=tree.a2): Decimal("1000")},
    }[case]
    with pytest.raises(ValidationError) as raised:
        batch(tree, amounts, union=tree.company_a, by=tree.a_head)
    assert raised.value.message_dict["studios"]
    assert (
        not FundGrant.objects.exists() and not FundEntry.objects.exists() and not GrantBatch.objects.exists()
    )


def test_a_reviewer_cannot_grant_a_batch(tree):
    studio = named_studio(tree.a1, by=tree.province)
    with pytest.raises(PermissionDenied):
        batch(tree, {studio: Decimal("1000")}, by=tree.prov_reviewer)
    assert not GrantBatch.objects.exists()


def test_same_amount_builds_the_mapping_a_tier_fill_would(tree):
    studios = [named_studio(tree.a1, by=tree.province) for _ in range(3)]
    amounts = batches.same_amount(studios, Decimal("80000"))
    made, _created = batch(tree, amounts)
    assert made.total == Decimal("240000")
    assert sorted(made.grants.values_list("amount", flat=True)) == [Decimal("80000")] * 3


def test_leads_and_host_unions_are_told_with_a_link_to_the_funds_ledger(
    tree, django_capture_on_commit_callbacks
):
    studio = named_studio(tree.a1, by=tree.province)
    leader = lead(studio)
    with django_capture_on_commit_callbacks(execute=True):
        batch(tree, {studio: Decimal("8000")})
    link = reverse("ledgers:list", args=[studio.pk, "funds"])
    for person in (leader, tree.a1_staff):
        notice = Notice.objects.get(user=person)
        assert notice.link == link and "浙工〔2025〕20号" in notice.text
    assert not Notice.objects.filter(user=tree.b1_staff).exists()


def test_the_form_grants_with_same_amount_and_own_amounts_and_a_double_click_grants_once(client, tree):
    first, second, third = (named_studio(tree.a1, by=tree.province) for _ in range(3))
    client.force_login(tree.prov_head)
    url = reverse("ledgers:grant_batch_create") + f"?union={tree.province.pk}"
    data = form_data([first, second, third], same_amount="50000", **{f"amount_{third.pk}": "80000"})
    response = client.post(url, data)
    made = GrantBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "ledgers:grant_batch", args=[made.pk]
    )
    again = client.post(url, data)
    assert again.status_code == 302 and GrantBatch.objects.count() == 1 and FundGrant.objects.count() == 3
    amounts = dict(made.grants.values_list("studio_id", "amount"))
    assert amounts == {first.pk: Decimal("50000"), second.pk: Decimal("50000"), third.pk: Decimal("80000")}
    page = client.get(reverse("ledgers:grant_batch", args=[made.pk])).content.decode()
    assert first.name in page and "180,000.00" in page


@pytest.mark.parametrize(
    "change, field",
    [
        ({"studios": []}, "studios"),
        ({"same_amount": "0"}, "same_amount"),
        ({"same_amount": ""}, "amount"),
        ({"same_amount": "-3"}, "same_amount"),
    ],
)
def test_the_form_re_displays_bad_input_beside_its_field_and_saves_nothing(client, tree, change, field):
    studio = named_studio(tree.a1, by=tree.province)
    client.force_login(tree.prov_head)
    url = reverse("ledgers:grant_batch_create") + f"?union={tree.province.pk}"
    response = client.post(url, form_data([studio], same_amount="1000") | change)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(name.startswith(field) for name in errors), errors
    assert "浙工〔2025〕21号" in response.content.decode()  # the values stay
    assert not GrantBatch.objects.exists() and not FundEntry.objects.exists()


@pytest.mark.parametrize("where", ["outside", "not_named"])
def test_the_form_refuses_a_studio_it_did_not_offer(client, tree, where):
    good = named_studio(tree.a1, by=tree.province)
    bad = named_studio(tree.b1, by=tree.province) if where == "outside" else StudioFactory(host_union=tree.a1)
    client.force_login(tree.a_head)
    url = reverse("ledgers:grant_batch_create") + f"?union={tree.company_a.pk}"
    response = client.post(url, form_data([good, bad], same_amount="1000"))
    assert response.status_code == 200 and response.context["form"].errors["studios"]
    assert not GrantBatch.objects.exists() and not FundEntry.objects.exists()


def test_the_form_offers_only_the_named_studios_of_the_subtree(client, tree):
    inside = named_studio(tree.a1, by=tree.province)
    outside = named_studio(tree.b1, by=tree.province)
    unnamed = StudioFactory(host_union=tree.a2)
    client.force_login(tree.a_head)
    page = client.get(reverse("ledgers:grant_batch_create") + f"?union={tree.company_a.pk}")
    offered = [s.pk for s, _chosen, _amount in page.context["form"].rows()]
    assert offered == [inside.pk]
    assert outside.pk not in offered and unnamed.pk not in offered


def test_a_reviewer_does_not_get_the_batch_form(client, tree):
    client.force_login(tree.prov_reviewer)
    response = client.get(reverse("ledgers:grant_batch_create") + f"?union={tree.province.pk}")
    assert response.status_code in (403, 404)


def test_the_batch_form_reads_in_constant_queries(client, tree, django_assert_max_num_queries):
    for _ in range(30):
        named_studio(tree.a1, by=tree.province)
    client.force_login(tree.prov_head)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("ledgers:grant_batch_create") + f"?union={tree.province.pk}")
    assert len(response.context["form"].rows()) == 30
