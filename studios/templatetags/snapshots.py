"""How a frozen application snapshot (plain JSON) is shown: figures by their names, times in Asia/Shanghai."""

import datetime

from django import template
from django.utils import timezone

from studios.hooks import figure_labels

register = template.Library()


@register.filter
def figure_rows(figures):
    """[(label, value)] of a snapshot's figures; a figure nobody named keeps no code word on the page."""
    labels = figure_labels()
    return [(labels[name], value) for name, value in (figures or {}).items() if name in labels]


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
