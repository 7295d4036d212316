"""Fault injection: Redis down, a worker killed mid-compile, PostgreSQL restarted under the site.

Every test here is marked `fault` (run by `make test-faults`, a step of .ci/run of its own). The
scenarios that need the real services skip loudly when they are absent, except under CI, where a
missing service fails the run.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import ensure_seven_haves
from tests.security.world import build

ROOT = Path(__file__).resolve().parents[2]


def manage(env, *args, stdin=None):
    """Run `manage.py` with `env` (a site of its own); its standard output, or fail with its errors."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@contextlib.contextmanager
def gunicorn(env, log, *options):
    """Serve the site with gunicorn (`options` after the defaults) until the block ends; yields
    (base URL, server process) once /healthz/ answers."""
    port = closed_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", *options],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz/", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=20)


def closed_port():
    """A local TCP port nobody listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def needs(condition, reason):
    """Skip loudly when a real service is missing; under CI (CI=true) that fails the run instead."""
    if condition:
        return
    message = f"*** FAULT TEST SKIPPED: {reason} ***"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def on_postgres():
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def redis_url():
    return os.environ.get("REDIS_URL", "")


def have(program):
    return shutil.which(program) is not None


@pytest.fixture
def world(tree):
    ensure_seven_haves()  # a transactional test before may have flushed the migration's rows
    return build(tree)
