import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from studios.models import NamingLevel, Studio, StudioType
from tests.factories import StudioFactory

from .helpers import achievement, activity, named_studio, training

pytestmark = pytest.mark.django_db

THIS = timezone.localdate().year
LAST = THIS - 1


@pytest.fixture
def known(tree):
    """A1: 2 technical (1 named), A2: 1 skills; B1: 1 service, 1 named technical."""
    a_named = named_studio(
        tree.a1, by=tree.province, year=LAST, kind=StudioType.TECHNICAL, name="甲一命名工作室"
    )
    StudioFactory(host_union=tree.a1, kind=StudioType.TECHNICAL, name="甲一培育工作室")
    a2 = StudioFactory(
        host_union=tree.a2, kind=StudioType.SKILLS, stage=Studio.Stage.MATURE, name="甲二成熟工作室"
    )
    StudioFactory(host_union=tree.b1, kind=StudioType.SERVICE, name="乙一培育工作室")
    b_named = named_studio(tree.b1, by=tree.province, year=THIS, name="乙一命名工作室")
    today = timezone.localdate()
    activity(a_named, datetime.date(THIS, 1, 1))
    activity(a_named, datetime.date(LAST, 5, 1))
    activity(a2, datetime.date(THIS, 1, 2))
    training(a_named, datetime.date(THIS, 1, 3), 25)
    training(a2, datetime.date(LAST, 3, 3), 10)
    achievement(a_named, datetime.date(THIS, 1, 4), benefit=Decimal("8.50"))
    for _ in range(5):
        activity(b_named, today)
    return a_named, b_named


def table(response, key):
    return next(t for t in response.context["tables"] if t.key == key)


def values(t):
    return [[c.value for c in row] for row in t.rows]


def test_the_provincial_dashboard_counts_studios_by_company_stage_and_type(client, tree, known):
    client.force_login(tree.prov_reviewer)
    response = client.get(reverse("ledgers:dashboard"))
    assert response.status_code == 200
    assert response.context["total"] == 5
    rows = {row[0]: row for row in values(table(response, "studios_by_union"))}
    # union, studios, cultivating, mature, named, dissolved, technical, skills, service, management, behind
    assert rows["甲集团公司工会"][1:10] == [3, 1, 1, 1, 0, 2, 1, 0, 0]
    assert rows["乙集团公司工会"][1:10] == [2, 1, 0, 1, 0, 1, 0, 1, 0]
    levels = dict(values(table(response, "by_level")))
    assert levels[NamingLevel.PROVINCIAL.label] == 2


def test_the_ledger_figures_compare_this_year_with_last(client, tree, known):
    client.force_login(tree.prov_reviewer)
    response = client.get(reverse("ledgers:dashboard"))
    compare = values(table(response, "ledgers_compare"))
    assert compare[0][1:] == [1, 7, 6]  # activities: last year, this year, change


def test_a_company_dashboard_counts_only_its_own_subtree(client, tree, known):
    client.force_login(tree.a_reviewer)
    response = client.get(reverse("ledgers:dashboard"))
    assert response.context["root"] == tree.company_a
    assert response.context["total"] == 3
    compare = values(table(response, "ledgers_compare"))
    assert compare[0][1:] == [1, 2, 1]  # activities: last year 1, this year 2
    assert compare[1][1:] == [10, 25, 15]  # trainings 人次
    assert compare[3][2] == Decimal("8.50")  # economic benefit this year
    body = response.content.decode()
    assert "乙一命名工作室" not in body and "乙一基层工会" not in body


def test_another_branch_gets_404_on_the_dashboard_search_and_excel(client, tree, known):
    client.force_login(tree.a_reviewer)
    assert client.get(reverse("ledgers:dashboard"), {"union": tree.company_b.pk}).status_code == 404
    assert client.get(reverse("ledgers:studio_search"), {"union": tree.b1.pk}).status_code == 404
    url = reverse("ledgers:dashboard_xlsx", args=["by_kind"])
    assert client.get(url, {"union": tree.company_b.pk}).status_code == 404


def test_every_figure_drills_down_to_the_matching_studios(client, tree, known):
    client.force_login(tree.prov_reviewer)
    response = client.get(reverse("ledgers:dashboard"))
    row = next(r for r in table(response, "studios_by_union").rows if r[0].value == "甲集团公司工会")
    technical = row[6]  # technical in company A (after the four stages)
    assert technical.value == 2
    listing = client.get(technical.url)
    names = sorted(s.name for s in listing.context["page"])
    assert names == ["甲一命名工作室", "甲一培育工作室"]


def test_the_search_finds_studios_by_person_level_and_warning(client, tree, known):
    a_named, _b_named = known
    client.force_login(tree.prov_reviewer)
    found = client.get(reverse("ledgers:studio_search"), {"q": a_named.person_name})
    assert [s.pk for s in found.context["page"]] == [a_named.pk]
    named = client.get(reverse("ledgers:studio_search"), {"level": NamingLevel.PROVINCIAL})
    assert found.status_code == 200 and named.context["page"].paginator.count == 2


def test_the_dashboard_runs_a_constant_number_of_queries_however_many_studios(
    client, tree, django_assert_max_num_queries
):
    client.force_login(tree.prov_reviewer)
    for n in range(4):
        named_studio(tree.a1 if n % 2 else tree.b1, by=tree.province, year=2020 + n)
    client.get(reverse("ledgers:dashboard"))  # warm caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("ledgers:dashboard"))
    for n in range(40):
        s = named_studio(tree.a2 if n % 2 else tree.b1, by=tree.province, year=2015 + n % 10)
        activity(s, datetime.date(THIS, 1, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("ledgers:dashboard"))
    assert response.context["total"] == 44


def test_the_search_runs_a_constant_number_of_queries(client, tree, django_assert_max_num_queries):
    for _n in range(30):
        named_studio(tree.a1, by=tree.province, year=2020)
    client.force_login(tree.prov_reviewer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("ledgers:studio_search"), {"union": tree.province.pk})
    assert len(response.context["page"]) == 25


def test_each_dashboard_table_downloads_as_excel_with_its_numbers(client, tree, known):
    client.force_login(tree.prov_reviewer)
    response = client.get(reverse("ledgers:dashboard_xlsx", args=["studios_by_union"]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["甲集团公司工会"][1] == 3 and rows["乙集团公司工会"][1] == 2
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
