"""The one number format of `unions/numbers.py`, for templates: `{% load numbers %}`.

`{{ amount|yuan }}` → "1,234.50"; `{{ amount|wan_yuan }}` (yuan in, 万元 out) → "12.35";
`{{ figure|number }}` → "12,345" for a count, "1,234.50" for a Decimal; `{{ cell.value|label }}` a
row label (a name, a year) as text.
"""

from django import template

from unions import numbers

register = template.Library()


@register.filter
def yuan(value):
    return numbers.amount(value)


@register.filter
def wan_yuan(value):
    return numbers.wan(value)


@register.filter
def number(value):
    return numbers.number(value)


@register.filter
def label(value):
    """A table's row label (a name, a year) read as text, never as an amount; "" for none."""
    return "" if value is None else str(value)
