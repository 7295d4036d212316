"""The world of objects in company A's branch, every text carrying a script payload."""

import pytest

from .world import build
from .xss import PAYLOADS, infect, infect_unions_and_people


@pytest.fixture
def world(tree):
    infect_unions_and_people(tree)
    w = build(tree, tag=PAYLOADS[0])
    w.infected_fields = infect()
    return w


@pytest.fixture
def plain_world(tree):
    """The same world with its texts as a person would write them."""
    return build(tree)
