"""Celery tasks of the ledgers app: writing a large Excel export (ledgers/overview/exports.py).

Like the package task: acks_late with reject_on_worker_lost (a worker killed mid-write is
redone by another; the write is idempotent), transient database errors retried with back-off.
"""

import contextvars

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import translation

from .overview import exports


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, ConnectionError),
    retry_backoff=True,
    max_retries=3,
)
def write_export(self, export_id):
    def run():
        with translation.override(settings.LANGUAGE_CODE):
            export = exports.write(export_id)
        return export.pk if export else None

    if self.request.is_eager:
        # In-process (no REDIS_URL): a context of its own, as a worker would have (see studios.tasks).
        return contextvars.Context().run(run)
    return run()
