"""Celery tasks of the studios app: compiling a nomination package; the daily assessment reminders.

The task is idempotent: it builds from the package's frozen list of applications, so a
redelivery (acks_late, reject_on_worker_lost: a worker killed mid-task is redone by
another) produces the same content, and a delivery for a package no longer queued or
compiling does nothing. Attempts are counted on the package row and capped, since
reject_on_worker_lost could otherwise loop. Transient database and connection errors
retry with back-off; anything else fails the package with a message, and the previous
file stays in place.
"""

import contextvars
import logging

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import translation
from django.utils.translation import gettext as _

from .packages.build import build_package
from .services import packages as services
from .services import reminders

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, ConnectionError)


class _Progress:
    """Writes percent and step to the package row whenever the percent moves."""

    def __init__(self, package_id):
        self.package_id, self.last = package_id, None

    def __call__(self, percent, step):
        if percent != self.last:
            self.last = percent
            services.report_progress(self.package_id, percent, step)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    max_retries=3,
)
def compile_package(self, package_id):
    if self.request.is_eager:
        # In-process (no REDIS_URL) the task runs inside the web request that queued it; give it a
        # context of its own, as a worker would have, so the request's per-request state (e.g. the
        # test run's N+1 detector) does not take the worker's queries for the view's.
        return contextvars.Context().run(_compile_with_retries, self, package_id)
    return _compile_with_retries(self, package_id)


def _compile_with_retries(self, package_id):
    in_process_retries = 0
    while True:
        last_try = self.request.retries + in_process_retries >= self.max_retries
        try:
            with translation.override(settings.LANGUAGE_CODE):
                return _compile(package_id, last_try=last_try)
        except TRANSIENT:
            if not self.request.is_eager or last_try:
                raise  # autoretry_for: queued again with back-off
            # In-process (no broker): Celery would raise the Retry into the web request; retry here.
            in_process_retries += 1


def _compile(package_id, *, last_try):
    package = services.start_compile(package_id)
    if package is None:
        return None
    try:
        built = build_package(package, progress=_Progress(package_id))
        services.finish_compile(package, built)
    except TRANSIENT as error:
        if not last_try:
            services.report_progress(package_id, 0, _("A temporary error; retrying shortly."))
            raise
        logger.exception("package %s: compile failed after retries", package_id)
        services.fail_compile(package_id, _failure_message(error))
    except Exception as error:  # a broken attachment or a bug: fail with a message, never loop
        logger.exception("package %s: compile failed", package_id)
        services.fail_compile(package_id, _failure_message(error))
    return package_id


def _failure_message(error):
    return _("Compiling failed: %(error)s. The previous package file, if any, is unchanged; try again.") % {
        "error": f"{type(error).__name__}: {error}"[:300]
    }


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def send_rectification_reminders():
    """Daily (CELERY_BEAT_SCHEDULE): the rectification reminders due today in Asia/Shanghai.

    Idempotent (services/reminders.py records each reminder sent, unique per assessment and
    kind): beat running it twice, a redelivery, `manage.py send_reminders` or the in-process
    daily run (studios/middleware.py) never send one twice."""
    return daily_reminders()


def daily_reminders():
    """The day's reminders, in the site's language: the task's body, and what `manage.py
    send_reminders` and the in-process daily run (no worker) call directly."""
    with translation.override(settings.LANGUAGE_CODE):
        return reminders.send_rectification_reminders()
