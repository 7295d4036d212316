"""Concurrent writers on the embedded default (SQLite, what `make run` uses): 16 clients for a bounded
time, 4 of them logging activities through the web form at once, the others reading pages, against
gunicorn with several workers and threads on one database file. No request may fail (no 500
`database is locked`), and every write the site accepted is in the ledger exactly once.
"""

import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from .conftest import gunicorn, manage

pytestmark = pytest.mark.fault

ROOT = Path(__file__).resolve().parents[2]
SECONDS = 8
WRITERS, READERS = 4, 12

SETUP = """
from django.contrib.sessions.backends.db import SessionStore
from django.middleware.csrf import _get_new_csrf_string
from studios.models import Studio
from unions.models import User
user = User.objects.create_superuser("writers_admin", "w@example.cn", "x-unused-Password-1")
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session.create()
print(session.session_key, _get_new_csrf_string(), Studio.objects.order_by("pk").first().pk)
"""

COUNT = """
from ledgers.models import Activity
import collections
topics = collections.Counter(Activity.objects.filter(topic__startswith="并发写入").values_list("topic", flat=True))
print(" ".join(f"{t}={n}" for t, n in topics.items()) or "-")
"""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def send(request):
    try:
        return urllib.request.build_opener(NoRedirect).open(request, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


@pytest.fixture
def site(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_SETTINGS", "REDIS"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY="faults-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    env.pop("DATABASE_URL_TEST", None)
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--quiet")
    session, secret, studio = manage(env, "shell", stdin=SETUP).split()[-3:]
    log = tmp_path / "gunicorn.log"
    options = ("--workers", "2", "--threads", "4", "--no-control-socket")
    with gunicorn(env, log, *options) as (base, _server):
        yield env, base, f"sessionid={session}; csrftoken={secret}", secret, int(studio), log


def test_concurrent_writers_on_sqlite_all_succeed_and_each_write_lands_once(site):
    env, base, cookie, secret, studio, log = site
    add = f"{base}/ledgers/studio/{studio}/activities/new/"
    pages = ["/", "/studios/", f"/studios/{studio}/", f"/ledgers/studio/{studio}/activities/", "/unions/"]
    statuses, accepted = [], []
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def writer(n):
        i = 0
        while time.monotonic() < deadline:
            i += 1
            topic = f"并发写入-{n}-{i}"
            data = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": secret,
                    "kind": "exchange",
                    "date": "2026-06-01",
                    "topic": topic,
                    "hours": "1",
                }
            ).encode()
            status = send(urllib.request.Request(add, data=data, headers={"Cookie": cookie, "Referer": base}))
            with lock:
                statuses.append(("POST", status))
                if status == 302:
                    accepted.append(topic)

    def reader(n):
        i = n
        while time.monotonic() < deadline:
            i += 1
            status = send(urllib.request.Request(base + pages[i % len(pages)], headers={"Cookie": cookie}))
            with lock:
                statuses.append(("GET", status))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    threads += [threading.Thread(target=reader, args=(n,)) for n in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    failed = [s for s in statuses if s[1] not in (200, 302)]
    assert not failed, (
        f"{len(failed)} of {len(statuses)} requests failed: {failed[:10]}\n{log.read_text()[-3000:]}"
    )
    assert len(accepted) >= WRITERS * 2, "the writers hardly wrote: this would prove little"
    last_line = manage(env, "shell", stdin=COUNT).strip().splitlines()[-1]
    stored = dict(pair.rsplit("=", 1) for pair in last_line.split() if pair != "-")
    assert sorted(stored) == sorted(accepted), "an accepted write is missing, or one nobody sent is there"
    assert set(stored.values()) == {"1"}, "a write landed twice"
    print(f"{len(statuses)} requests, {len(accepted)} activities written, none failed")
