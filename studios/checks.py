"""System checks of studios/: every completeness rule a criterion names is registered.

A criterion whose rule code has no registered rule would silently be judged from its
evidence instead; a typo in a code must stop the site at start. The codes come from
two places: the criteria sets declared in code (the seeding migrations) and the
criteria stored in the database. The database may not be migrated yet (the check runs
before `migrate` too), or not be reachable: then only the declared sets are checked.
"""

import importlib

from django.core import checks
from django.db import DatabaseError

from . import completeness
from .models import Criterion

# The migrations that seed criteria sets, each with a list of (code, name, description, rule).
DECLARED_SETS = {"studios.migrations.0002_seven_haves": "SEVEN_HAVES"}


def register():
    checks.register(criterion_rules)


def declared_rules():
    """(where, criterion code, rule code) of every criterion of the sets declared in code."""
    rows = []
    for module_name, attribute in DECLARED_SETS.items():
        for code, _name, _description, rule in getattr(importlib.import_module(module_name), attribute):
            rows.append((f"{module_name}.{attribute}", code, rule))
    return rows


def stored_rules():
    """(criteria set code, criterion code, rule code) of the stored criteria; [] without the table."""
    try:
        return list(
            Criterion.objects.exclude(rule="")
            .order_by("criteria_set__code", "position")
            .values_list("criteria_set__code", "code", "rule")
        )
    except DatabaseError:
        return []


def criterion_rules(app_configs=None, **kwargs):
    rules = completeness.RULES
    known = ", ".join(sorted(rules))
    errors = []
    for where, code, rule in declared_rules():
        if rule and rule not in rules:
            errors.append(
                checks.Error(
                    f"Criterion {code!r} of {where} names the completeness rule {rule!r}, "
                    "which no app registers.",
                    hint=f"Registered rules: {known}. Correct the code or register the rule.",
                    id="studios.E001",
                )
            )
    for set_code, code, rule in stored_rules():
        if rule not in rules:
            errors.append(
                checks.Error(
                    f"Criterion {code!r} of the criteria set {set_code!r} in the database names the "
                    f"completeness rule {rule!r}, which no app registers.",
                    hint=f"Registered rules: {known}. Correct Criterion.rule or register the rule.",
                    id="studios.E002",
                )
            )
    return errors
