"""factory-boy factories shared by every test package."""

import factory
from django.contrib.auth import get_user_model

from unions import services
from unions.models import Union


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.cn")
    password = factory.django.Password("Test-pass-2026")


def make_union(parent=None, *, name=None, code=None, level=Union.Level.GRASSROOTS):
    """A union below `parent` (or a root), through the same service the app uses."""
    n = make_union.counter = getattr(make_union, "counter", 0) + 1
    name = name or f"测试工会{n}"
    code = code or f"u-{n}"
    if parent is None:
        return services.create_root_union(name=name, code=code, level=level)
    return services.add_child_union(parent=parent, name=name, code=code, level=level)


def member(union, role, username=None, **extra):
    """An account holding `role` on `union`."""
    user = UserFactory(**({"username": username} if username else {}), **extra)
    services.grant_role(user=user, union=union, role=role)
    return user


# --- studios (issue 3, studios half) ---------------------------------------------

import datetime as _dt  # noqa: E402

from studios.models import Studio, StudioType  # noqa: E402


class StudioFactory(factory.django.DjangoModelFactory):
    """A cultivating studio of the "七有" set; pass host_union (a grassroots union)."""

    class Meta:
        model = Studio

    name = factory.Sequence(lambda n: f"测试{n}号劳模创新工作室")
    person_name = factory.Sequence(lambda n: f"劳模{n}")
    kind = StudioType.TECHNICAL
    founded_on = _dt.date(2020, 3, 1)


def lead(studio, username=None, **extra):
    """An account that leads `studio` (guardian grants lead_studio and log_ledger)."""
    from studios.services.studio import assign_lead

    user = UserFactory(**({"username": username} if username else {}), **extra)
    assign_lead(studio=studio, user=user)
    return user


# --- ledgers (issue 3, ledgers half) ---------------------------------------------


def ensure_seven_haves():
    """Re-seed the "七有" set (data migration studios 0002) when a transactional test flushed it."""
    import importlib

    from django.apps import apps

    importlib.import_module("studios.migrations.0002_seven_haves").seed(apps, None)
