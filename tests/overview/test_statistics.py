"""The yearly statistics (统计年报): figures of a subtree, filed as a frozen snapshot, drill-down, files."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from ledgers import statistics
from ledgers.models import Achievement, Member, Training, YearlyReport
from studios.models import NamingLevel, SkillLevel, Studio
from tests.factories import StudioFactory

from .helpers import achievement, activity, named_studio, spend, training

pytestmark = pytest.mark.django_db
YEAR = 2025


def section(figures, key):
    return {row[0]: row[1:] for row in figures["sections"][key]}


@pytest.fixture
def studios(tree):
    a = named_studio(tree.a1, by=tree.province, level=NamingLevel.PROVINCIAL, year=YEAR)
    b = StudioFactory(host_union=tree.b1, stage=Studio.Stage.CULTIVATING)
    activity(a, datetime.date(YEAR, 3, 1))
    activity(a, datetime.date(YEAR - 1, 3, 1))  # another year: not counted
    activity(b, datetime.date(YEAR, 5, 1))
    training(a, datetime.date(YEAR, 4, 1), headcount=30)
    achievement(a, datetime.date(YEAR, 6, 1), Achievement.Kind.PATENT, benefit=Decimal("12.5"))
    achievement(b, datetime.date(YEAR, 6, 1), Achievement.Kind.PROPOSAL)
    spend(a, datetime.date(YEAR, 7, 1), Decimal("800"))
    Member.objects.create(
        studio=a, name="甲", joined_on=datetime.date(YEAR - 2, 1, 1), skill_level=SkillLevel.TECHNICIAN
    )
    Member.objects.create(  # left during the year: not a member at its end
        studio=a,
        name="乙",
        joined_on=datetime.date(YEAR - 2, 1, 1),
        left_on=datetime.date(YEAR, 5, 1),
        skill_level=SkillLevel.TECHNICIAN,
    )
    return a, b


def test_the_provinces_figures_cover_its_subtree_and_the_year_only(tree, studios):
    figures = statistics.compute(tree.province, YEAR)
    assert figures["totals"]["studios"] == 2
    assert section(figures, "studio_stage") == {"named": [1], "cultivating": [1]}
    assert section(figures, "studio_level") == {"provincial": [1]}
    assert section(figures, "work")["activities"] == [2, 2]
    assert section(figures, "work")["training_headcount"] == [1, 30]
    assert section(figures, "achievements")["patent"] == [1, 1, "12.50"]
    assert section(figures, "achievements")["proposal"] == [1, 1, "0.00"]
    assert section(figures, "funds")["expenditure"] == [1, "800.00"]
    assert section(figures, "people")[SkillLevel.TECHNICIAN][1] == 1
    assert section(figures, "changes")["named"] == [1, 1]


def test_trainings_count_sessions_and_head_counts_summed(tree, studios):
    """场次 are the sessions a training record stands for; 人次 the head-counts summed."""
    a, b = studios
    training(a, datetime.date(YEAR, 8, 1), headcount=25, sessions=3)
    training(b, datetime.date(YEAR, 8, 2), headcount=10, sessions=2)
    training(b, datetime.date(YEAR - 1, 8, 2), headcount=99, sessions=9)  # another year
    work = section(statistics.compute(tree.province, YEAR), "work")
    assert work["trainings"] == [2, 1 + 3 + 2]
    assert work["training_headcount"] == [2, 30 + 25 + 10]
    assert statistics.studios_behind(tree.province, YEAR, "work", "trainings").count() == 2


def test_the_skill_promotions_of_the_years_trainings_are_counted(tree, studios):
    a, b = studios
    Training.objects.create(
        studio=a, date=datetime.date(YEAR, 5, 1), title="晋级培训", headcount=9, certified_count=4
    )
    Training.objects.create(
        studio=b, date=datetime.date(YEAR - 1, 5, 1), title="去年", headcount=9, certified_count=7
    )
    work = section(statistics.compute(tree.province, YEAR), "work")
    assert work["promotions"] == [1, 4]
    assert list(statistics.studios_behind(tree.province, YEAR, "work", "promotions")) == [a]


def test_achievements_are_counted_by_every_kind_the_unions_report(tree, studios):
    """专利, 技术革新, 合理化建议, 攻关项目, 成果转化, each with its economic benefit (万元) and drill-down."""
    a, _b = studios
    achievement(a, datetime.date(YEAR, 2, 1), Achievement.Kind.BREAKTHROUGH, benefit=Decimal("30"))
    achievement(a, datetime.date(YEAR, 3, 1), Achievement.Kind.TRANSFER, benefit=Decimal("120.5"))
    achievement(a, datetime.date(YEAR, 4, 1), Achievement.Kind.INNOVATION)
    kinds = section(statistics.compute(tree.province, YEAR), "achievements")
    assert {"patent", "innovation", "proposal", "breakthrough", "transfer"} <= set(kinds)
    assert kinds["breakthrough"] == [1, 1, "30.00"] and kinds["transfer"] == [1, 1, "120.50"]
    assert list(statistics.studios_behind(tree.province, YEAR, "achievements", "transfer")) == [a]
    labels = [
        row[0]
        for row in next(
            t for t in statistics.present(statistics.compute(tree.province, YEAR)) if t.key == "achievements"
        ).rows
    ]
    assert "攻关项目" in labels and "成果转化" in labels


def test_a_company_sees_only_its_own_branch(tree, studios):
    figures = statistics.compute(tree.company_b, YEAR)
    assert figures["totals"]["studios"] == 1
    assert section(figures, "work")["activities"] == [1, 1]
    assert section(figures, "achievements")["patent"] == [0, 0, "0.00"]


def test_a_filed_report_keeps_its_figures_when_the_ledgers_change_later(tree, studios):
    a, _b = studios
    report = statistics.file_report(union=tree.province, year=YEAR, by=tree.prov_head)
    activity(a, datetime.date(YEAR, 9, 1))
    report.refresh_from_db()
    assert section(report.figures, "work")["activities"] == [2, 2]
    assert section(statistics.compute(tree.province, YEAR), "work")["activities"] == [2, 3]


def test_filing_again_makes_a_new_version_and_keeps_the_old(tree, studios):
    first = statistics.file_report(union=tree.province, year=YEAR, by=tree.prov_head)
    second = statistics.file_report(union=tree.province, year=YEAR, by=tree.prov_head)
    assert (first.version, second.version) == (1, 2)
    assert statistics.latest_reports([tree.province], YEAR)[tree.province.pk] == second
    assert YearlyReport.objects.filter(union=tree.province, year=YEAR).count() == 2


def test_the_province_files_its_report_from_the_page(client, tree, studios):
    client.force_login(tree.prov_head)
    url = reverse("ledgers:statistics_file") + f"?union={tree.province.pk}"
    response = client.post(url, {"year": YEAR})
    report = YearlyReport.objects.get(union=tree.province, year=YEAR)
    assert response.status_code == 302 and response.url == reverse(
        "ledgers:statistics_report", args=[report.pk]
    )
    assert report.filed_by == tree.prov_head


def test_a_reviewer_may_see_the_figures_but_not_file(client, tree, studios):
    client.force_login(tree.prov_reviewer)
    page = client.get(reverse("ledgers:statistics") + f"?union={tree.province.pk}&year={YEAR}")
    assert page.status_code == 200 and 'id="file-report"' not in page.content.decode()
    url = reverse("ledgers:statistics_file") + f"?union={tree.province.pk}"
    assert client.post(url, {"year": YEAR}).status_code == 403
    assert not YearlyReport.objects.exists()


def test_the_parent_sees_every_union_below_that_files_grouped_by_level(client, tree, studios):
    """Grandchildren too, by level; a union with no studio below it files nothing and is not listed."""
    statistics.file_report(union=tree.company_a, year=YEAR, by=tree.a_head)
    statistics.file_report(union=tree.a1, year=YEAR, by=tree.a_head)
    groups = {g.level: g for g in statistics.filing_status(tree.province, YEAR)}
    assert list(groups) == ["city_company", "grassroots"]
    companies = groups["city_company"]
    assert [u.code for u, _r in companies.unions] == ["co-b", "co-a"]  # not filed first
    assert (companies.filed, companies.missing) == (1, 1)
    grassroots = groups["grassroots"]
    assert {u.code: r is not None for u, r in grassroots.unions} == {"a1": True, "b1": False}  # not a2

    client.force_login(tree.prov_head)
    url = reverse("ledgers:statistics_filings") + f"?union={tree.province.pk}&year={YEAR}"
    page = client.get(url).content.decode()
    rows = page[page.index('id="filings-grassroots"') :].split("</table>")[0]
    a1_row = rows[rows.index(tree.a1.name) :].split("</tr>")[0]
    b1_row = rows[rows.index(tree.b1.name) :].split("</tr>")[0]
    report = YearlyReport.objects.get(union=tree.a1)
    assert reverse("ledgers:statistics_report", args=[report.pk]) in a1_row
    assert "尚未填报" in b1_row and tree.a2.name not in page
    # The filed report of a grandchild opens for the province.
    assert client.get(reverse("ledgers:statistics_report", args=[report.pk])).status_code == 200
    summary = client.get(reverse("ledgers:statistics") + f"?union={tree.province.pk}&year={YEAR}")
    assert 'id="filing-summary"' in summary.content.decode()


def test_a_company_sees_the_filings_of_its_own_branch_only(client, tree, studios):
    statistics.file_report(union=tree.b1, year=YEAR, by=tree.prov_head)
    client.force_login(tree.a_head)
    url = reverse("ledgers:statistics_filings")
    page = client.get(url, {"union": tree.company_a.pk, "year": YEAR}).content.decode()
    assert tree.a1.name in page and tree.b1.name not in page
    assert client.get(url, {"union": tree.company_b.pk, "year": YEAR}).status_code == 404


def test_the_filings_page_runs_a_constant_number_of_queries(
    client, tree, studios, django_assert_max_num_queries
):
    from tests.factories import make_union

    client.force_login(tree.prov_head)
    url = reverse("ledgers:statistics_filings") + f"?union={tree.province.pk}&year={YEAR}"
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for n in range(6):
        union = make_union(tree.company_b, name=f"乙{n}基层工会", code=f"b-extra-{n}")
        named_studio(union, by=tree.province, year=YEAR, name=f"乙{n}工作室")
        statistics.file_report(union=union, year=YEAR, by=tree.prov_head)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "乙5基层工会" in page


def test_another_branch_cannot_open_a_filed_report(client, tree, studios):
    report = statistics.file_report(union=tree.company_a, year=YEAR, by=tree.a_head)
    client.force_login(tree.b_reviewer)
    for name in ("ledgers:statistics_report", "ledgers:statistics_xlsx", "ledgers:statistics_pdf"):
        assert client.get(reverse(name, args=[report.pk])).status_code == 404


def test_a_figure_drills_down_to_the_studios_behind_it(client, tree, studios):
    a, b = studios
    tables = {t.key: t for t in statistics.present(statistics.compute(tree.province, YEAR))}
    patents = next(row for row in tables["achievements"].rows if row[1].value == 1)
    client.force_login(tree.prov_reviewer)
    page = client.get(patents[1].url).content.decode()
    assert a.name in page and b.name not in page


def test_the_drill_down_stays_within_the_users_scope(client, tree, studios):
    client.force_login(tree.b_reviewer)
    url = reverse("ledgers:statistics_studios")
    query = {"union": tree.province.pk, "year": YEAR, "section": "work", "row": "activities"}
    assert client.get(url, query).status_code == 404


def test_the_report_downloads_as_excel_with_title_union_year_and_sections(client, tree, studios):
    report = statistics.file_report(union=tree.province, year=YEAR, by=tree.prov_head)
    client.force_login(tree.prov_reviewer)
    response = client.get(reverse("ledgers:statistics_xlsx", args=[report.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert str(YEAR) in str(sheet["A1"].value) and tree.province.name in values and YEAR in values
    assert sheet.freeze_panes == "B5"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight == 0  # 1 page wide
    assert sum(1 for v in values if v == 12.5) == 1  # the patents' economic benefit


def test_the_report_downloads_as_a_pdf(client, tree, studios):
    report = statistics.file_report(union=tree.province, year=YEAR, by=tree.prov_head)
    client.force_login(tree.prov_reviewer)
    response = client.get(reverse("ledgers:statistics_pdf", args=[report.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_statistics_page_runs_a_constant_number_of_queries(
    client, tree, studios, django_assert_max_num_queries
):
    for n in range(5):
        named_studio(tree.a2, by=tree.province, year=YEAR, name=f"工作室{n}")
    client.force_login(tree.prov_head)
    with django_assert_max_num_queries(30):
        assert (
            client.get(reverse("ledgers:statistics") + f"?union={tree.province.pk}&year={YEAR}").status_code
            == 200
        )
