"""The world of objects in company A's branch, every text carrying a script payload.

`world` builds it for the test that asks; `shared_world` builds it once for a whole module (the
URL matrix walks it as eleven roles), inside a transaction rolled back after the module's last
test. Each test of that module still runs in a savepoint of its own, rolled back after it.
"""

import pytest

from tests.conftest import module_world

from .world import build
from .xss import PAYLOADS, infect, infect_unions_and_people


def infected_world(tree):
    infect_unions_and_people(tree)
    w = build(tree, tag=PAYLOADS[0])
    w.infected_fields = infect()
    return w


@pytest.fixture
def world(tree):
    return infected_world(tree)


@pytest.fixture
def plain_world(tree):
    """The same world with its texts as a person would write them."""
    return build(tree)


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """`world`, once for every test of the module."""
    yield from module_world(django_db_blocker, tmp_path_factory, infected_world)


@pytest.fixture(scope="module")
def shared_plain_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """`plain_world`, once for every test of the module."""
    yield from module_world(django_db_blocker, tmp_path_factory, build)
