"""The 七有 rules studios/ judges alone: 有标识, 有场所, 有制度 — each met and not met."""

import datetime

import pytest
from django.utils import translation

from studios import completeness
from studios.completeness import Status
from studios.models import EvidenceFile
from studios.services.studio import save_evidence_statement
from tests.factories import StudioFactory

from .helpers import attach, criterion

pytestmark = pytest.mark.django_db


@pytest.fixture
def studio(tree):
    return StudioFactory(host_union=tree.a1)


def verdict(studio, code):
    with translation.override("zh-hans"):
        return completeness.judge(studio, criterion(studio, code))


def test_a_new_studio_uses_the_seven_haves_set(studio):
    assert studio.criteria_set.code == "seven-haves"
    assert [c.name for c, _v in completeness.evaluate(studio)] == [
        "有标识",
        "有场所",
        "有经费",
        "有成员",
        "有制度",
        "有台帐",
        "有成果",
    ]


def test_identity_is_met_with_expertise_an_honour_and_a_plaque_photo(studio, tree):
    studio.person_expertise = "汽轮机振动诊断"
    studio.person_honours = ["national_model"]
    studio.save()
    attach(studio, "identity", tree.a1_staff, kind=EvidenceFile.Kind.PLAQUE_PHOTO)
    assert verdict(studio, "identity").status == Status.MET


def test_identity_accepts_a_skill_level_instead_of_an_honour(studio, tree):
    studio.person_expertise = "焊接"
    studio.person_skill_level = "senior_technician"
    studio.save()
    attach(studio, "identity", tree.a1_staff, kind=EvidenceFile.Kind.PLAQUE_PHOTO)
    assert verdict(studio, "identity").status == Status.MET


def test_identity_without_plaque_and_expertise_is_partly_met_and_says_what_is_missing(studio):
    result = verdict(studio, "identity")
    assert result.status == Status.PARTLY  # the person's name is there
    assert "挂牌照片" in "、".join(result.missing)
    assert any("专业特长" in m for m in result.missing)


def test_a_site_photo_does_not_count_as_a_plaque_photo(studio, tree):
    studio.person_expertise = "焊接"
    studio.person_honours = ["city_model"]
    studio.save()
    attach(studio, "identity", tree.a1_staff, kind=EvidenceFile.Kind.SITE_PHOTO)
    result = verdict(studio, "identity")
    assert result.status == Status.PARTLY
    assert len(result.missing) == 1


def test_site_is_met_with_address_area_equipment_and_a_site_photo(studio, tree):
    studio.site_address = "杭州市拱墅区 1 号"
    studio.site_area = 120
    studio.site_equipment = "电脑、投影仪"
    studio.save()
    attach(studio, "site", tree.a1_staff, kind=EvidenceFile.Kind.SITE_PHOTO)
    assert verdict(studio, "site").status == Status.MET


def test_site_with_nothing_is_missing_and_names_all_four_items(studio):
    result = verdict(studio, "site")
    assert result.status == Status.MISSING
    assert len(result.missing) == 4


def test_site_without_a_photo_is_partly_met(studio):
    studio.site_address = "杭州市拱墅区 1 号"
    studio.site_area = 120
    studio.site_equipment = "电脑"
    studio.save()
    result = verdict(studio, "site")
    assert result.status == Status.PARTLY
    assert result.missing == ["场所照片"]


def test_rules_are_met_with_a_document_of_each_of_the_seven_kinds(studio, tree):
    for kind in EvidenceFile.RuleKind.values:
        attach(studio, "rules", tree.a1_staff, kind=EvidenceFile.Kind.RULE_DOCUMENT, rule_kind=kind)
    assert verdict(studio, "rules").status == Status.MET


def test_rules_missing_one_kind_name_it_in_chinese(studio, tree):
    for kind in EvidenceFile.RuleKind.values[:-1]:
        attach(studio, "rules", tree.a1_staff, kind=EvidenceFile.Kind.RULE_DOCUMENT, rule_kind=kind)
    result = verdict(studio, "rules")
    assert result.status == Status.PARTLY
    assert result.missing == ["内部管理制度"]


def test_rules_without_any_document_are_missing(studio):
    result = verdict(studio, "rules")
    assert result.status == Status.MISSING
    assert len(result.missing) == 7


def test_the_studio_page_shows_what_is_still_missing(client, studio, tree):
    client.force_login(tree.a1_staff)
    page = client.get(f"/studios/{studio.pk}/").content.decode()
    assert "还缺：" in page
    assert "内部管理制度" in page


def test_evaluate_reads_every_criterion_in_one_query_with_the_verdicts_each_rule_gives_alone(
    studio, tree, django_assert_num_queries
):
    from ledgers.models import Member
    from studios.models import Criterion

    from .helpers import complete_identity_site_rules

    complete_identity_site_rules(studio, tree.a1_staff)
    Member.objects.create(studio=studio, name="带头人", role="lead", joined_on=datetime.date(2020, 1, 1))
    # A criterion without a rule, judged from its evidence (statement and file).
    extra = Criterion.objects.create(
        criteria_set=studio.criteria_set, code="extra", name="有其他", position=99
    )
    save_evidence_statement(studio=studio, criterion=extra, description="见附件")
    with translation.override("zh-hans"):
        with django_assert_num_queries(1):
            verdicts = completeness.evaluate(studio)
        alone = [
            (c, completeness.judge(studio, c))
            for c in Criterion.objects.filter(criteria_set=studio.criteria_set)
        ]
    assert verdicts == alone
    by_code = {c.code: v for c, v in verdicts}
    assert by_code["identity"].status == Status.MET and by_code["rules"].status == Status.MET
    assert by_code["members"].status == Status.PARTLY
    assert by_code["extra"].status == Status.PARTLY and by_code["extra"].missing == ["佐证材料"]


def test_evaluate_with_prefetched_criteria_reads_the_facts_in_one_query(
    studio, tree, django_assert_num_queries
):
    from studios.models import Criterion, Studio

    extra = Criterion.objects.create(
        criteria_set=studio.criteria_set, code="extra", name="有其他", position=99
    )
    save_evidence_statement(studio=studio, criterion=extra, description="见附件")
    expected = completeness.evaluate(studio)
    studio = (
        Studio.objects.select_related("criteria_set")
        .prefetch_related("criteria_set__criteria")
        .get(pk=studio.pk)
    )
    with django_assert_num_queries(1):
        assert completeness.evaluate(studio) == expected
