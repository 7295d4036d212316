"""A record's change history as people read it: who, when, what changed from what to what.

The history itself is kept by django-simple-history (`history = HistoricalRecords()` on the
model, the user taken from the request by its middleware). `change_log(instance)` turns
those snapshots into entries for the page `templates/history/changes.html` shows: field
names in the reader's language, choice labels instead of codes, related objects by name,
dates in Asia/Shanghai, and a voiding (作废) as its own kind of entry with its reason.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

# Fields a person did not type: bookkeeping of the row or of the history itself.
HIDDEN = {"id", "created_at", "updated_at", "created_by", "voided_at", "voided_by", "void_reason"}
EMPTY = "—"


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime.datetime  # aware; the template shows it in Asia/Shanghai
    who: str
    kind: str  # created / changed / voided / deleted
    kind_label: str
    reason: str = ""
    changes: list[Change] = field(default_factory=list)


KIND_LABELS = {
    "created": lambda: _("Created"),
    "changed": lambda: _("Changed"),
    "voided": lambda: _("Voided"),
    "deleted": lambda: _("Deleted"),
}


def change_log(instance, labels=None):
    """The entries of `instance`'s history, oldest first.

    `labels` maps a field name to a function value → text, for values the field cannot
    name itself (e.g. a JSON list of honour codes).
    """
    labels = labels or {}
    records = list(instance.history.select_related("history_user").order_by("history_date", "history_id"))
    model = type(instance)
    kept = {f.attname for f in instance.history.model._meta.concrete_fields}  # less excluded_fields
    fields = [f for f in model._meta.concrete_fields if f.name not in HIDDEN and f.attname in kept]
    names = _related_names(model, fields, records)
    entries, previous = [], None
    for record in records:
        who = record.history_user.display_name if record.history_user else _("the system")
        if previous is None or record.history_type == "+":
            kind = "created"
        elif record.history_type == "-":
            kind = "deleted"
        elif getattr(record, "voided_at", None) and not getattr(previous, "voided_at", None):
            kind = "voided"
        else:
            kind = "changed"
        changes = []
        if previous is not None:
            for f in fields:
                old, new = getattr(previous, f.attname), getattr(record, f.attname)
                if old != new:
                    changes.append(
                        Change(
                            str(f.verbose_name), _text(f, old, names, labels), _text(f, new, names, labels)
                        )
                    )
        if kind != "changed" or changes:
            entries.append(
                Entry(
                    when=record.history_date,
                    who=who,
                    kind=kind,
                    kind_label=KIND_LABELS[kind](),
                    reason=getattr(record, "void_reason", "") if kind == "voided" else "",
                    changes=changes,
                )
            )
        previous = record
    return entries


def _related_names(model, fields, records):
    """{(model, pk): name} of every related object a record points at: one query per relation."""
    names = {}
    for f in fields:
        if isinstance(f, models.ForeignKey):
            pks = {getattr(r, f.attname) for r in records} - {None}
            related = f.related_model._base_manager.in_bulk(pks) if pks else {}
            names.update({(f.related_model, pk): str(obj) for pk, obj in related.items()})
    return names


def _text(f, value, names, labels):
    if f.name in labels:
        return labels[f.name](value) or EMPTY
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(f, models.ForeignKey):
        return names.get((f.related_model, value), EMPTY)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:,}"  # as many decimals as the field keeps, thousands grouped
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)
