"""Fault injection: Redis down, a worker killed mid-compile, PostgreSQL restarted under the site.

Every test here is marked `fault` (run by `make test-faults`, a step of .ci/run of its own). The
scenarios that need the real services skip loudly when they are absent, except under CI, where a
missing service fails the run.
"""

import os
import shutil
import socket

import pytest
from django.conf import settings

from tests.factories import ensure_seven_haves
from tests.security.world import build


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
