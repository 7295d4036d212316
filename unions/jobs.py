"""Handing a job to the Celery worker so that it never stays queued when it cannot start.

With the broker (Redis) unreachable the job is failed with a message to try again later; without
Redis the task runs in-process, inside the request, and whatever stops it fails the job too. Either
way `fail(message)` is called and the page shows the message instead of polling for ever.
"""

import logging

from kombu.exceptions import OperationalError as BrokerError

log = logging.getLogger(__name__)


def hand_to_worker(task, pk, *, fail, unavailable, failed):
    """`task.delay(pk)`; on a broker error `fail(unavailable)`, on any other error `fail(failed)`."""
    try:
        task.delay(pk)
    except (BrokerError, ConnectionError, OSError):
        log.warning("%s %s: the broker is unreachable; not queued", task.name, pk, exc_info=True)
        fail(unavailable)
    except Exception:
        log.exception("%s %s could not be started", task.name, pk)
        fail(failed)
