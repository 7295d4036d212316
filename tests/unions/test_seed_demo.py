"""`seed_demo` builds a believable demo and running it twice changes nothing."""

import io

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import connection

from unions.models import Membership, Role, Union

pytestmark = pytest.mark.django_db

VOLATILE = {"last_login", "password", "created_at", "updated_at", "date_joined"}


def snapshot():
    """Every row of every project table, minus fields that record when a row was written."""
    from django.apps import apps

    rows = {}
    for model in apps.get_models():
        if model._meta.app_label not in {"unions", "studios", "ledgers", "auth", "guardian"}:
            continue
        data = serializers.serialize("python", model.objects.order_by("pk"))
        rows[model._meta.label] = [
            (d["pk"], {k: v for k, v in d["fields"].items() if k not in VOLATILE}) for d in data
        ]
    return rows


def test_seed_demo_builds_the_tree_and_one_account_per_role():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert Union.objects.filter(level=Union.Level.PROVINCIAL).count() == 1
    assert Union.objects.filter(level=Union.Level.CITY_OR_COMPANY).count() == 3
    assert Union.objects.filter(level=Union.Level.GRASSROOTS).count() >= 12
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {r.value for r in Role}
    assert "Demo-2026" in out.getvalue()


def test_seed_demo_twice_gives_the_same_database():
    call_command("seed_demo", stdout=io.StringIO())
    first = snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == first
    assert connection.is_usable()
