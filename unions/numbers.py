"""How a number reads, wherever a person reads it: pages, documents, the text of exports.

One format: thousands separated by commas, money to the cent ("1,234,567.80"), counts whole
("12,345"). Large figures (the dashboard, the yearly statistics) are given in 万元 (10,000
yuan) by `to_wan`, kept as numbers so that Excel still adds them. Templates use the filters of
`unions/templatetags/numbers.py` (`yuan`, `wan_yuan`, `number`); Excel cells take numbers with
the formats of `unions/excel.py`. Guarded by `tests/unions/test_numbers.py`.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
WAN = Decimal(10000)


def _decimal(value):
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


def amount(value, places=2):
    """1234567.8 → "1,234,567.80"; "" for no value."""
    number = _decimal(value)
    if number is None:
        return ""
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{number:,.{places}f}"


def to_wan(value):
    """An amount in yuan as a number of 万元 to the 0.01 (a Decimal; 0 for none)."""
    number = _decimal(value) or Decimal(0)
    return (number / WAN).quantize(CENT, rounding=ROUND_HALF_UP)


def wan(value):
    """An amount in yuan read in 万元: 1234567.8 → "123.46"."""
    return "" if _decimal(value) is None else amount(to_wan(value))


def number(value):
    """A count whole ("12,345"), a Decimal or a float to the cent ("1,234.50"), other values as
    they are (a label, a dash)."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal | float):
        return amount(value)
    return str(value)
