"""A cache of rendered overview figures that is never stale.

Entries are keyed by a data version that is bumped after every commit that changes
what the overview shows (studios, namings, applications, campaigns, grants, the
ledger rollups, the tree). A reader that sees the new version started after the
commit, so it computes from committed data; an entry built before the bump sits
under the old version and is never read again. Only with a shared cache (Redis,
when REDIS_URL is set): per-process caches could not see another worker's bump.
If the cache is unreachable, the figures are computed as if there were none.
"""

import logging

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

log = logging.getLogger(__name__)
VERSION_KEY = "overview:data-version"
TTL = 60 * 60
WATCHED = (
    "studios.Studio",
    "studios.Naming",
    "studios.Application",
    "studios.Campaign",
    "ledgers.StudioYear",
    "ledgers.LedgerSummary",
    "ledgers.FundGrant",
    "unions.Union",
)


def enabled():
    return getattr(settings, "OVERVIEW_CACHE", False)


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return version


def bump():
    """Invalidate every cached overview (call after commit)."""
    if not enabled():
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, 1, timeout=None)
    except Exception:  # an unreachable cache holds nothing that could be read as stale later
        log.warning("overview cache unreachable while invalidating", exc_info=True)


def cached(parts, build):
    """`build()`'s result for this key, computed at most once per data version."""
    if not enabled():
        return build()
    try:
        key = "overview:" + ":".join(str(p) for p in (*parts, _version()))
        value = cache.get(key)
    except Exception:
        log.warning("overview cache unreachable; computing", exc_info=True)
        return build()
    if value is None:
        value = build()
        try:
            cache.set(key, value, TTL)
        except Exception:
            log.warning("overview cache unreachable; not stored", exc_info=True)
    return value


def _changed(sender, **kwargs):
    transaction.on_commit(bump)


def connect():
    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"overview-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"overview-delete-{label}")
