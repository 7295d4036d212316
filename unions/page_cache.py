"""A cache of whole rendered pages, per person, that is never stale.

The main read pages (home, studio list and page, ledger lists, dashboard, reviewer
inbox) are wrapped in `@cached_page`. A page is stored under a key made of everything
its HTML depends on besides the data — the account, the path with its query string,
the language, today's date in Asia/Shanghai, the CSRF secret of the session (the
page's forms carry tokens that are valid for that secret only), whether htmx asked —
and of one data version for the whole site. The version is bumped:

- after the commit of every ORM save or delete (any model, but sessions, login
  attempts and last-login stamps),
- at the end of every non-GET request (so `update()` and bulk writes in a view count),
  but logging in or out and switching the language,
- at the end of every Celery task,
- by bulk writers outside requests (`seed_demo`, `seed_scale`, the rollup rebuild).

A reader that sees the new version started after the write, so it renders from
committed data; an entry rendered before the bump sits under the old version and is
never read again. Only with a shared cache (Redis, when REDIS_URL is set): a
per-process cache could not see another worker's bump. A request with messages
waiting to be shown is served fresh (and stores nothing); so is every request when
the cache is unreachable.

The rule of thumb for a view that wears `@cached_page`: its HTML depends only on the
database, the person, the URL, the language and the date. A view that writes on GET
or shows the time of day must not wear it.
"""

import functools
import hashlib
import logging

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

log = logging.getLogger(__name__)
VERSION_KEY = "pages:data-version"
IGNORED = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


def enabled():
    return getattr(settings, "PAGE_CACHE", False)


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return version


def bump():
    """Make every cached page old (call once the change is committed)."""
    if not enabled():
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, 1, timeout=None)
    except Exception:  # an unreachable cache holds nothing that could be read as stale later
        log.warning("page cache unreachable while invalidating", exc_info=True)


def bump_on_commit():
    """Bump once when the current transaction commits (at once outside a transaction)."""
    if connection.in_atomic_block and any(func is bump for _sids, func, _robust in connection.run_on_commit):
        return  # one bump per transaction, however many rows it writes
    transaction.on_commit(bump)


def _waiting_messages(request):
    storage = get_messages(request)
    waiting = bool(list(storage))
    storage.used = False  # looking is not showing: the messages stay for the page that shows them
    return waiting


def _key(request):
    user = getattr(request, "user", None)
    secret = request.META.get("CSRF_COOKIE")
    if request.method != "GET" or not (user and user.is_authenticated) or not secret:
        return None
    if _waiting_messages(request):
        return None
    parts = "\n".join(
        str(p)
        for p in (
            user.pk,
            request.get_host(),
            request.get_full_path(),
            get_language(),
            timezone.localdate().isoformat(),
            secret,
            request.headers.get("HX-Request", ""),
        )
    )
    return hashlib.sha256(parts.encode()).hexdigest()


def cached_page(view):
    """Serve the view's page from the cache while nothing it could show has changed."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not enabled():
            return view(request, *args, **kwargs)
        key = _key(request)
        if key is None:
            return view(request, *args, **kwargs)
        try:
            key = f"page:{_version()}:{key}"
            hit = cache.get(key)
        except Exception:
            log.warning("page cache unreachable; rendering", exc_info=True)
            return view(request, *args, **kwargs)
        if hit is not None:
            content_type, content = hit
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            try:
                cache.set(key, (response["Content-Type"], response.content), settings.PAGE_CACHE_TTL)
            except Exception:
                log.warning("page cache unreachable; not stored", exc_info=True)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper


def _saved(sender, update_fields=None, **kwargs):
    if sender._meta.label_lower in IGNORED or update_fields == frozenset({"last_login"}):
        return
    bump_on_commit()


def _deleted(sender, **kwargs):
    if sender._meta.label_lower not in IGNORED:
        bump_on_commit()


def _m2m_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        bump_on_commit()


def _task_finished(**kwargs):
    bump()


def connect():
    post_save.connect(_saved, dispatch_uid="page-cache-save")
    post_delete.connect(_deleted, dispatch_uid="page-cache-delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="page-cache-m2m")
    from celery.signals import task_postrun

    task_postrun.connect(_task_finished, dispatch_uid="page-cache-task", weak=False)


# POSTs that write nothing a page shows: logging in and out (a session, the last-login stamp and
# a login record — ignored above) and switching the language (a cookie, which is in the key).
WRITE_NOTHING_SHOWN = {"login", "logout", "set_language"}


class BumpAfterWritesMiddleware:
    """Every request that may write (POST, PUT, PATCH, DELETE) makes the cached pages old."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            match = request.resolver_match
            if not (match and match.view_name in WRITE_NOTHING_SHOWN):
                bump()
        return response
