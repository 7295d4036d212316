"""PostgreSQL restarted while the site serves: requests in the gap fail cleanly (a plain 500, quickly, no
detail of the database), and the site recovers by itself once the database is back — the same gunicorn
process, its persistent connection found dead by the health check (CONN_HEALTH_CHECKS) and replaced.

A throwaway PostgreSQL cluster of our own (initdb in a temporary directory, on a free port) is stopped
and started; the shared cluster other tests use is never touched.
"""

import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import closed_port, gunicorn, have, manage, needs

pytestmark = pytest.mark.fault

ROOT = Path(__file__).resolve().parents[2]


def as_postgres(command):
    """Run PostgreSQL's tools as the postgres account when we are root (initdb refuses root)."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Cluster:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="faults-pg-"))
        self.port = closed_port()
        self.data, self.log = self.dir / "data", self.dir / "server.log"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.dir.chmod(0o755)
        subprocess.run(
            as_postgres(["initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync"]),
            check=True,
            capture_output=True,
        )

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            as_postgres(["pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "start"]),
            check=True,
            capture_output=True,
        )

    def stop(self):
        subprocess.run(
            as_postgres(["pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop"]),
            check=True,
            capture_output=True,
        )

    def remove(self):
        subprocess.run(
            as_postgres(["pg_ctl", "-D", str(self.data), "-m", "immediate", "stop"]), capture_output=True
        )
        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/site"


def site_env(cluster):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_SETTINGS", "REDIS"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY="faults-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=cluster.url,
        CONN_MAX_AGE="600",
    )
    return env


SETUP = """
from django.contrib.sessions.backends.db import SessionStore
from unions.models import User
user = User.objects.create_superuser("faults_admin", "a@example.cn", "x-unused-Password-1")
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def get(base, path, session):
    request = urllib.request.Request(base + path, headers={"Cookie": f"sessionid={session}"})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, response.read().decode(errors="replace"), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), time.monotonic() - started


@pytest.fixture
def cluster():
    needs(have("initdb") and have("pg_ctl"), "PostgreSQL's initdb and pg_ctl are needed")
    cluster = Cluster()
    try:
        cluster.start()
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "site"], check=True
        )
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture
def site(cluster, tmp_path):
    env = site_env(cluster)
    # With DEBUG off, pages name their static files through the manifest collectstatic writes.
    env["STATIC_ROOT"] = str(tmp_path / "static")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "migrate", "--noinput")
    session = manage(env, "shell", stdin=SETUP).split()[-1]
    with gunicorn(env, tmp_path / "gunicorn.log", "--workers", "1") as (base, server):
        yield base, session, server


PAGES = ["/", "/studios/", "/unions/", "/studios/campaigns/", "/studios/named/"]


def test_the_site_fails_cleanly_while_postgres_restarts_and_recovers_by_itself(cluster, site):
    base, session, server = site
    for path in PAGES:
        status, _body, _took = get(base, path, session)
        assert status == 200, path

    cluster.stop()
    for path in PAGES:
        status, body, took = get(base, path, session)
        assert status == 500, (path, status)
        assert took < 10, f"{path} hung for {took:.1f} s while the database was down"
        for detail in ("OperationalError", "Traceback", "psycopg", "127.0.0.1", "postgres"):
            assert detail not in body, f"{path} shows {detail!r} to the visitor"
    assert get(base, "/healthz/", session)[0] == 200  # the process itself is alive

    cluster.start()
    # The very first request after the restart already works: the dead connection is replaced.
    for path in PAGES:
        status, _body, _took = get(base, path, session)
        assert status == 200, (path, status)
    assert server.poll() is None, "gunicorn was not restarted: it recovered by itself"
