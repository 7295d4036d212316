"""The world of objects in company A's branch, every text carrying a script payload.

`world` builds it for the test that asks; `shared_world` builds it once for a whole module (the
URL matrix walks it as eleven roles), inside a transaction rolled back after the module's last
test. Each test of that module still runs in a savepoint of its own, rolled back after it.
"""

import pytest

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


def _module_world(django_db_blocker, tmp_path_factory, make):
    """Build `make(tree)` once, in a transaction rolled back when the module is done; its files in a
    directory of its own (the module's `media_root` fixture must return `world.media_root`)."""
    from django.conf import settings
    from django.db import transaction
    from django.test import override_settings
    from django.utils import translation

    from config.celery import app
    from tests.conftest import build_tree

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


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """`world`, once for every test of the module."""
    yield from _module_world(django_db_blocker, tmp_path_factory, infected_world)


@pytest.fixture(scope="module")
def shared_plain_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """`plain_world`, once for every test of the module."""
    yield from _module_world(django_db_blocker, tmp_path_factory, build)
