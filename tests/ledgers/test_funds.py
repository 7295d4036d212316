"""The funds ledger: the balance is computed from the entries, and no expenditure may overdraw it."""

import threading
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from ledgers import services
from ledgers.models import FundEntry
from tests.factories import StudioFactory, ensure_seven_haves, lead

from .conftest import days_ago, expenditure, income

pytestmark = pytest.mark.django_db


def post_entry(client, studio, **fields):
    data = {"direction": "expenditure", "date": days_ago(1).isoformat(), "amount": "100", "use": "activities"}
    data.update(fields)
    return client.post(f"/ledgers/studio/{studio.pk}/funds/new/", data)


def test_the_list_shows_the_running_balance_after_each_entry(client, studios):
    income(studios.a, "1000", days_ago(30))
    expenditure(studios.a, "300", days_ago(20))
    income(studios.a, "500", days_ago(10))
    expenditure(studios.a, "150.50", days_ago(5))
    client.force_login(studios.a_lead)
    page = client.get(f"/ledgers/studio/{studios.a.pk}/funds/")
    rows = list(page.context["rows"])
    assert [r.balance for r in rows] == [
        Decimal("1049.50"),
        Decimal("1200.00"),
        Decimal("700.00"),
        Decimal("1000.00"),
    ]
    assert page.context["totals"]["balance"] == Decimal("1049.50")
    assert services.balance(studios.a) == Decimal("1049.50")
    assert services.balance(studios.a, on=days_ago(15)) == Decimal("700.00")


def test_the_balance_stays_right_when_the_list_is_filtered(client, studios):
    income(studios.a, "1000", days_ago(30))
    expenditure(studios.a, "300", days_ago(20))
    expenditure(studios.a, "100", days_ago(5))
    client.force_login(studios.a_lead)
    page = client.get(f"/ledgers/studio/{studios.a.pk}/funds/", {"kind": "expenditure"})
    assert [r.balance for r in page.context["rows"]] == [Decimal("600.00"), Decimal("700.00")]


def test_an_expenditure_within_the_balance_is_recorded(client, studios):
    income(studios.a, "1000", days_ago(30))
    client.force_login(studios.a_lead)
    response = post_entry(client, studios.a, amount="999.99")
    assert response.status_code == 302
    assert services.balance(studios.a) == Decimal("0.01")


def test_an_expenditure_beyond_the_balance_is_refused_with_a_clear_message(client, studios):
    income(studios.a, "1000", days_ago(30))
    client.force_login(studios.a_lead)
    response = post_entry(client, studios.a, amount="1200", description="购置仪器")
    assert response.status_code == 200
    page = response.content.decode()
    assert "余额" in page and "-200.00" in page
    assert 'value="购置仪器"' in page  # what was typed comes back
    assert FundEntry.objects.filter(studio=studios.a).count() == 1


def test_an_expenditure_dated_before_the_income_is_refused_even_if_the_balance_now_suffices(client, studios):
    income(studios.a, "1000", days_ago(10))
    client.force_login(studios.a_lead)
    response = post_entry(client, studios.a, amount="500", date=days_ago(20).isoformat())
    assert response.status_code == 200
    assert days_ago(20).isoformat() in response.content.decode()
    assert FundEntry.objects.filter(studio=studios.a).count() == 1


def test_a_backdated_expenditure_that_would_overdraw_a_later_date_is_refused(studios):
    income(studios.a, "100", days_ago(30))
    expenditure(studios.a, "100", days_ago(10))
    income(studios.a, "100", days_ago(2))
    # Now 100 is left, but between day -10 and day -2 the balance was 0.
    with pytest.raises(ValidationError) as refused:
        services.record_fund_entry(
            studio=studios.a,
            data={"direction": "expenditure", "date": days_ago(20), "amount": Decimal("50"), "use": "other"},
            by=studios.a_lead,
        )
    assert days_ago(10).isoformat() in str(refused.value)


def test_lowering_an_income_that_later_spending_relies_on_is_refused(client, studios):
    entry = income(studios.a, "1000", days_ago(30))
    expenditure(studios.a, "800", days_ago(20))
    client.force_login(studios.a_lead)
    response = client.post(
        f"/ledgers/studio/{studios.a.pk}/funds/{entry.pk}/edit/",
        {
            "direction": "income",
            "date": days_ago(30).isoformat(),
            "amount": "500",
            "source": "administrative",
        },
    )
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.amount == Decimal("1000.00")


def test_income_needs_a_source_and_an_expenditure_a_use(client, studios):
    client.force_login(studios.a_lead)
    response = post_entry(client, studios.a, direction="income", use="", source="")
    assert response.status_code == 200
    assert response.context["form"].errors["source"]
    response = post_entry(client, studios.a, use="")
    assert response.context["form"].errors["use"]


@pytest.mark.parametrize("amount", ["-100", "0", "1e20", "99999999999", "abc"])
def test_negative_zero_huge_or_garbled_amounts_are_refused_cleanly(client, studios, amount):
    income(studios.a, "1000", days_ago(30))
    client.force_login(studios.a_lead)
    response = post_entry(client, studios.a, direction="income", source="other", amount=amount)
    assert response.status_code == 200
    assert response.context["form"].errors["amount"]
    assert FundEntry.objects.filter(studio=studios.a).count() == 1


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite serialises writers itself; the row lock is exercised on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_expenditures_cannot_together_overdraw(tree):
    """Each alone fits the balance of 100; both together would not. One must be refused."""
    ensure_seven_haves()
    studios = SimpleNamespace(a=StudioFactory(host_union=tree.a1))
    studios.a_lead = lead(studios.a, "t_lead_concurrent")
    income(studios.a, "100", days_ago(30))
    barrier = threading.Barrier(2)
    outcomes = []

    def spend():
        try:
            barrier.wait()
            services.record_fund_entry(
                studio=studios.a,
                data={
                    "direction": "expenditure",
                    "date": days_ago(1),
                    "amount": Decimal("80"),
                    "use": "other",
                },
                by=studios.a_lead,
            )
            outcomes.append("saved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=spend) for _i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "saved"]
    assert services.balance(studios.a) == Decimal("20.00")


def test_an_income_line_of_a_creation_fund_grant_is_not_edited_in_the_funds_ledger(client, tree, studios):
    from ledgers.models import FundGrant

    line = income(studios.a, "20000", days_ago(30), source=FundEntry.Source.UNION_FUNDS)
    FundGrant.objects.create(
        union=tree.province,
        studio=studios.a,
        year=line.date.year,
        amount=line.amount,
        purpose="创建经费",
        document_number="浙工〔2026〕1号",
        source=FundEntry.Source.UNION_FUNDS,
        granted_on=line.date,
        fund_entry=line,
        granted_by=tree.prov_head,
    )
    client.force_login(studios.a_lead)
    response = client.post(
        f"/ledgers/studio/{studios.a.pk}/funds/{line.pk}/edit/",
        {"direction": "income", "date": days_ago(30).isoformat(), "amount": "1", "source": "union_funds"},
    )
    assert response.status_code == 200
    assert "创建经费拨付" in response.content.decode()
    line.refresh_from_db()
    assert line.amount == Decimal("20000.00")
