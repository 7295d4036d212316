"""Excel import of the ledgers: the reader and the templates are unions.imports (every app's imports
read through it); the names the ledgers use are here."""

from unions.imports import (
    LAST_ROW,
    MAX_COLUMNS,
    MAX_ROWS,
    ImportColumn,
    RowError,
    as_date,
    as_text,
    choice,
    read_rows,
    read_sheets,
    template_response,
    validate_rows,
)

__all__ = [
    "LAST_ROW",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "ImportColumn",
    "RowError",
    "as_date",
    "as_text",
    "choice",
    "read_rows",
    "read_sheets",
    "template_response",
    "validate_rows",
]
