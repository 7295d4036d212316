"""`seed_scale` builds a consistent tree and data set of the size asked, deterministically."""

import io

import pytest
from django.core.management import call_command

from ledgers.models import Achievement, Activity, FundEntry, Member, Training
from studios.models import Application, Campaign, Studio
from unions.models import Union

pytestmark = pytest.mark.django_db

SMALL = [
    "--companies",
    "3",
    "--grassroots",
    "12",
    "--studios",
    "40",
    "--ledger-entries",
    "400",
    "--members",
    "120",
    "--applications",
    "20",
]


def test_seed_scale_builds_the_sizes_asked_with_a_valid_tree():
    out = io.StringIO()
    call_command("seed_scale", *SMALL, stdout=out)
    province = Union.objects.get(code="scale")
    assert Union.objects.filter(path__startswith=province.path).count() == 1 + 3 + 12
    # The computed materialised paths are what treebeard itself would have made.
    assert Union.objects.get_children(province).count() == 3
    assert all(Union.objects.get_children(c).count() == 4 for c in Union.objects.get_children(province))
    assert Union.objects.find_problems() == ([], [], [], [], [])
    assert Studio.objects.count() == 40
    assert Member.objects.count() == 120
    entries = sum(m.objects.count() for m in (Activity, Training, Achievement, FundEntry))
    assert entries == 400
    assert Campaign.objects.count() == 2 and Application.objects.count() == 20
    assert " s" in out.getvalue()


def test_seed_scale_is_deterministic():
    call_command("seed_scale", *SMALL, stdout=io.StringIO())
    first = list(Studio.objects.order_by("pk").values_list("name", "kind", "host_union__code"))
    Application.objects.all().delete()
    for model in (Activity, Training, Achievement, FundEntry, Member):
        model.objects.all().delete()
    Campaign.objects.all().delete()
    Studio.objects.all().delete()
    call_command("seed_scale", *SMALL, "--code", "scale2", stdout=io.StringIO())
    second = list(Studio.objects.order_by("pk").values_list("name", "kind", "host_union__code"))
    assert [row[:2] for row in first] == [row[:2] for row in second]
