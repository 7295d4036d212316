"""The fuzz suite: bounded (a fixed number of examples per target, deterministic unless FUZZ_RANDOM=1
is set), no example database in the working tree, and a count of the cases run printed at the end."""

import os

import pytest
from hypothesis import HealthCheck, settings

from tests.conftest import module_world, pristine
from tests.security.world import build

CASES = {"run": 0}

settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "20")),
    deadline=None,
    database=None,
    derandomize=os.environ.get("FUZZ_RANDOM") != "1",
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
FUZZ = settings.get_profile("fuzz")


def count():
    CASES["run"] += 1


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world of tests/security, built once per module of the fuzz suite."""
    yield from module_world(django_db_blocker, tmp_path_factory, build)


@pytest.fixture
def world(shared_world, db):
    # Every generated case runs in a transaction rolled back after it, and each test in a savepoint.
    return pristine(shared_world)


@pytest.fixture
def media_root(shared_world):
    return shared_world.media_root


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if CASES["run"]:
        terminalreporter.write_line(f"fuzz: {CASES['run']} generated cases run")
