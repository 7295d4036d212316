"""What the overview pages show is the data they name: no founding date passed off as a record, a year's
spending of that year's granted studios only, every year of the titles chart, the union that decided."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from ledgers.models import GrantSource
from ledgers.overview import dashboard, exports, grants
from studios.models import NamingLevel, Studio, TransitionLog
from studios.services import assessments
from studios.warnings import annotate_flags, flags_of
from tests.factories import StudioFactory

from .helpers import named_studio, spend

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NONE_YET = "暂无"  # what the page says of a record never made (the translation of "none yet")
FOUNDED = TODAY - datetime.timedelta(days=800)


@pytest.fixture
def silent(tree):
    """A studio founded long ago that has recorded nothing at all."""
    return StudioFactory(host_union=tree.a1, name="甲一无记录工作室", founded_on=FOUNDED)


def test_a_studio_with_no_records_shows_none_yet_not_its_founding_date_on_the_dashboard(client, tree, silent):
    overview = dashboard.Overview(tree.province, today=TODAY)
    behind = overview.falling_behind()
    row = next(r for r in behind.rows if r[0].value == silent.name)
    assert str(row[2].value) == str(row[3].value) == NONE_YET
    assert FOUNDED not in [c.value for c in row]
    studio = annotate_flags(Studio.objects.filter(pk=silent.pk), TODAY).get()
    assert studio.last_entry_on is None and studio.last_achievement_on is None
    assert {f.code for f in flags_of(studio)} == {"quiet", "no_results"}  # still flagged from the founding


def test_a_studio_with_no_records_shows_none_yet_in_the_export_and_on_its_page(client, tree, silent):
    _title, columns, rows = exports.studios_sheet(tree.prov_reviewer, {"union": tree.a1.pk}, TODAY)
    heads = [str(c.header) for c in columns]
    row = next(r for r in rows if r[0].pk == silent.pk)
    shown = {heads[i]: columns[i].value(row) for i in range(len(columns))}
    assert str(shown["最近台帐记录"]) == str(shown["最近成果"]) == NONE_YET
    client.force_login(tree.a1_staff)
    page = client.get(reverse("studios:detail", args=[silent.pk])).content.decode()
    assert FOUNDED.isoformat() not in page.split('id="ledgers"')[-1]


def grant(tree, studio, year):
    return grants.grant_funds(
        union=tree.province,
        studio=studio,
        year=year,
        amount=Decimal("50000"),
        purpose="创建经费",
        document_number=f"浙工〔{year}〕1号",
        source=GrantSource.UNION_FUNDS,
        granted_on=datetime.date(year, 3, 1),
        by=tree.prov_head,
    )


def test_a_year_s_spending_on_the_grants_page_is_that_year_s_granted_studios_only(client, tree):
    first = named_studio(tree.a1, by=tree.province, name="甲一获拨工作室")
    other = named_studio(tree.a2, by=tree.province, name="甲二早年获拨工作室")
    grant(tree, other, 2024)
    grant(tree, first, 2025)
    spend(first, datetime.date(2025, 5, 1), Decimal("34800"))
    spend(other, datetime.date(2025, 5, 1), Decimal("91800"))  # granted in 2024: not 2025's spending
    spend(other, datetime.date(2024, 5, 1), Decimal("1000"))
    by_year = {item["year"]: item for item in grants.grants_by_year_with_spending(tree.province)}
    assert by_year[2025]["studios"] == 1
    assert by_year[2025]["spent"] == Decimal("34800")
    assert by_year[2024]["spent"] == Decimal("1000")


def test_the_titles_chart_and_table_show_every_year_even_one_without_titles(tree):
    named_studio(tree.a1, by=tree.province, year=TODAY.year - 3)
    named_studio(tree.a2, by=tree.province, year=TODAY.year - 1)
    overview = dashboard.Overview(tree.province, today=TODAY)
    years = [str(y) for y in range(TODAY.year - 3, TODAY.year + 1)]
    assert overview.charts()["over_years"]["xAxis"]["data"] == years
    table = overview.over_years()
    assert [str(r[0].value) for r in table.rows] == years
    assert [r[1].value for r in table.rows] == [1, 0, 1, 0]


def test_a_revocation_is_credited_to_the_union_that_granted_the_title(client, tree):
    studio = named_studio(tree.a1, by=tree.province, year=TODAY.year - 1, name="甲一待撤销工作室")
    round_ = assessments.open_round(union=tree.province, year=TODAY.year, by=tree.prov_head)
    assessment = round_.assessments.get(studio=studio)
    scores = {c.pk: 2 for c in studio.criteria_set.criteria.all()}
    assessment = assessments.score(assessment=assessment, by=tree.prov_reviewer, scores=scores, result="fail")
    assessments.decide(assessment=assessment, by=tree.prov_head, action="revoke", comment="考核不合格")
    log = TransitionLog.objects.get(
        content_type=ContentType.objects.get_for_model(Studio), object_id=studio.pk, action="revoke"
    )
    assert log.union == tree.province
    client.force_login(tree.a1_staff)
    page = client.get(reverse("studios:detail", args=[studio.pk])).content.decode()
    timeline = page.split("timeline", 1)[-1] if "timeline" in page else page
    assert "测试省总工会" in timeline


def test_a_rectification_deadline_is_called_a_deadline_not_the_person_who_acted(client, tree):
    studio = named_studio(tree.a1, by=tree.province, year=TODAY.year - 1, level=NamingLevel.PROVINCIAL)
    round_ = assessments.open_round(union=tree.province, year=TODAY.year, by=tree.prov_head)
    assessment = round_.assessments.get(studio=studio)
    scores = {c.pk: 2 for c in studio.criteria_set.criteria.all()}
    assessment = assessments.score(assessment=assessment, by=tree.prov_reviewer, scores=scores, result="fail")
    deadline = TODAY + datetime.timedelta(days=90)
    assessments.decide(
        assessment=assessment, by=tree.prov_head, action="rectify", comment="限期整改", deadline=deadline
    )
    client.force_login(tree.prov_head)
    page = client.get(reverse("studios:detail", args=[studio.pk])).content.decode()
    assert f"整改期限 {deadline.isoformat()}" in page
    assert f"操作人 {deadline.isoformat()}" not in page
