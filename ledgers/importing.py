"""A ledger's import in two steps, like onboarding's: `plan()` for the preview, `apply()` to save.

`plan()` reads the file (unions.imports), runs every row through the ledger's form, then says which
rows are new and which the ledger already holds (`services.held_positions`, the ledger's identity
fields), and finally runs the import itself in a transaction it always rolls back: whatever the
service would refuse (a funds row that would overdraw the balance, a second current lead) is named
now, by the file's row, and the preview shows only a file that will go in. `apply()` reads the file
again (the upload kept by unions/staging.py) and saves it through the same service in one
transaction; if the ledger has changed so that the file no longer fits, it saves nothing.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import excel, services

PREVIEW_ROWS = 20
SHOWN_COLUMNS = 4  # the first columns of the template, enough to know a row again


@dataclass
class Plan:
    errors: list = field(default_factory=list)
    new: list = field(default_factory=list)  # [(row number, cleaned row)]
    held: list = field(default_factory=list)  # [(row number, cleaned row)]: already in the ledger, skipped
    headers: list = field(default_factory=list)  # the headers of the columns the preview shows
    shown: dict = field(default_factory=dict)  # row number -> the values the preview shows

    @property
    def changes_nothing(self):
        return not self.new


def _checked(upload, *, spec, studio, context):
    """(parsed rows, cleaned rows ready for the service, errors)."""
    parsed, errors = excel.read_rows(upload, columns=spec.import_columns, context=context)
    cleaned, errors = excel.validate_rows(
        parsed, errors, lambda data: spec.form(data, studio=studio, instance=spec.model(studio=studio))
    )
    fields = spec.form._meta.fields
    rows = [{name: row[name] for name in fields if name in row} for row in cleaned]
    return parsed, rows, errors


def _refused(parsed, exc):
    """The file's row a service refused (RowRefused), as RowErrors."""
    number, _data, places = parsed[exc.index]
    name, letter = places.get(exc.field, ("", ""))
    return [excel.RowError(number, name, letter, message) for message in exc.messages]


def _shown(spec, row):
    """The first columns' values of a cleaned row as a person reads them (choices by their labels)."""
    values = []
    for column in spec.import_columns[:SHOWN_COLUMNS]:
        value = row.get(column.field)
        form_field = spec.form.base_fields.get(column.field)
        choices = dict(getattr(form_field, "choices", None) or ())
        if choices and not isinstance(value, list | tuple):
            value = choices.get(value, value)
        elif isinstance(value, list | tuple):
            value = len(value)
        elif isinstance(value, datetime.date):
            value = value.isoformat()  # as the template writes dates, whatever the language
        values.append("" if value is None else value)
    return values


def plan(upload, *, spec, studio, by, context):
    """Check the whole file against the ledger: errors by row and column, or what will be created and skipped."""
    parsed, rows, errors = _checked(upload, spec=spec, studio=studio, context=context)
    result = Plan(errors=errors, headers=[str(c.header) for c in spec.import_columns[:SHOWN_COLUMNS]])
    if errors:
        return result
    try:
        with transaction.atomic():
            try:
                spec.import_rows(studio=studio, rows=rows, by=by)
            finally:
                transaction.set_rollback(True)  # a dry run: the preview saves nothing
    except services.RowRefused as exc:
        result.errors = _refused(parsed, exc)
        return result
    held = set(
        services.held_positions(model=spec.model, studio=studio, rows=rows, identity=spec.import_identity)
    )
    for index, row in enumerate(rows):
        number = parsed[index][0]
        (result.held if index in held else result.new).append((number, row))
    result.shown = {
        number: _shown(spec, row) for number, row in result.new[:PREVIEW_ROWS] + result.held[:PREVIEW_ROWS]
    }
    return result


@transaction.atomic
def apply(upload, *, spec, studio, by, context):
    """Read the file again and save it whole through the ledger's service; ValidationError if it no longer fits."""
    parsed, rows, errors = _checked(upload, spec=spec, studio=studio, context=context)
    if errors:
        raise ValidationError(
            _("The file no longer fits the ledger; upload it again to see why."), code="stale"
        )
    try:
        return spec.import_rows(studio=studio, rows=rows, by=by)
    except services.RowRefused as exc:
        raise ValidationError(
            _("The file no longer fits the ledger; upload it again to see why."), code="stale"
        ) from exc
