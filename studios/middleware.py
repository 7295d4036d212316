"""The daily reminders without Celery beat: the embedded default (no REDIS_URL, tasks in-process).

With no worker and no beat, nothing would wake up each morning to send the rectification
reminders. This middleware (on when settings.REMINDERS_ON_REQUEST, by default exactly when there
is no REDIS_URL) runs them once per local day (Asia/Shanghai) in each web process, after the
first response of that day has been built. On every other request it costs one comparison of
two datetimes. The run itself is idempotent (each reminder sent is recorded, unique per
assessment and kind), so several processes, a restart or `manage.py send_reminders` from cron
beside it never send a reminder twice. A failed run is tried again an hour later and never
breaks the page.
"""

import datetime
import logging
import threading

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.utils import timezone

log = logging.getLogger(__name__)

RETRY_AFTER = datetime.timedelta(hours=1)

_lock = threading.Lock()
_next_run = None  # an aware datetime: the next time this process runs the reminders


def _start_of_next_local_day(now):
    local = timezone.localtime(now)
    tomorrow = local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()), local.tzinfo)


def run_if_due(now=None):
    """Run the day's reminders unless this process already did today; True when it ran them."""
    global _next_run
    now = now or timezone.now()
    if _next_run is not None and now < _next_run:
        return False
    if not _lock.acquire(blocking=False):  # another thread of this process is running them
        return False
    try:
        if _next_run is not None and now < _next_run:
            return False
        from .tasks import daily_reminders

        try:
            daily_reminders()
        except Exception:
            log.exception("the daily assessment reminders failed; trying again in an hour")
            _next_run = now + RETRY_AFTER
            return False
        _next_run = _start_of_next_local_day(now)
        return True
    finally:
        _lock.release()


def forget():
    """Forget this process's last run (for tests)."""
    global _next_run
    _next_run = None


class DailyRemindersMiddleware:
    def __init__(self, get_response):
        if not getattr(settings, "REMINDERS_ON_REQUEST", False):
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        run_if_due()
        return response
