"""Fixtures for every test: a three-level union tree with one account per role, and the browser."""

import os
import shutil
from types import SimpleNamespace

import pytest
from guardian.shortcuts import clear_ct_cache

from tests.factories import make_union, member
from unions.models import Role, Union

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(autouse=True)
def _fresh_guardian_cache():
    # guardian >= 3 caches ContentTypes; transactional tests flush them underneath it.
    clear_ct_cache()
    yield
    clear_ct_cache()


@pytest.fixture(autouse=True)
def _criteria_after_flush(request):
    """Transactional tests flush the tables, and with them the 七有 set the data migration seeded."""
    marker = request.node.get_closest_marker("django_db")
    by_marker = bool(marker and marker.kwargs.get("transaction"))
    if by_marker or {"transactional_db", "live_server"} & set(request.fixturenames):
        from tests.factories import ensure_seven_haves

        request.getfixturevalue("_django_db_helper" if by_marker else "transactional_db")
        ensure_seven_haves()


@pytest.fixture(autouse=True)
def _no_overview_cache(settings):
    # Tests roll their transactions back, so no commit ever bumps the data version:
    # the overview cache is tested on its own (tests/ledgers/test_overview_cache.py).
    settings.OVERVIEW_CACHE = False


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture
def tree(db):
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


# --- Browser (Playwright driving Debian's Chromium) ------------------------------


def chromium_available():
    return os.path.exists(CHROMIUM) or shutil.which("chromium") is not None


def pytest_collection_modifyitems(config, items):
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
    """Tasks run in-process, except in tests marked `worker`, which start a real worker."""
    from config.celery import app

    eager = "worker" not in request.keywords
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager or previous
    yield
    app.conf.task_always_eager = previous
