"""Two studios with their leads: A in grassroots union a1 (company A), B in b1 (company B)."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from ledgers.models import FundEntry
from tests.factories import StudioFactory, lead


@pytest.fixture
def studios(tree):
    a = StudioFactory(host_union=tree.a1, name="甲一张三劳模创新工作室", person_name="张三")
    a2 = StudioFactory(host_union=tree.a2, name="甲二李四劳模创新工作室", person_name="李四")
    b = StudioFactory(host_union=tree.b1, name="乙一王五劳模创新工作室", person_name="王五")
    return SimpleNamespace(a=a, a2=a2, b=b, a_lead=lead(a, "t_lead_a"), b_lead=lead(b, "t_lead_b"))


def income(studio, amount, date, source=FundEntry.Source.ADMINISTRATIVE):
    return FundEntry.objects.create(
        studio=studio, direction=FundEntry.Direction.INCOME, date=date, amount=Decimal(amount), source=source
    )


def expenditure(studio, amount, date, use=FundEntry.Use.ACTIVITIES):
    return FundEntry.objects.create(
        studio=studio, direction=FundEntry.Direction.EXPENDITURE, date=date, amount=Decimal(amount), use=use
    )


def days_ago(n):
    from django.utils import timezone

    return timezone.localdate() - datetime.timedelta(days=n)
