"""What the ledgers put on the studio page, and the per-studio figures for lists and dashboards."""

import datetime
from decimal import Decimal

import pytest

from ledgers.figures import studio_figures
from ledgers.models import Achievement, Activity, Member, Training
from ledgers.sections import recent_entries
from studios import hooks

from .conftest import days_ago, expenditure, income

pytestmark = pytest.mark.django_db


def test_the_hooks_are_registered_once():
    from ledgers.figures import studio_figures as figures_hook
    from ledgers.sections import studio_section

    assert hooks.studio_sections.count(studio_section) == 1
    assert hooks.studio_figures.count(figures_hook) == 1


def test_figures_for_many_studios_in_one_query(studios, django_assert_num_queries):
    since = datetime.date(2000, 1, 1)
    Member.objects.create(studio=studios.a, name="张三", joined_on=days_ago(100))
    Member.objects.create(studio=studios.a, name="离开者", joined_on=days_ago(100), left_on=days_ago(1))
    Activity.objects.create(studio=studios.a, kind="training", date=days_ago(3), topic="一")
    Training.objects.create(studio=studios.a, date=days_ago(3), title="培训", headcount=25)
    Training.objects.create(studio=studios.a, date=days_ago(4), title="培训二", headcount=15)
    Achievement.objects.create(
        studio=studios.a, kind="proposal", title="建议", date=days_ago(3), economic_benefit=Decimal("1.25")
    )
    income(studios.a, "1000", days_ago(10))
    expenditure(studios.a, "250.50", days_ago(5))
    with django_assert_num_queries(1):
        figures = studio_figures([studios.a, studios.b], since)
    a = figures[studios.a.pk]
    assert a == {
        "members": 1,
        "activities": 1,
        "trainings": 2,
        "training_headcount": 40,
        "achievements": 1,
        "economic_benefit": Decimal("1.25"),
        "income": Decimal("1000.00"),
        "expenditure": Decimal("250.50"),
        "balance": Decimal("749.50"),
    }
    assert figures[studios.b.pk]["balance"] == Decimal("0.00")
    assert figures[studios.b.pk]["activities"] == 0


def test_figures_count_only_the_period_but_the_balance_of_today(studios):
    Activity.objects.create(studio=studios.a, kind="training", date=days_ago(400), topic="旧")
    income(studios.a, "1000", days_ago(400))
    figures = studio_figures([studios.a], days_ago(30))[studios.a.pk]
    assert figures["activities"] == 0 and figures["income"] == Decimal("0.00")
    assert figures["balance"] == Decimal("1000.00")
    from studios.models import Studio

    by_queryset = studio_figures(Studio.objects.filter(pk=studios.a.pk), days_ago(500))
    assert by_queryset[studios.a.pk]["activities"] == 1


def test_recent_entries_across_the_ledgers_newest_first(studios):
    Member.objects.create(studio=studios.a, name="张三", joined_on=days_ago(50))
    Activity.objects.create(studio=studios.a, kind="breakthrough", date=days_ago(1), topic="攻关")
    Training.objects.create(studio=studios.a, date=days_ago(2), title="培训", headcount=5)
    income(studios.a, "800", days_ago(3))
    Achievement.objects.create(studio=studios.a, kind="patent", title="专利", date=days_ago(4))
    Activity.objects.create(studio=studios.a, kind="exchange", date=days_ago(90), topic="太旧")
    Activity.objects.create(studio=studios.b, kind="exchange", date=days_ago(0), topic="别家的")
    entries = recent_entries(studios.a)
    assert [e["title"] for e in entries] == ["攻关", "培训", "收入 800.00 元", "专利", "张三 加入工作室"]
    assert entries[0]["ledger_label"] == "活动台帐" and entries[0]["kind_label"] == "技术攻关"


def test_the_studio_page_shows_the_key_counts_recent_entries_and_links(client, tree, studios):
    Activity.objects.create(studio=studios.a, kind="breakthrough", date=days_ago(1), topic="锅炉攻关")
    income(studios.a, "1500", days_ago(3))
    client.force_login(tree.a_reviewer)
    page = client.get(f"/studios/{studios.a.pk}/").content.decode()
    assert 'id="studio-ledgers"' in page
    assert "锅炉攻关" in page
    assert 'id="studio-balance">1,500.00' in page
    for slug in ("members", "activities", "trainings", "achievements", "funds"):
        assert f"/ledgers/studio/{studios.a.pk}/{slug}/" in page
    assert f"/ledgers/studio/{studios.a.pk}/activities/new/" not in page  # read-only for the reviewer
    client.force_login(studios.a_lead)
    assert (
        f"/ledgers/studio/{studios.a.pk}/activities/new/"
        in client.get(f"/studios/{studios.a.pk}/").content.decode()
    )


def test_the_section_figures_from_the_rollups_equal_those_from_the_ledger_rows(
    studios, django_assert_num_queries
):
    from django.utils import timezone

    from ledgers.figures import achievement_totals
    from ledgers.sections import section_figures

    today = timezone.localdate()
    Member.objects.create(studio=studios.a, name="张三", joined_on=days_ago(100))
    Member.objects.create(studio=studios.a, name="离开者", joined_on=days_ago(100), left_on=days_ago(1))
    Activity.objects.create(studio=studios.a, kind="training", date=days_ago(0), topic="今年")
    Activity.objects.create(studio=studios.a, kind="training", date=days_ago(800), topic="旧")
    Training.objects.create(studio=studios.a, date=days_ago(0), title="培训", headcount=25)
    Training.objects.create(studio=studios.a, date=days_ago(900), title="旧培训", headcount=15)
    for n, benefit in ((0, "1.25"), (700, "3.50")):
        Achievement.objects.create(
            studio=studios.a,
            kind="proposal",
            title="建议",
            date=days_ago(n),
            economic_benefit=Decimal(benefit),
        )
    income(studios.a, "1000", days_ago(800))
    expenditure(studios.a, "250.50", days_ago(0))
    with django_assert_num_queries(1):
        shown = section_figures(studios.a, today)
    rows = studio_figures([studios.a], datetime.date(today.year, 1, 1), today)[studios.a.pk]
    count, benefit = achievement_totals(studios.a)
    assert shown == {
        "figures": {
            name: rows[name]
            for name in (
                "members",
                "activities",
                "training_headcount",
                "achievements",
                "economic_benefit",
                "balance",
            )
        },
        "achievements_total": count,
        "benefit_total": benefit,
    }
    assert shown["figures"]["balance"] == Decimal("749.50") and count == 2
    empty = section_figures(studios.b, today)
    assert empty["figures"]["balance"] == Decimal("0.00") and empty["achievements_total"] == 0
