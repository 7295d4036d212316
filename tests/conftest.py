"""Fixtures for every test: a three-level union tree with one account per role, and the browser.

Every test starts from the same process state, whatever ran before it (the suite runs in random
order, spread over processes): the language, the cache, the media root, Celery's eagerness and
the "七有" rows a transactional test's flush removes are put back around each test.
"""

import os
import shutil
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import timezone, translation
from guardian.shortcuts import clear_ct_cache

from tests.factories import make_union, member
from unions.models import Role, Union

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# "gw0", "gw1", … under pytest-xdist; "main" in a single process.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
# This process's own key space in a shared Redis (the cache, a real worker's broker queues).
KEYS = f"test-{WORKER}-{os.getpid()}"


# --- The same process state for every test --------------------------------------------


@pytest.fixture(autouse=True)
def _pinned_language():
    """The site's language, whatever a request of an earlier test activated (the locale middleware
    activates the visitor's choice in the thread and nothing deactivates it)."""
    translation.activate(settings.LANGUAGE_CODE)
    timezone.deactivate()
    yield
    translation.deactivate()
    timezone.deactivate()


def _clear_this_workers_keys(self):
    """RedisCache.clear() for the test run: only the keys of this worker's prefix. A FLUSHDB would
    take the Celery broker's queue (a real worker may be reading it) and the other workers' keys."""
    client = self._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
    return True


@pytest.fixture(scope="session", autouse=True)
def _cache_of_this_worker():
    """Each test process (a pytest-xdist worker, another checkout's run) has a key space of its own
    in a shared (Redis) cache, and clearing the cache clears that key space."""
    from django.core.cache.backends.redis import RedisCache
    from django.test import override_settings

    caches = {name: {**conf, "KEY_PREFIX": KEYS} for name, conf in settings.CACHES.items()}
    with override_settings(CACHES=caches), pytest.MonkeyPatch.context() as patch:
        patch.setattr(RedisCache, "clear", _clear_this_workers_keys)
        yield


def _clear_caches():
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _fresh_cache(_cache_of_this_worker):
    _clear_caches()
    yield
    _clear_caches()


@pytest.fixture(autouse=True)
def _fresh_guardian_cache():
    # guardian >= 3 caches ContentTypes; transactional tests flush them underneath it.
    clear_ct_cache()
    yield
    clear_ct_cache()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases; on PostgreSQL, sessions a test's threads left open are ended
    first, so that the test database can be dropped at the end of the run."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            if connection.vendor != "postgresql":
                continue
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture(scope="session", autouse=True)
def _db_blocker_for_hooks(request, django_db_blocker):
    request.config.stash[_BLOCKER] = django_db_blocker


_BLOCKER = pytest.StashKey()


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends with a flush of every table, and with it the "七有" set the data
    migration seeded: seed it again at once, so that no later test (on this worker, in any order)
    finds it missing (a teardown that failed too: its failure must not become the next test's)."""
    try:
        return (yield)
    finally:
        blocker = item.config.stash.get(_BLOCKER, None)
        # After the last test the test databases are gone already (and nothing is left to protect).
        if blocker is not None and nextitem is not None and _is_transactional(item):
            from tests.factories import ensure_seven_haves

            with blocker.unblock():
                ensure_seven_haves()


@pytest.fixture(autouse=True)
def _no_overview_cache(settings):
    # Tests roll their transactions back, so no commit ever bumps the data version:
    # the overview cache is tested on its own (tests/ledgers/test_overview_cache.py).
    settings.OVERVIEW_CACHE = False


@pytest.fixture
def media_root(tmp_path):
    """Where uploaded files go: a directory of the test's own (a module sharing one world of objects
    overrides this with the world's)."""
    return tmp_path / "media"


@pytest.fixture(autouse=True)
def _private_media(settings, media_root):
    settings.MEDIA_ROOT = media_root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


def build_tree():
    """province → company A (grassroots A1, A2), company B (grassroots B1), with accounts per role."""
    province = make_union(name="测试省总工会", code="prov", level=Union.Level.PROVINCIAL)
    company_a = make_union(province, name="甲集团公司工会", code="co-a", level=Union.Level.CITY_OR_COMPANY)
    company_b = make_union(province, name="乙集团公司工会", code="co-b", level=Union.Level.CITY_OR_COMPANY)
    a1 = make_union(company_a, name="甲一基层工会", code="a1")
    a2 = make_union(company_a, name="甲二基层工会", code="a2")
    b1 = make_union(company_b, name="乙一基层工会", code="b1")
    for u in (province, company_a, company_b, a1, a2, b1):
        u.refresh_from_db()
    return SimpleNamespace(
        province=province,
        company_a=company_a,
        company_b=company_b,
        a1=a1,
        a2=a2,
        b1=b1,
        prov_admin=member(province, Role.ADMIN, "t_prov_admin"),
        prov_head=member(province, Role.HEAD, "t_prov_head"),
        prov_reviewer=member(province, Role.REVIEWER, "t_prov_reviewer"),
        a_admin=member(company_a, Role.ADMIN, "t_a_admin"),
        a_head=member(company_a, Role.HEAD, "t_a_head"),
        a_reviewer=member(company_a, Role.REVIEWER, "t_a_reviewer"),
        b_reviewer=member(company_b, Role.REVIEWER, "t_b_reviewer"),
        b_admin=member(company_b, Role.ADMIN, "t_b_admin"),
        a1_staff=member(a1, Role.STAFF, "t_a1_staff"),
        a2_staff=member(a2, Role.STAFF, "t_a2_staff"),
        b1_staff=member(b1, Role.STAFF, "t_b1_staff"),
    )


def module_world(django_db_blocker, tmp_path_factory, make):
    """For a module-scoped fixture: `make(build_tree())` built once, in a transaction rolled back
    when the module is done (each test of the module still runs in a savepoint of its own), its
    files in a directory of its own: the module's `media_root` fixture returns `world.media_root`,
    and its `world` fixture `pristine(world)`."""
    from django.db import transaction
    from django.test import override_settings

    from config.celery import app

    media = tmp_path_factory.mktemp("world-media")
    storages = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    eager = app.conf.task_always_eager
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, STORAGES=storages, OVERVIEW_CACHE=False),
        translation.override(settings.LANGUAGE_CODE),
        transaction.atomic(),
    ):
        app.conf.task_always_eager = True  # the world's package compiles in-process
        try:
            world = make(build_tree())
        finally:
            app.conf.task_always_eager = eager
        world.media_root = media
        yield world
        transaction.set_rollback(True)


def pristine(world):
    """A copy of a shared world's objects for one test: what a test (or a form it fills) changes on
    them in memory stays with that test."""
    import copy

    return copy.deepcopy(world)


@pytest.fixture
def tree(db):
    """province → company A (grassroots A1, A2), company B (grassroots B1), with accounts per role."""
    return build_tree()


# --- Browser (Playwright driving Debian's Chromium) ------------------------------


def chromium_available():
    return os.path.exists(CHROMIUM) or shutil.which("chromium") is not None


def pytest_collection_modifyitems(config, items):
    if config.pluginmanager.hasplugin("xdist"):
        # Tests with a real Celery worker read the one broker queue: never two at once (--dist loadgroup).
        for item in items:
            if "worker" in item.keywords:
                item.add_marker(pytest.mark.xdist_group("celery-worker"))
    browser_items = [item for item in items if "browser" in item.keywords]
    if not browser_items or chromium_available():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"CI: Chromium is missing at {CHROMIUM}; the browser tests cannot run.")
    message = (
        f"\n\n*** Chromium not found at {CHROMIUM}: SKIPPING {len(browser_items)} BROWSER TESTS. "
        "Install it with `apt-get install chromium` to run them. ***\n"
    )
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter:
        reporter.write_line(message, red=True, bold=True)
    config._browser_skip_message = message
    skip = pytest.mark.skip(reason=f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    for item in browser_items:
        item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    message = getattr(config, "_browser_skip_message", None)
    if message:
        terminalreporter.write_line(message, red=True, bold=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def login_as(live_server, page, client):
    """Log a user into the browser page by copying a Django session cookie."""

    def _login(user):
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
        return page

    return _login


@pytest.fixture(autouse=True)
def _celery_in_process_unless_worker(request):
    """Tasks run in-process, except in tests marked `worker`, which start a real worker. Those
    keep their broker keys under a prefix of this process (queues, unacked jobs): another test run
    on the same Redis (a second checkout's CI) never takes their jobs, nor they its."""
    from config.celery import app

    eager = "worker" not in request.keywords
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager or previous
    if request.node.get_closest_marker("worker") is None:
        yield
        app.conf.task_always_eager = previous
        return
    options = app.conf.broker_transport_options
    app.conf.broker_transport_options = {**(options or {}), "global_keyprefix": f"{KEYS}:"}
    _fresh_broker_pools(app)
    try:
        yield
    finally:
        app.conf.broker_transport_options = options
        app.conf.task_always_eager = previous
        _fresh_broker_pools(app)
        if settings.REDIS_URL:  # the queues and bindings under the prefix go too
            import redis

            client = redis.Redis.from_url(settings.REDIS_URL)
            keys = list(client.scan_iter(match=f"{KEYS}:*", count=1000))
            if keys:
                client.delete(*keys)
            client.close()


def _fresh_broker_pools(app):
    """Connections and producers made under other transport options are not reused."""
    from kombu import pools

    pools.reset()
    app._pool = app.amqp._producer_pool = None
