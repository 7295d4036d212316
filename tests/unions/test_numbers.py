"""One number format: every amount a person reads has its thousands separated ("12,345.60"),
large sums of the dashboard and the statistics read in 万元, and no template prints a sum of money
but through the filters of unions/templatetags/numbers.py."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from ledgers.models import FundEntry, GrantSource
from ledgers.overview import grants
from tests.factories import lead
from tests.overview.helpers import named_studio
from unions import numbers

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# A variable of a template that holds money (or a figure beside money) by its name.
MONEY = re.compile(
    r"(amount|balance|income|expenditure|granted|spent|benefit|funds_used)(?!_on|_by)|cell\.value|^\s*v\s*$"
)
# What is no amount printed for a person: a form field's widget, name or id, or an input's raw value.
NOT_PRINTED = re.compile(r"as_crispy_field|\.html_name\b|\.auto_id\b|\.value\|default_if_none")
FILTERED = re.compile(r"\|(yuan|wan_yuan|number|label)\b")
# An amount of a thousand or more printed without separators: "12345.60".
BARE_AMOUNT = re.compile(r"(?<![\d,.])\d{4,}\.\d{1,2}(?![\d])")


def test_amounts_counts_and_wan():
    assert numbers.amount(Decimal("1234567.8")) == "1,234,567.80"
    assert numbers.amount(800) == "800.00"
    assert numbers.amount("12.5") == "12.50"
    assert numbers.amount(Decimal("-12345")) == "-12,345.00"
    assert numbers.amount(None) == numbers.amount("") == ""
    assert numbers.number(12345) == "12,345"
    assert numbers.number(Decimal("99999.995")) == "100,000.00"
    assert numbers.number("乙一基层工会") == "乙一基层工会"
    assert numbers.to_wan(Decimal("123456")) == Decimal("12.35")
    assert numbers.wan(Decimal("123456789")) == "12,345.68"
    rendered = Template("{% load numbers %}{{ a|yuan }} {{ a|wan_yuan }} {{ n|number }}").render(
        Context({"a": Decimal("1234567.80"), "n": 40000})
    )
    assert rendered == "1,234,567.80 123.46 40,000"


def test_no_template_prints_money_but_through_the_one_format():
    unformatted = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        if "floatformat" in text or "intcomma" in text:
            unformatted.append(f"{path.relative_to(TEMPLATES)}: floatformat/intcomma")
        # a blocktranslate's placeholder bound through the format (`with granted=x|yuan`) is formatted
        bound = set(re.findall(r"(\w+)=[^\s%]*\|(?:yuan|wan_yuan|number)\b", text))
        for expression in re.findall(r"\{\{(.*?)\}\}", text):
            variable = expression.split("|")[0]
            if variable.strip() in bound:
                continue
            if (
                MONEY.search(variable)
                and not FILTERED.search(expression)
                and not NOT_PRINTED.search(expression)
            ):
                unformatted.append(f"{path.relative_to(TEMPLATES)}: {{{{{expression}}}}}")
    assert not unformatted, "\n".join(unformatted)


@pytest.mark.django_db
def test_the_funds_ledger_the_grants_and_the_dashboard_read_with_separators(client, tree):
    studio = named_studio(tree.a1, by=tree.company_a, name="冯军劳模创新工作室")
    today = timezone.localdate()
    grants.grant_funds(  # also the studio's income in its funds ledger
        union=tree.company_a,
        studio=studio,
        year=today.year,
        amount=Decimal("123456.00"),
        purpose="创建经费",
        document_number="甲工发〔2026〕1号",
        source=GrantSource.UNION_FUNDS,
        granted_on=today - datetime.timedelta(days=1),
        by=tree.a_head,
    )
    FundEntry.objects.create(
        studio=studio,
        direction=FundEntry.Direction.EXPENDITURE,
        date=today,
        amount=Decimal("12345.60"),
        use=FundEntry.Use.ACTIVITIES,
    )
    client.force_login(lead(studio, "t_numbers_lead"))
    funds = client.get(f"/ledgers/studio/{studio.pk}/funds/").content.decode()
    assert "123,456.00" in funds and "12,345.60" in funds and "111,110.40" in funds
    assert not BARE_AMOUNT.findall(funds)
    client.force_login(tree.a_reviewer)
    granted = client.get(reverse("ledgers:grants")).content.decode()
    assert "123,456.00" in granted and not BARE_AMOUNT.findall(granted)
    response = client.get(reverse("ledgers:dashboard"))
    body = response.content.decode()
    assert "拨付创建经费（万元）" in body or "creation funds granted (10,000 yuan)" in body
    assert "12.35" in body  # 123,456 yuan granted this year, in 万元
    assert not BARE_AMOUNT.findall(body)
