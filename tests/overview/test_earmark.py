"""The 专款专用 report: granted against spent by use per studio of a subtree, and idle grants flagged."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ledgers.models import FundEntry
from ledgers.overview import earmark

from .helpers import named_studio, spend
from .test_grants import grant

pytestmark = pytest.mark.django_db


def report(client, tree, user=None, **params):
    client.force_login(user or tree.prov_reviewer)
    return client.get(reverse("ledgers:earmark"), {"union": tree.province.pk, **params})


def test_granted_spent_by_use_and_left_per_studio(client, tree):
    first = named_studio(tree.a1, by=tree.province)
    second = named_studio(tree.b1, by=tree.province)
    grant(tree, first, "50000", 2025)
    grant(tree, second, "20000", 2025)
    spend(first, datetime.date(2025, 5, 1), Decimal("3000"), FundEntry.Use.ACTIVITIES)
    spend(first, datetime.date(2025, 6, 1), Decimal("2000"), FundEntry.Use.EQUIPMENT)
    spend(first, datetime.date(2024, 6, 1), Decimal("999"), FundEntry.Use.EQUIPMENT)  # before the range
    page = report(client, tree, year_from=2025, year_to=2025)
    rows = {s.pk: s for s in page.context["rows"]}
    uses = [use for use, _label in earmark.grants.USES]
    assert rows[first.pk].granted == Decimal("50000") and rows[first.pk].spent == Decimal("5000")
    assert rows[first.pk].by_use[uses.index(FundEntry.Use.ACTIVITIES)] == Decimal("3000")
    assert rows[first.pk].by_use[uses.index(FundEntry.Use.EQUIPMENT)] == Decimal("2000")
    assert rows[first.pk].left == Decimal("45000")
    assert rows[second.pk].spent == 0 and rows[second.pk].left == Decimal("20000")
    totals = page.context["totals"]
    assert (totals["granted"], totals["studios"], totals["spent"]) == (Decimal("70000"), 2, Decimal("5000"))


def test_a_range_of_years_adds_the_years_up(client, tree):
    studio = named_studio(tree.a1, by=tree.province)
    grant(tree, studio, "10000", 2024)
    grant(tree, studio, "30000", 2025)
    grant(tree, studio, "70000", 2023)
    page = report(client, tree, year_from=2024, year_to=2025)
    (row,) = page.context["rows"]
    assert row.granted == Decimal("40000")


def test_a_studio_that_spent_nothing_within_a_year_of_its_grant_is_flagged(tree):
    idle = named_studio(tree.a1, by=tree.province)
    busy = named_studio(tree.a1, by=tree.province)
    late = named_studio(tree.a1, by=tree.province)
    recent = named_studio(tree.a1, by=tree.province)
    for studio in (idle, busy, late):
        grant(tree, studio, "10000", 2024)  # granted on 2024-03-01
    grant(tree, recent, "10000", 2025)  # granted on 2025-03-01
    spend(busy, datetime.date(2025, 3, 1), Decimal("100"))  # the last day of the year still counts
    spend(late, datetime.date(2025, 3, 2), Decimal("100"))  # a day too late
    today = datetime.date(2026, 1, 10)  # recent's year is not over
    rows = earmark.with_earmark(list(earmark.granted_studios(tree.province, 2024, 2025)), 2024, 2025, today)
    flags = {s.pk: s.idle_since for s in rows}
    assert flags[idle.pk] == [datetime.date(2024, 3, 1)]
    assert flags[late.pk] == [datetime.date(2024, 3, 1)]
    assert flags[busy.pk] == [] and flags[recent.pk] == []


def test_the_year_of_a_grant_ends_on_shanghais_day(tree):
    """At 01:30 in Shanghai on 2 March (17:30 UTC on 1 March) the year of a 1 March grant is over."""
    studio = named_studio(tree.a1, by=tree.province)
    grant(tree, studio, "10000", 2024)
    with time_machine.travel(datetime.datetime(2025, 3, 1, 17, 30, tzinfo=datetime.UTC), tick=False):
        today = timezone.localdate()
    assert today == datetime.date(2025, 3, 2)
    (row,) = earmark.with_earmark(list(earmark.granted_studios(tree.province, 2024, 2024)), 2024, 2024, today)
    assert row.flagged


def test_the_page_counts_the_idle_studios_and_lists_only_them_when_asked(client, tree):
    idle = named_studio(tree.a1, by=tree.province)
    busy = named_studio(tree.b1, by=tree.province)
    for studio in (idle, busy):
        grant(tree, studio, "10000", 2024)  # more than a year ago, whatever today is
    spend(busy, datetime.date(2024, 4, 1), Decimal("100"))
    page = report(client, tree, year_from=2024)
    assert page.context["totals"]["idle"] == 1
    assert {s.pk for s in page.context["rows"]} == {idle.pk, busy.pk}
    assert "一年内无支出" in page.content.decode()
    page = report(client, tree, year_from=2024, idle="on")
    assert [s.pk for s in page.context["rows"]] == [idle.pk]


def test_only_the_subtree_of_the_union_is_reported(client, tree):
    mine = named_studio(tree.a1, by=tree.province)
    other = named_studio(tree.b1, by=tree.province)
    grant(tree, mine, "10000", 2025)
    grant(tree, other, "10000", 2025)
    client.force_login(tree.a_reviewer)
    page = client.get(reverse("ledgers:earmark"), {"union": tree.company_a.pk, "year_from": 2025})
    assert [s.pk for s in page.context["rows"]] == [mine.pk]
    assert client.get(reverse("ledgers:earmark"), {"union": tree.province.pk}).status_code == 404


def test_a_bad_range_is_said_beside_the_field(client, tree):
    page = report(client, tree, year_from=2026, year_to=2024)
    assert page.status_code == 200 and page.context["form"].errors["year_to"]
    page = report(client, tree, year_from="abc")
    assert page.status_code == 200 and page.context["form"].errors["year_from"]


def test_the_report_reads_in_constant_queries_over_many_studios(client, tree, django_assert_max_num_queries):
    for i in range(30):
        studio = named_studio(tree.a1 if i % 2 else tree.b1, by=tree.province)
        grant(tree, studio, "10000", 2024)
        if i % 3:
            spend(studio, datetime.date(2024, 5, 1), Decimal("100"), FundEntry.Use.REWARDS)
    client.force_login(tree.prov_reviewer)
    report(client, tree, year_from=2024)  # warm the person's grants
    with django_assert_max_num_queries(16):
        page = client.get(reverse("ledgers:earmark"), {"union": tree.province.pk, "year_from": 2024})
    assert len(page.context["rows"]) == 25
    assert sum(1 for s in page.context["rows"] if s.flagged) > 0


def test_the_excel_download_holds_every_studio_with_its_flag(client, tree):
    idle = named_studio(tree.a1, by=tree.province, name="闲置工作室")
    used = named_studio(tree.a1, by=tree.province, name="使用工作室")
    grant(tree, idle, "10000", 2024)
    grant(tree, used, "20000", 2024)
    spend(used, datetime.date(2024, 5, 1), Decimal("5000"), FundEntry.Use.EQUIPMENT)
    client.force_login(tree.prov_head)
    response = client.get(
        reverse("ledgers:earmark_xlsx"), {"union": tree.province.pk, "year_from": 2024, "year_to": 2024}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["使用工作室"][2] == 20000 and rows["使用工作室"][-2] == 15000 and not rows["使用工作室"][-1]
    assert rows["闲置工作室"][-1] == "2024-03-01"
