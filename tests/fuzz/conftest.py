"""The fuzz suite: bounded (a fixed number of examples per target, deterministic unless FUZZ_RANDOM=1
is set), no example database in the working tree, and a count of the cases run printed at the end."""

import os

import pytest
from hypothesis import HealthCheck, settings

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


@pytest.fixture
def world(tree):
    return build(tree)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if CASES["run"]:
        terminalreporter.write_line(f"fuzz: {CASES['run']} generated cases run")
