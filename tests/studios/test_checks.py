"""The system check: every completeness rule a criterion names is registered, else the site stops at start."""

from unittest import mock

import pytest
from django.core import checks as django_checks
from django.db import OperationalError

from studios import checks
from studios.models import CriteriaSet, Criterion


@pytest.mark.django_db
def test_the_seeded_and_declared_criteria_name_only_registered_rules():
    assert Criterion.objects.exclude(rule="").exists()
    assert checks.criterion_rules() == []


def test_the_check_is_registered_with_django():
    assert checks.criterion_rules in django_checks.registry.registry.get_checks()


@pytest.mark.django_db
def test_a_stored_criterion_with_a_mistyped_rule_is_an_error():
    criteria_set = CriteriaSet.objects.create(code="six-goods", name="六好")
    Criterion.objects.create(criteria_set=criteria_set, code="members", name="有成员", rule="membrs")
    errors = checks.criterion_rules()
    assert [e.id for e in errors] == ["studios.E002"]
    assert isinstance(errors[0], django_checks.Error)
    assert "'membrs'" in errors[0].msg and "'six-goods'" in errors[0].msg


@pytest.mark.django_db
def test_a_criterion_without_a_rule_is_judged_from_evidence_and_is_no_error():
    criteria_set = CriteriaSet.objects.create(code="six-goods", name="六好")
    Criterion.objects.create(criteria_set=criteria_set, code="spirit", name="有精神", rule="")
    assert checks.criterion_rules() == []


def test_a_declared_set_with_a_mistyped_rule_is_an_error(monkeypatch):
    monkeypatch.setattr(checks, "stored_rules", lambda: [])
    monkeypatch.setattr(
        checks,
        "declared_rules",
        lambda: [("studios.migrations.0002_seven_haves.SEVEN_HAVES", "funds", "fund")],
    )
    errors = checks.criterion_rules()
    assert [e.id for e in errors] == ["studios.E001"]
    assert "'fund'" in errors[0].msg


def test_the_declared_seven_haves_are_read_from_the_seeding_migration():
    assert {rule for _where, _code, rule in checks.declared_rules()} == {
        "identity",
        "site",
        "funds",
        "members",
        "rules",
        "ledger",
        "results",
    }


def test_before_migrate_a_missing_table_is_no_error():
    with mock.patch.object(Criterion.objects, "exclude", side_effect=OperationalError("no such table")):
        assert checks.stored_rules() == []
        assert checks.criterion_rules() == []


@pytest.mark.django_db
def test_manage_py_check_stops_on_a_mistyped_rule():
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    criteria_set = CriteriaSet.objects.create(code="six-goods", name="六好")
    Criterion.objects.create(criteria_set=criteria_set, code="site", name="有场所", rule="sites")
    with pytest.raises(SystemCheckError, match="studios.E002"):
        call_command("check")
