"""The per studio-year rollup stays equal to the ledgers, whatever writes them."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction

from ledgers import rollup
from ledgers.models import Achievement, Activity, FundEntry, LedgerSummary, StudioYear, Training
from studios import warnings
from studios.models import Studio
from tests.factories import StudioFactory

pytestmark = pytest.mark.django_db


def figures(studio):
    return {
        row.year: (
            row.activities,
            row.training_headcount,
            row.achievements,
            row.economic_benefit,
            row.expenditure,
        )
        for row in StudioYear.objects.filter(studio=studio)
    }


def activity(studio, date):
    return Activity.objects.create(studio=studio, kind="exchange", date=date, topic="交流")


def test_each_write_refreshes_its_year(tree):
    studio = StudioFactory(host_union=tree.a1)
    activity(studio, datetime.date(2025, 5, 1))
    Training.objects.create(studio=studio, date=datetime.date(2025, 6, 1), title="培训", headcount=12)
    Achievement.objects.create(
        studio=studio,
        kind="patent",
        title="专利",
        date=datetime.date(2026, 1, 5),
        economic_benefit=Decimal("3.5"),
    )
    FundEntry.objects.create(
        studio=studio, direction="income", date=datetime.date(2026, 1, 1), amount=500, source="other"
    )
    FundEntry.objects.create(
        studio=studio, direction="expenditure", date=datetime.date(2026, 2, 1), amount=200, use="other"
    )
    assert figures(studio) == {2025: (1, 12, 0, 0, 0), 2026: (0, 0, 1, Decimal("3.50"), Decimal("200.00"))}
    summary = LedgerSummary.objects.get(studio=studio)
    assert summary.last_entry_on == datetime.date(2026, 1, 5)
    assert summary.last_achievement_on == datetime.date(2026, 1, 5)


def test_trainings_roll_up_as_sessions_and_the_studio_figures_agree(tree):
    """场次: a training of three sessions counts three; 人次 the head-counts summed."""
    from ledgers import figures as ledger_figures

    studio = StudioFactory(host_union=tree.a1)
    day = datetime.date(2025, 6, 1)
    Training.objects.create(studio=studio, date=day, title="三晚课程", headcount=20, sessions=3)
    Training.objects.create(studio=studio, date=day, title="一次讲座", headcount=15)
    row = StudioYear.objects.get(studio=studio, year=2025)
    assert (row.trainings, row.training_headcount) == (4, 35)
    shown = ledger_figures.studio_figures([studio], datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert (shown[studio.pk]["trainings"], shown[studio.pk]["training_headcount"]) == (4, 35)
    rollup.rebuild([studio.pk])
    assert StudioYear.objects.get(studio=studio, year=2025).trainings == 4


def test_moving_an_entry_to_another_year_updates_both_years_and_deleting_empties_them(tree):
    studio = StudioFactory(host_union=tree.a1)
    entry = activity(studio, datetime.date(2024, 3, 1))
    entry = Activity.objects.get(pk=entry.pk)
    entry.date = datetime.date(2025, 3, 1)
    entry.save()
    assert figures(studio) == {2025: (1, 0, 0, 0, 0)}
    entry.delete()
    assert figures(studio) == {}


def test_a_rolled_back_write_leaves_the_rollup_as_it_was(tree):
    studio = StudioFactory(host_union=tree.a1)
    activity(studio, datetime.date(2025, 5, 1))
    with pytest.raises(RuntimeError), transaction.atomic():
        activity(studio, datetime.date(2025, 6, 1))
        raise RuntimeError
    assert figures(studio) == {2025: (1, 0, 0, 0, 0)}


def test_rebuild_after_bulk_inserts_equals_the_incremental_rollup(tree):
    studio = StudioFactory(host_union=tree.a1)
    for month in (1, 2, 3):
        activity(studio, datetime.date(2025, month, 1))
    Training.objects.create(studio=studio, date=datetime.date(2026, 4, 1), title="培训", headcount=7)
    incremental = figures(studio)
    rollup.rebuild([studio.pk])
    assert figures(studio) == incremental
    Activity.objects.bulk_create(
        [Activity(studio=studio, kind="exchange", date=datetime.date(2026, 1, 9), topic="x")]
    )
    rollup.rebuild([studio.pk])
    assert figures(studio)[2026] == (1, 7, 0, 0, 0)


def test_deferred_writes_refresh_each_studio_year_once(tree, django_assert_max_num_queries):
    studio = StudioFactory(host_union=tree.a1)
    # 20 inserts and their 20 history rows, then a single refresh of (studio, 2025): not 20 refreshes
    # of ~10 queries each.
    with django_assert_max_num_queries(65), rollup.deferred():
        for day in range(1, 21):
            activity(studio, datetime.date(2025, 1, day))
    assert figures(studio) == {2025: (20, 0, 0, 0, 0)}


def test_deferred_writes_to_many_studios_give_the_rows_one_refresh_each_would(tree):
    studios = [StudioFactory(host_union=tree.a1) for _ in range(3)]
    untouched = StudioFactory(host_union=tree.a1)
    activity(untouched, datetime.date(2025, 2, 1))
    activity(studios[0], datetime.date(2024, 5, 1))  # a year no deferred write touches
    with rollup.deferred():
        for i, studio in enumerate(studios):
            activity(studio, datetime.date(2025, 3, 1 + i))
            FundEntry.objects.create(
                studio=studio, direction="income", date=datetime.date(2025, 3, 1), amount=100, source="other"
            )
        Achievement.objects.create(
            studio=studios[2], kind="patent", title="专利", date=datetime.date(2025, 4, 1)
        )
    batched = {s.pk: figures(s) for s in studios}
    summaries = {
        s.pk: LedgerSummary.objects.filter(studio=s).values_list("last_entry_on", "last_achievement_on").get()
        for s in studios
    }
    for studio in studios:
        rollup.refresh(studio.pk, {2024, 2025})
    assert {s.pk: figures(s) for s in studios} == batched
    assert batched[studios[0].pk][2024] == (1, 0, 0, 0, 0)
    assert StudioYear.objects.get(studio=studios[1], year=2025).income == Decimal("100")
    assert summaries[studios[2].pk] == (datetime.date(2025, 4, 1), datetime.date(2025, 4, 1))
    assert summaries == {
        s.pk: LedgerSummary.objects.filter(studio=s).values_list("last_entry_on", "last_achievement_on").get()
        for s in studios
    }
    assert figures(untouched) == {2025: (1, 0, 0, 0, 0)}


def test_warnings_read_the_summary(tree):
    today = datetime.date(2026, 11, 25)
    studio = StudioFactory(host_union=tree.a1, founded_on=datetime.date(2020, 1, 1))
    activity(studio, today - datetime.timedelta(days=91))
    flagged = warnings.annotate_flags(Studio.objects.filter(pk=studio.pk), today).get()
    assert flagged.is_quiet and flagged.lacks_results
    activity(studio, today - datetime.timedelta(days=89))
    flagged = warnings.annotate_flags(Studio.objects.filter(pk=studio.pk), today).get()
    assert not flagged.is_quiet
