import datetime

import pytest

from studios import warnings
from studios.models import Studio
from tests.factories import StudioFactory

from .helpers import achievement, activity, training

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 30)


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def codes(studio):
    return sorted(f.code for f in warnings.flags_for(studio, TODAY))


def test_an_entry_89_days_ago_keeps_the_studio_unflagged_and_91_days_ago_flags_it_yellow(tree):
    recent = StudioFactory(host_union=tree.a1, founded_on=datetime.date(2020, 1, 1))
    activity(recent, days_ago(89))
    achievement(recent, days_ago(100))
    quiet = StudioFactory(host_union=tree.a1, founded_on=datetime.date(2020, 1, 1))
    training(quiet, days_ago(91), 10)
    achievement(quiet, days_ago(120))
    assert codes(recent) == []
    assert codes(quiet) == ["quiet"]
    assert warnings.flags_for(quiet, TODAY)[0].level == warnings.YELLOW


def test_no_achievement_in_twelve_months_flags_the_studio_red(tree):
    studio = StudioFactory(host_union=tree.a1, founded_on=datetime.date(2020, 1, 1))
    activity(studio, days_ago(5))
    achievement(studio, days_ago(366))
    flags = warnings.flags_for(studio, TODAY)
    assert [(f.code, f.level) for f in flags] == [("no_results", warnings.RED)]


def test_a_new_studio_is_not_flagged_before_its_first_quarter(tree):
    studio = StudioFactory(host_union=tree.a1, founded_on=days_ago(30))
    assert codes(studio) == []


def test_the_queryset_flags_many_studios_in_one_query(tree, django_assert_num_queries):
    for n in range(12):
        s = StudioFactory(host_union=tree.a1, founded_on=datetime.date(2020, 1, 1))
        activity(s, days_ago(10 if n % 2 else 200))
        achievement(s, days_ago(100 if n % 3 else 400))
    with django_assert_num_queries(1):
        rows = list(warnings.annotate_flags(Studio.objects.all(), TODAY))
    assert sum(1 for s in rows if s.is_quiet) == 6
    assert sum(1 for s in rows if s.lacks_results) == 4
    assert warnings.flagged(Studio.objects.all(), TODAY).count() == 8
