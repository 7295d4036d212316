"""A cache of whole rendered pages, per person, that is never stale.

The main read pages (home, studio list and page, ledger lists, dashboard, reviewer
inbox) wear `@cached_page`. A page is stored under a key made of everything its HTML
depends on besides the data — the account, the path with its query string, the
language, today's date in Asia/Shanghai, the CSRF secret of the session (its forms carry
tokens valid for that secret only), whether htmx asked, the release of the code — and of the current *versions*
of the data scopes it reads:

- ``all``: everything, bumped by any write this module does not know to be narrower;
- ``user:<id>``: the person's own notices;
- ``below:<path>``: the data of the studios under a union (a union's lists and figures);
- ``studio:<id>``: one studio's ledgers (its page and its ledger lists).

A write bumps the versions of the scopes it touches, once its transaction commits: an
entry in a studio's ledger bumps ``studio:<id>`` and ``below:`` every union above the
studio, so a lead logging in one studio leaves every other studio's pages, and the lists
of other branches, in the cache. Writes this module does not know bump ``all``:

- after the commit of every ORM save or delete of a model without a narrower scope
  (sessions, login records and last-login stamps are not data a page shows),
- at the end of every non-GET request (so `update()` and bulk writes in a view count) —
  but the views marked `@narrow_writes`, whose every write goes through the ORM's
  signals (the ledger entries), and logging in and out and switching the language,
- at the end of every Celery task,
- by bulk writers outside requests (`seed_demo`, `seed_scale`, the rollup rebuild).

A version is a fresh random token, never a counter: a version lost from the cache (evicted,
Redis restarted) comes back as a new token, so no page stored under an old one can match
again. A reader that sees a new version started after the write, so it renders committed
data; a page rendered before the bump sits under old versions and is never read again.
Only with a shared cache (Redis, when REDIS_URL is set): a per-process cache could not
see another worker's bump. If Redis is unreachable when a write bumps but comes back with
its data (a network blip, not a restart: these machines' Redis keeps nothing on disk), the
pages stored before could be served until they expire: PAGE_CACHE_TTL bounds that, and the
failed bump is logged as an error. A request with messages waiting to be shown is served fresh
(and stores nothing); so is every request when the cache is unreachable.

The rule for a view that wears `@cached_page`: its HTML depends only on the database,
the person, the URL, the language and the date, and the scopes it names cover every row
it reads. A view that writes on GET or shows the time of day must not wear it.
"""

import functools
import hashlib
import logging
import secrets

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

log = logging.getLogger(__name__)
ALL = "all"
VERSION_PREFIX = "pages:v:"
STEPLEN = 4  # the union tree's materialised path: 4 characters a level (treebeard's default)
IGNORED = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}

# Narrower scopes, filled by the apps that own the models (studios/ledgers register theirs):
# model label -> callable(instance) giving scope names or ("studio", id) references.
narrow_scopes = {}
# Resolvers of references made at write time, run once per transaction after it commits:
# kind -> callable(set of ids) -> {id: [scope names]}; an id it cannot place makes "all".
resolvers = {}
# Extra scopes a person's pages read beyond their unions' subtrees (a lead's own studio).
person_scopes = []


def enabled():
    return getattr(settings, "PAGE_CACHE", False)


def user_scope(user_id):
    return f"user:{user_id}"


def studio_scope(studio_id):
    return f"studio:{studio_id}"


def below_scopes(path):
    """The `below:` scope of the union at `path`, of every union above it and of the whole site."""
    return [f"below:{path[:end]}" for end in range(0, len(path) + 1, STEPLEN)]


# --- versions ------------------------------------------------------------------------------------


def _token():
    return secrets.token_hex(8)


@functools.cache
def release():
    """This release of the code: a digest of the templates, translations and Python sources.

    Part of every page's key, so a deploy never serves pages that older templates rendered.
    Every worker and machine of one release computes the same value (the same file contents);
    read once per process (~10 ms)."""
    root = settings.BASE_DIR
    digest = hashlib.sha256()
    for folder in ("templates", "locale", "config", "unions", "studios", "ledgers"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in (".html", ".txt", ".mo", ".py") and path.is_file():
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _versions(scopes):
    keys = [VERSION_PREFIX + s for s in scopes]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, _token(), timeout=None)
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def bump(scopes=(ALL,)):
    """Make every cached page that reads these scopes old (call once the change is committed)."""
    if not enabled():
        return
    try:
        cache.set_many({VERSION_PREFIX + s: _token() for s in scopes}, timeout=None)
    except Exception:
        # Pages stored before the outage and never bumped could be served again if this same cache
        # comes back with its data: at most for PAGE_CACHE_TTL. Say so loudly.
        log.error("page cache unreachable while invalidating %s", sorted(scopes), exc_info=True)


class _Pending:
    """The scopes written in the current transaction, bumped when it commits."""

    def __init__(self):
        self.scopes = set()
        self.refs = {}

    def add(self, items):
        for item in items:
            if isinstance(item, tuple):
                kind, pk = item
                self.refs.setdefault(kind, set()).add(pk)
            else:
                self.scopes.add(item)

    def __call__(self):
        scopes = set(self.scopes)
        if ALL not in scopes:
            for kind, ids in self.refs.items():
                placed = resolvers[kind](ids)
                if set(placed) != set(ids):
                    scopes.add(ALL)  # e.g. a studio deleted in the same transaction
                for names in placed.values():
                    scopes.update(names)
        bump(scopes if ALL not in scopes else (ALL,))


def bump_on_commit(items=(ALL,)):
    """Bump these scopes once the current transaction commits (at once outside a transaction).

    `items` are scope names or (kind, id) references resolved after the commit. One bump per
    transaction, however many rows it writes."""
    if not enabled():
        return
    for _sids, func, _robust in connection.run_on_commit:
        if isinstance(func, _Pending):
            func.add(items)
            return
    pending = _Pending()
    pending.add(items)
    transaction.on_commit(pending)


# --- reading -------------------------------------------------------------------------------------


def _waiting_messages(request):
    storage = get_messages(request)
    waiting = bool(list(storage))
    storage.used = False  # looking is not showing: the messages stay for the page that shows them
    return waiting


def reads_subtrees(request, **kwargs):
    """The scopes of a page about the person's unions: their notices, every granted union's subtree
    and what they hold one by one (a lead's studio)."""
    from . import access

    user = request.user
    scopes = [user_scope(user.pk)]
    if user.is_superuser:
        scopes.append("below:")  # the whole site
    for union in access.granted_unions_any(user):
        scopes.append(f"below:{union.path}")
    for provider in person_scopes:
        scopes += provider(user)
    return scopes


def reads_studio(request, *, studio_pk=None, pk=None, **kwargs):
    """The scopes of a page about one studio: its data, and the person's notices."""
    return [user_scope(request.user.pk), studio_scope(studio_pk if studio_pk is not None else pk)]


def _scopes(request, view_kwargs, reads):
    """The scopes this page reads. What depends on the person's grants (their unions, the studios they
    hold) is kept in the cache beside the version of `all` it was worked out under: every change of a
    grant bumps `all`, so it is recomputed then and read from the cache (no query) until then."""
    every = VERSION_PREFIX + ALL
    if reads is not reads_subtrees:
        return sorted({ALL, *reads(request, **view_kwargs)})
    memo_key = f"pages:scopes:{release()}:{request.user.pk}"
    found = cache.get_many([every, memo_key])
    version, memo = found.get(every), found.get(memo_key)
    if version is not None and memo is not None and memo[0] == version:
        return memo[1]
    scopes = sorted({ALL, *reads(request, **view_kwargs)})
    if version is not None:
        cache.set(memo_key, (version, scopes), settings.PAGE_CACHE_TTL)
    return scopes


def _lookup(request, view_kwargs, reads):
    """(key, versions, stored entry or None) of this request's page, or None when it is not cacheable.

    The page is stored under a key without the versions, beside the versions it was rendered
    under; one round trip reads it together with the current versions, and it is served only
    when they are all the same."""
    user = getattr(request, "user", None)
    secret = request.META.get("CSRF_COOKIE")
    if request.method != "GET" or not (user and user.is_authenticated) or not secret:
        return None
    if _waiting_messages(request):
        return None
    scopes = _scopes(request, view_kwargs, reads)
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
            release(),
            *scopes,
        )
    )
    key = "page:" + hashlib.sha256(parts.encode()).hexdigest()
    version_keys = [VERSION_PREFIX + s for s in scopes]
    found = cache.get_many([key, *version_keys])
    missing = [k for k in version_keys if k not in found]
    for version_key in missing:  # lost or never set: a fresh token, which no stored page holds
        cache.add(version_key, _token(), timeout=None)
    if missing:
        found.update(cache.get_many(missing))
    versions = tuple(found.get(k) for k in version_keys)
    return key, versions, found.get(key)


def cached_page(view=None, *, reads=reads_subtrees):
    """Serve the view's page from the cache while nothing in the scopes it `reads` has changed."""
    if view is None:
        return functools.partial(cached_page, reads=reads)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not enabled():
            return view(request, *args, **kwargs)
        try:
            found = _lookup(request, kwargs, reads)
        except Exception:
            log.warning("page cache unreachable; rendering", exc_info=True)
            return view(request, *args, **kwargs)
        if found is None:
            return view(request, *args, **kwargs)
        key, versions, stored = found
        if stored is not None and stored[0] == versions:
            _rendered_under, content_type, content = stored
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            try:
                cache.set(
                    key, (versions, response["Content-Type"], response.content), settings.PAGE_CACHE_TTL
                )
            except Exception:
                log.warning("page cache unreachable; not stored", exc_info=True)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper


# --- writing -------------------------------------------------------------------------------------


def _scopes_of(sender, instance):
    narrow = narrow_scopes.get(sender._meta.label)
    return narrow(instance) if narrow else (ALL,)


def _saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if sender._meta.label_lower in IGNORED or update_fields == frozenset({"last_login"}):
        return
    bump_on_commit(_scopes_of(sender, instance))


def _deleted(sender, instance, **kwargs):
    if sender._meta.label_lower not in IGNORED:
        bump_on_commit(_scopes_of(sender, instance))


def _m2m_changed(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        bump_on_commit(_scopes_of(type(instance), instance))


def _task_finished(**kwargs):
    bump()


def connect():
    post_save.connect(_saved, dispatch_uid="page-cache-save")
    post_delete.connect(_deleted, dispatch_uid="page-cache-delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="page-cache-m2m")
    from celery.signals import task_postrun

    task_postrun.connect(_task_finished, dispatch_uid="page-cache-task", weak=False)


def narrow_writes(view):
    """For a view whose every write goes through the ORM's signals (no update(), no bulk writes):
    its POSTs bump only the scopes those writes touch, not `all`."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        request._page_cache_narrow = True
        return view(request, *args, **kwargs)

    return wrapper


# POSTs that write nothing a page shows: logging in and out (a session, the last-login stamp and
# a login record — ignored above) and switching the language (a cookie, which is in the key).
WRITE_NOTHING_SHOWN = {"login", "logout", "set_language"}


class BumpAfterWritesMiddleware:
    """Every request that may write (POST, PUT, PATCH, DELETE) makes the cached pages old,
    but those of the views marked `@narrow_writes` and those that write nothing shown."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            match = request.resolver_match
            shown = not (match and match.view_name in WRITE_NOTHING_SHOWN)
            if shown and not getattr(request, "_page_cache_narrow", False):
                bump()
        return response
