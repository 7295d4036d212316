"""How dates, amounts and long opinions read on a printed document."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

# An opinion longer than this is printed in two parts: the first may run over a page, its last
# part (TAIL characters or so, cut at a sentence) stays on one page with the stamp box.
LONG_OPINION = 900
TAIL = 450


def as_date(value):
    """A date from a date, an aware datetime (its day in Asia/Shanghai) or an ISO string; else None."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            return None
        if value.tzinfo is None:
            return value.date()
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def long_date(value):
    """E.g. 2026年12月2日; empty for no date."""
    day = as_date(value)
    if day is None:
        return ""
    return _("%(year)s/%(month)s/%(day)s") % {"year": day.year, "month": day.month, "day": day.day}


def year_month(value):
    """E.g. 1975年6月 (出生年月); empty for no date."""
    day = as_date(value)
    if day is None:
        return ""
    return _("%(year)s/%(month)s") % {"year": day.year, "month": day.month}


def blank_date():
    """The date line a person fills in by hand."""
    return _("Year    Month    Day")


def split_opinion(text):
    """(before, tail): a long opinion cut at a sentence so that its tail stays with the stamp box."""
    text = (text or "").strip()
    if len(text) <= LONG_OPINION:
        return "", text
    cut = len(text) - TAIL
    stops = [text.rfind(mark, 0, cut) for mark in ("\n", "。", "；", ". ")]
    best = max(stops)
    if best > len(text) // 3:
        cut = best + 1
    return text[:cut].rstrip(), text[cut:].lstrip()
