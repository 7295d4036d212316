"""How a frozen application snapshot (plain JSON) is shown: figures by their names in the one number
format (unions/numbers.py), times in Asia/Shanghai."""

import datetime

from django import template
from django.utils import timezone

from studios.hooks import figure_labels
from unions import numbers

# Figures that are money (a JSON snapshot holds them as "10000.00" on PostgreSQL, 10000.0 on SQLite).
MONEY_FIGURES = frozenset({"economic_benefit", "income", "expenditure", "balance"})

register = template.Library()


@register.filter
def figure_rows(figures):
    """[(label, value)] of a snapshot's figures; a figure nobody named keeps no code word on the page."""
    labels = figure_labels()
    return [(labels[name], _read(name, value)) for name, value in (figures or {}).items() if name in labels]


def _read(name, value):
    """A figure in the one number format: money to the cent, counts whole, with separators."""
    if name in MONEY_FIGURES:
        return numbers.amount(value) or "—"
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    return numbers.number(value)


@register.filter
def local_moment(value):
    """An ISO date-time stored in a snapshot (UTC), as the aware datetime of Asia/Shanghai."""
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return timezone.localtime(moment)
