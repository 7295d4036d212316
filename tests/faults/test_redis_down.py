"""Redis down (REDIS_URL pointing at a closed port): the pages keep working, and asking for a package
says the worker is unavailable and keeps the request; once Redis is back, the package compiles."""

import contextlib

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from studios.models import NominationPackage
from studios.models.review import Decision, VerdictChoice
from studios.services import reviews

from .conftest import closed_port

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]

P = NominationPackage.Status


@pytest.fixture
def redis_down(settings):
    """What REDIS_URL=redis://127.0.0.1:<closed port>/0 configures: the broker and the shared cache."""
    url = f"redis://127.0.0.1:{closed_port()}/0"
    settings.REDIS_URL = url
    settings.CACHES = {"default": {"BACKEND": "config.cache.RedisCache", "LOCATION": url}}
    settings.OVERVIEW_CACHE = True
    settings.SESSION_ENGINE = "config.sessions"
    with broker(url):
        yield url


@contextlib.contextmanager
def broker(url):
    """Point the Celery app at `url` with tasks sent to the broker (not run in-process)."""
    from kombu import pools as kombu_pools

    from config.celery import app

    def fresh_pools():
        kombu_pools.reset()  # the process-wide pools, keyed by broker URL
        app._pool = app.amqp._producer_pool = None

    names = ("broker_url", "broker_write_url", "broker_read_url", "task_always_eager")
    saved = {name: app.conf[name] for name in names}
    app.conf.update(broker_url=url, broker_write_url=url, broker_read_url=url, task_always_eager=False)
    fresh_pools()
    try:
        yield app
    finally:
        app.conf.update(saved)
        fresh_pools()


def two_moves_in_one_request():
    """The package is moved twice in the request (queued, then failed): two locked reads of one row,
    which the N+1 detector of the test run would take for a loop."""
    from zeal import zeal_ignore

    return zeal_ignore([{"model": "studios.NominationPackage", "field": "get()"}])


def recommend_in_review(w):
    verdicts = {c.pk: (VerdictChoice.MET, "") for c in w.campaign.criteria_set.criteria.all()}
    return reviews.record_review(
        application=w.in_review,
        by=w.a_reviewer,
        decision=Decision.RECOMMEND,
        score=90,
        reason="",
        verdicts=verdicts,
    )


def pages(w):
    return [
        (w.a_reviewer, reverse("home")),
        (w.a_reviewer, reverse("studios:list")),
        (w.a_reviewer, reverse("studios:detail", args=[w.studio.pk])),
        (w.a_reviewer, reverse("ledgers:dashboard")),
        (w.a_reviewer, reverse("ledgers:dashboard") + f"?union={w.company_a.pk}"),
        (w.a_reviewer, reverse("studios:ranking", args=[w.campaign.pk])),
        (w.a_reviewer, reverse("studios:package", args=[w.package.pk])),
        (w.a_reviewer, reverse("studios:packages")),
        (w.prov_head, reverse("ledgers:grants")),
        (w.lead, reverse("ledgers:list", kwargs={"studio_pk": w.studio.pk, "ledger": "activities"})),
    ]


def test_with_redis_down_every_page_still_answers(client, world, redis_down):
    for user, url in pages(world):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url


def test_with_redis_down_a_ledger_entry_is_saved_and_the_figures_follow(client, world, redis_down):
    client.force_login(world.lead)
    url = reverse("ledgers:add", kwargs={"studio_pk": world.studio.pk, "ledger": "members"})
    response = client.post(url, {"name": "断网新成员", "role": "member", "joined_on": "2025-01-02"})
    assert response.status_code == 302
    client.force_login(world.a_reviewer)
    assert (
        "断网新成员"
        in client.get(reverse("ledgers:list", args=[world.studio.pk, "members"])).content.decode()
    )


def test_with_redis_down_asking_for_a_package_says_the_worker_is_unavailable_and_loses_nothing(
    client, world, redis_down, settings
):
    app = recommend_in_review(world)
    client.force_login(world.a_reviewer)
    url = reverse("studios:package_compile_campaign", args=[world.campaign.pk])
    with two_moves_in_one_request():
        response = client.post(url, {"statement": "断网时提交的说明", "union": world.company_a.pk})
    assert response.status_code == 302
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "暂不可用" in said, said
    package = NominationPackage.objects.exclude(status=P.SENT).get(union=world.company_a)
    # The request is kept: its frozen list and statement are on the row, and it may be asked again.
    assert package.application_ids == [app.pk]
    assert package.statement == "断网时提交的说明"
    assert package.status == P.FAILED and "暂不可用" in package.error
    page = client.get(reverse("studios:package", args=[package.pk])).content.decode()
    assert "暂不可用" in page


def test_once_redis_is_back_the_same_request_compiles(client, world):
    recommend_in_review(world)
    client.force_login(world.a_reviewer)
    url = reverse("studios:package_compile_campaign", args=[world.campaign.pk])
    with broker(f"redis://127.0.0.1:{closed_port()}/0"), two_moves_in_one_request():
        client.post(url, {"statement": "第一次", "union": world.company_a.pk})
    package = NominationPackage.objects.exclude(status=P.SENT).get(union=world.company_a)
    assert package.status == P.FAILED
    # The worker is back (tasks in-process here): asking again compiles the kept request.
    response = client.post(url, {"statement": package.statement, "union": world.company_a.pk})
    assert response.status_code == 302
    package.refresh_from_db()
    assert package.status == P.READY, package.error
    assert package.statement == "第一次" and package.file


def test_with_redis_down_logging_in_and_out_works(client, world, redis_down):
    """Sessions live in the database; the cache in front of them is only a shortcut."""
    client.force_login(world.a_reviewer)
    first = client.get(reverse("studios:list"))
    again = client.get(reverse("studios:list"))
    assert first.status_code == again.status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("studios:list")).status_code == 302  # to the login page
