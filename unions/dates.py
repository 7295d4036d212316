"""Periods every app counts in, defined once.

"The last 12 months" on a day are the days after the same date a year earlier, up to
and including that day: on 10 March 2026, 11 March 2025 to 10 March 2026. A year
before 29 February is 28 February.
"""

import datetime


def year_before(today):
    """The same day one year earlier (28 February for 29 February)."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return today.replace(year=today.year - 1, day=28)


def years_after(day, years):
    """The same day `years` later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def last_12_months(today):
    """(first day, last day) of the last 12 months up to `today`, both included."""
    return year_before(today) + datetime.timedelta(days=1), today
