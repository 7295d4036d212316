"""A snapshot's ledger figures read in the one number format, however the database stored them in JSON
(PostgreSQL's Decimal strings "10000.00", SQLite's floats)."""

from decimal import Decimal

from studios.templatetags.snapshots import figure_rows


def test_money_figures_read_with_separators_and_counts_whole():
    rows = dict(
        figure_rows(
            {
                "income": "10000.00",
                "expenditure": 9200.0,
                "balance": Decimal("800.5"),
                "economic_benefit": "12.50",
                "members": 12,
                "activities": "1234",
                "unknown_code_word": 3,
            }
        )
    )
    values = list(rows.values())
    assert "10,000.00" in values and "9,200.00" in values and "800.50" in values and "12.50" in values
    assert 12 not in values and "12" in values and "1,234" in values
    assert len(rows) == 6  # the name nobody labelled is left out
