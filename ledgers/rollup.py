"""Keeping StudioYear and LedgerSummary current: refreshed from the ledger rows on every write.

A saved or deleted activity, training, achievement or fund entry refreshes its
(studio, year) — and the year it had before, if its date moved — in the same
transaction, so a rollback undoes both. Bulk work (imports, generated data) runs
inside `deferred()` and refreshes each touched (studio, year) once at the end;
`bulk_create` bypasses signals, so its callers call `rebuild()` afterwards. A shared activity
(of an alliance) refreshes every member studio it counts for; a change of an alliance's members
rebuilds the studios that joined or left (ledgers/alliances.py).
"""

import threading
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Max
from django.db.models.signals import post_delete, post_init, post_save

from . import figures
from .models import Achievement, Activity, Alliance, FundEntry, LedgerSummary, StudioYear, Training

LEDGERS = (Activity, Training, Achievement, FundEntry)
_local = threading.local()


def refresh(studio_id, years):
    """Recompute the rollup rows of one studio for the given years, and its summary."""
    years = {y for y in years if y}
    found = figures.by_studio_year([studio_id], years) if years else {}
    for year in years:
        values = found.get((studio_id, year))
        if values and any(values.values()):
            StudioYear.objects.update_or_create(studio_id=studio_id, year=year, defaults=values)
        else:
            StudioYear.objects.filter(studio_id=studio_id, year=year).delete()
    _refresh_summary(studio_id)


def refresh_figures(studio_ids, years):
    """Recompute the rollup rows of many studios for the given years in a fixed number of queries (the
    members a shared activity counts for; their summaries, dates of their own rows, do not change)."""
    years, studio_ids = {y for y in years if y}, set(studio_ids)
    if not years or not studio_ids:
        return
    found = figures.by_studio_year(studio_ids, years)
    StudioYear.objects.filter(studio_id__in=studio_ids, year__in=years).delete()
    StudioYear.objects.bulk_create(
        [
            StudioYear(studio_id=studio_id, year=year, **values)
            for (studio_id, year), values in found.items()
            if studio_id in studio_ids and year in years and any(values.values())
        ]
    )


def _refresh_summary(studio_id):
    latest = [
        m.objects.filter(studio_id=studio_id).aggregate(d=Max("date"))["d"] for m in (Activity, Training)
    ]
    last_achievement = Achievement.objects.filter(studio_id=studio_id).aggregate(d=Max("date"))["d"]
    dates = [d for d in (*latest, last_achievement) if d]
    LedgerSummary.objects.update_or_create(
        studio_id=studio_id,
        defaults={"last_entry_on": max(dates) if dates else None, "last_achievement_on": last_achievement},
    )


def refresh_many(pending):
    """`refresh` of many studios at once ({studio_id: years}): the same rows, in a fixed number of
    queries (a batch grant writes one income line in each of many studios)."""
    ids = list(pending)
    years = {y for ys in pending.values() for y in ys if y}
    found = figures.by_studio_year(ids, years) if years else {}
    StudioYear.objects.filter(studio_id__in=ids, year__in=years).delete()
    StudioYear.objects.bulk_create(
        [
            StudioYear(studio_id=s, year=y, **values)
            for (s, y), values in found.items()
            if y in years and any(values.values())
        ]
    )
    last = {studio_id: [None, None] for studio_id in ids}
    for model in (Activity, Training, Achievement):
        for studio_id, date in (
            model.objects.filter(studio_id__in=ids)
            .values_list("studio_id")
            .annotate(d=Max("date"))
            .order_by()
        ):
            entry = last[studio_id]
            entry[0] = max(filter(None, (entry[0], date)))
            if model is Achievement:
                entry[1] = date
    LedgerSummary.objects.filter(studio_id__in=ids).delete()
    LedgerSummary.objects.bulk_create(
        [LedgerSummary(studio_id=s, last_entry_on=e, last_achievement_on=a) for s, (e, a) in last.items()]
    )


def rebuild(studio_ids=None):
    """Recompute every rollup row (of the given studios) from the ledgers: after bulk inserts."""
    from studios.models import Studio

    studios = Studio.objects.all() if studio_ids is None else Studio.objects.filter(pk__in=studio_ids)
    ids = list(studios.values_list("pk", flat=True))
    StudioYear.objects.filter(studio_id__in=ids).delete()
    LedgerSummary.objects.filter(studio_id__in=ids).delete()
    years = figures.by_studio_year(ids)
    StudioYear.objects.bulk_create(
        [StudioYear(studio_id=s, year=y, **values) for (s, y), values in years.items()], batch_size=5000
    )
    last = {}
    for model in (Activity, Training, Achievement):
        for studio_id, date in (
            model.objects.filter(studio_id__in=ids).values_list("studio_id").annotate(d=Max("date"))
        ):
            entry = last.setdefault(studio_id, [None, None])
            entry[0] = max(filter(None, (entry[0], date)))
            if model is Achievement:
                entry[1] = date
    LedgerSummary.objects.bulk_create(
        [LedgerSummary(studio_id=s, last_entry_on=e, last_achievement_on=a) for s, (e, a) in last.items()],
        batch_size=5000,
    )
    from .overview.cache import bump  # bulk writes send no signals

    transaction.on_commit(bump)


@contextmanager
def deferred():
    """Collect the touched (studio, year)s of many writes and refresh each once at the end."""
    outer = getattr(_local, "pending", None)
    if outer is not None:
        yield
        return
    _local.pending = {}
    try:
        with transaction.atomic():
            yield
            pending, _local.pending = _local.pending, None
            if len(pending) > 1:
                refresh_many(pending)
            else:
                for studio_id, years in pending.items():
                    refresh(studio_id, years)
    finally:
        _local.pending = None


def _touched(studio_id, years):
    pending = getattr(_local, "pending", None)
    if pending is None:
        refresh(studio_id, years)
    else:
        pending.setdefault(studio_id, set()).update(years)


def _remember_year(sender, instance, **kwargs):
    instance._rollup_year = instance.date.year if getattr(instance, "date", None) else None
    instance._rollup_alliance = instance.__dict__.get("alliance_id")  # never loads a deferred field


def _shared_with(instance):
    """The other member studios a shared activity counts for (of its alliance now and before)."""
    alliances = {getattr(instance, "alliance_id", None), getattr(instance, "_rollup_alliance", None)} - {None}
    if not alliances:
        return set()
    members = Alliance.members.through.objects.filter(alliance_id__in=alliances)
    return set(members.values_list("studio_id", flat=True)) - {instance.studio_id}


def _touched_shared(instance, years):
    others = _shared_with(instance)
    pending = getattr(_local, "pending", None)
    if pending is None:
        refresh_figures(others, years)
    else:
        for studio_id in others:
            pending.setdefault(studio_id, set()).update(years)


def _saved(sender, instance, **kwargs):
    years = {instance.date.year, getattr(instance, "_rollup_year", None)}
    _touched(instance.studio_id, years)
    _touched_shared(instance, years)
    instance._rollup_year = instance.date.year
    instance._rollup_alliance = getattr(instance, "alliance_id", None)


def _deleted(sender, instance, **kwargs):
    years = {instance.date.year, getattr(instance, "_rollup_year", None)}
    _touched(instance.studio_id, years)
    _touched_shared(instance, years)


def connect():
    for model in LEDGERS:
        post_init.connect(_remember_year, sender=model, dispatch_uid=f"rollup-init-{model.__name__}")
        post_save.connect(_saved, sender=model, dispatch_uid=f"rollup-save-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"rollup-delete-{model.__name__}")
