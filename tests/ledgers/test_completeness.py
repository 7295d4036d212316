"""The 七有 rules read from the ledgers: 有成员, 有经费, 有台帐, 有成果 — each met, partly met and missing."""

import datetime

import pytest

from ledgers import completeness_rules as rules
from ledgers.models import Achievement, Activity, Member, Training
from studios.completeness import RULES, Status
from unions.dates import last_12_months, year_before

from .conftest import days_ago, expenditure, income

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def ago(days):
    return TODAY - datetime.timedelta(days=days)


def add_members(studio, n, **extra):
    for i in range(n):
        Member.objects.create(studio=studio, name=f"成员{i}", joined_on=ago(500), **extra)


def test_the_four_ledger_rules_are_registered_for_the_criteria():
    assert {"members", "funds", "ledger", "results"} <= set(RULES)


def test_members_met_with_a_current_lead_and_three_current_members(studios):
    Member.objects.create(studio=studios.a, name="张三", role="lead", joined_on=ago(500))
    add_members(studios.a, 3)
    verdict = rules.members(studios.a, TODAY)
    assert verdict.status == Status.MET and verdict.missing == []
    assert verdict.summary == "成员档案在册 4 人，含带头人。"


def test_members_partly_met_without_a_lead_or_with_too_few_members(studios):
    add_members(studios.a, 3)
    verdict = rules.members(studios.a, TODAY)
    assert verdict.status == Status.PARTLY
    assert verdict.missing == ["成员档案中的带头人"]
    Member.objects.create(studio=studios.a2, name="李四", role="lead", joined_on=ago(500))
    add_members(studios.a2, 2)
    verdict = rules.members(studios.a2, TODAY)
    assert verdict.status == Status.PARTLY
    assert verdict.missing == ["至少3名在册成员（现有2名）"]


def test_members_who_left_do_not_count_and_an_empty_archive_is_missing(studios):
    Member.objects.create(studio=studios.a, name="张三", role="lead", joined_on=ago(900), left_on=ago(10))
    add_members(studios.a, 3, left_on=ago(5))
    verdict = rules.members(studios.a, TODAY)
    assert verdict.status == Status.MISSING
    assert "成员档案中的带头人" in verdict.missing


def test_funds_met_with_income_in_the_last_12_months(studios):
    income(studios.a, "1000", ago(300))
    expenditure(studios.a, "100", ago(10))
    verdict = rules.funds(studios.a, TODAY)
    assert verdict.status == Status.MET
    assert verdict.summary == "近12个月登记经费收入 1 笔。"


def test_funds_partly_met_with_only_older_income_and_missing_with_none(studios):
    income(studios.a, "1000", ago(400))
    verdict = rules.funds(studios.a, TODAY)
    assert verdict.status == Status.PARTLY
    assert verdict.missing == ["近12个月的经费收入"]
    assert ago(400).isoformat() in verdict.summary
    verdict = rules.funds(studios.a2, TODAY)
    assert verdict.status == Status.MISSING
    assert verdict.summary == "经费台帐尚无收入记录。"


def test_ledger_met_with_three_activities_or_trainings_in_the_last_12_months(studios):
    Activity.objects.create(studio=studios.a, kind="training", date=ago(10), topic="一")
    Activity.objects.create(studio=studios.a, kind="exchange", date=ago(100), topic="二")
    Training.objects.create(studio=studios.a, date=ago(200), title="三", headcount=20)
    verdict = rules.ledger(studios.a, TODAY)
    assert verdict.status == Status.MET
    assert verdict.summary == "近12个月登记活动 2 次、培训 1 次。"


def test_ledger_partly_met_with_fewer_and_missing_with_only_old_entries(studios):
    Activity.objects.create(studio=studios.a, kind="training", date=ago(10), topic="一")
    Activity.objects.create(studio=studios.a, kind="training", date=ago(400), topic="旧")
    verdict = rules.ledger(studios.a, TODAY)
    assert verdict.status == Status.PARTLY
    assert verdict.missing == ["近12个月再登记 2 次活动或培训"]
    Training.objects.create(studio=studios.a2, date=ago(500), title="旧培训", headcount=5)
    Activity.objects.create(studio=studios.a2, kind="training", date=ago(-5), topic="将来的")  # after `today`
    assert rules.ledger(studios.a2, TODAY).status == Status.MISSING


def test_results_met_with_an_achievement_in_the_last_12_months(studios):
    Achievement.objects.create(studio=studios.a, kind="proposal", title="建议", date=ago(30))
    Achievement.objects.create(studio=studios.a, kind="patent", title="专利", date=ago(800))
    verdict = rules.results(studios.a, TODAY)
    assert verdict.status == Status.MET
    assert verdict.summary == "近12个月成果 1 项，累计 2 项。"


def test_results_partly_met_with_only_older_achievements_and_missing_with_none(studios):
    Achievement.objects.create(studio=studios.a, kind="patent", title="专利", date=ago(800))
    verdict = rules.results(studios.a, TODAY)
    assert verdict.status == Status.PARTLY
    assert verdict.missing == ["近12个月的成果"]
    assert rules.results(studios.a2, TODAY).status == Status.MISSING


@pytest.mark.parametrize("rule", ["members", "funds", "ledger", "results"])
def test_each_rule_reads_the_records_in_at_most_two_queries(studios, rule, django_assert_max_num_queries):
    income(studios.a, "1000", days_ago(10))
    with django_assert_max_num_queries(2):
        RULES[rule](studios.a, TODAY)


def test_a_year_before_29_february_is_28_february():
    assert year_before(datetime.date(2028, 2, 29)) == datetime.date(2027, 2, 28)
    assert last_12_months(datetime.date(2028, 2, 29)) == (
        datetime.date(2027, 3, 1),
        datetime.date(2028, 2, 29),
    )
