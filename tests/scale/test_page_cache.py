"""The page cache (unions/page_cache.py): repeat views come from it, nobody sees another's page,
and every write — through a form, the ORM, a bulk update in a request, a task — makes it old."""

import datetime
import re

import pytest
from celery.signals import task_postrun
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ledgers.models import Activity
from studios.models import Studio
from tests.factories import StudioFactory, lead
from unions import page_cache

pytestmark = pytest.mark.django_db(transaction=True)  # the version is bumped on commit


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "page-cache-test"}
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(tree):
    studio = StudioFactory(host_union=tree.a1, name="甲一缓存劳模创新工作室")
    other = StudioFactory(host_union=tree.b1, name="乙一缓存劳模创新工作室")
    return tree, studio, other, lead(studio, "t_cache_lead")


def ledger_url(studio):
    return reverse("ledgers:list", kwargs={"studio_pk": studio.pk, "ledger": "activities"})


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get("X-Page-Cache"), response.content.decode()


def warm(client, url):
    """A first view sets the CSRF cookie (no key without one), the next is stored, the third is a hit."""
    fetch(client, url)
    fetch(client, url)
    state, body = fetch(client, url)
    assert state == "hit"
    return body


def test_a_repeat_view_is_a_hit_and_a_form_post_makes_it_old(client, world):
    tree, studio, _other, lead_user = world
    client.force_login(lead_user)
    url = ledger_url(studio)
    assert "缓存后新增的活动" not in warm(client, url)
    add = reverse("ledgers:add", kwargs={"studio_pk": studio.pk, "ledger": "activities"})
    day = timezone.localdate().isoformat()
    response = client.post(add, {"kind": "exchange", "date": day, "topic": "缓存后新增的活动", "hours": "2"})
    assert response.status_code == 302, response.context["form"].errors
    state, body = fetch(client, url)
    assert state is None  # a message waits to be shown: served fresh, nothing stored
    assert "缓存后新增的活动" in body and "已保存" in body
    state, body = fetch(client, url)
    assert state == "miss" and "缓存后新增的活动" in body
    assert "已保存" not in body  # the message was shown once
    state, body = fetch(client, url)
    assert state == "hit" and "已保存" not in body


def test_an_orm_write_outside_any_request_makes_every_page_old(client, world):
    tree, studio, _other, lead_user = world
    client.force_login(lead_user)
    warm(client, ledger_url(studio))
    warm(client, reverse("studios:detail", args=[studio.pk]))
    Activity.objects.create(
        studio=studio, kind="other", date=timezone.localdate(), topic="后台写入的活动", hours=1
    )
    state, body = fetch(client, ledger_url(studio))
    assert state == "miss" and "后台写入的活动" in body
    assert fetch(client, reverse("studios:detail", args=[studio.pk]))[0] == "miss"


def test_a_bulk_update_inside_a_post_request_makes_pages_old(client, world):
    """update() sends no signal; the request that may have made it bumps the version as it ends."""
    tree, studio, _other, _lead = world
    client.force_login(tree.a1_staff)
    url = reverse("studios:detail", args=[studio.pk])
    warm(client, url)
    Studio.objects.filter(pk=studio.pk).update(name="改名后的工作室")  # no signal, no bump
    assert fetch(client, url)[0] == "hit"  # (outside a request: writers of this kind bump themselves)
    client.post(url)  # any POST (this one writes nothing itself)
    state, body = fetch(client, url)
    assert state == "miss" and "改名后的工作室" in body


def test_a_finished_task_makes_pages_old():
    before = page_cache._version()
    task_postrun.send(sender=None, task_id="t", task=None)
    assert page_cache._version() == before + 1


def test_logging_in_and_sessions_do_not_make_pages_old(client, world):
    tree, studio, _other, lead_user = world
    before = page_cache._version()
    response = client.post(reverse("login"), {"username": lead_user.username, "password": "Test-pass-2026"})
    assert response.status_code == 302  # last_login stamped, a session row written
    fetch(client, ledger_url(studio))
    assert page_cache._version() == before


def test_no_page_is_shared_between_people(client, world):
    tree, studio, other, lead_user = world
    url = reverse("studios:detail", args=[studio.pk])
    client.force_login(tree.a1_staff)
    mine = warm(client, url)
    assert tree.a1_staff.display_name in mine
    for outsider in (tree.b1_staff, tree.b_reviewer, tree.a2_staff):
        stranger = Client()
        stranger.force_login(outsider)
        assert stranger.get(url).status_code == 404, outsider.username
    colleague = Client()
    colleague.force_login(tree.a_reviewer)
    state, body = fetch(colleague, url)
    assert state is None and tree.a_reviewer.display_name in body and tree.a1_staff.display_name not in body


def test_the_language_is_part_of_the_key(client, world):
    tree, studio, _other, lead_user = world
    client.force_login(lead_user)
    url = ledger_url(studio)
    assert "活动" in warm(client, url)
    client.cookies["django_language"] = "en"
    state, body = fetch(client, url)
    assert state != "hit" and "Activity ledger" in body


def test_the_day_is_part_of_the_key(client, world, monkeypatch):
    tree, studio, _other, lead_user = world
    client.force_login(lead_user)
    url = ledger_url(studio)
    warm(client, url)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(page_cache.timezone, "localdate", lambda: tomorrow)
    assert fetch(client, url)[0] == "miss"


def test_the_forms_of_a_page_from_the_cache_still_pass_the_csrf_check(world):
    tree, studio, _other, lead_user = world
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead_user)
    body = warm(client, reverse("studios:detail", args=[studio.pk]))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302  # not 403
    assert client.get(reverse("studios:detail", args=[studio.pk])).status_code == 302  # logged out


def test_a_page_that_is_not_a_plain_200_is_never_stored(client, world):
    tree, studio, other, lead_user = world
    client.force_login(lead_user)
    url = ledger_url(other)  # another branch: 404
    for _ in range(3):
        assert client.get(url).status_code == 404
    assert page_cache._version() and not any(k for k in cache._cache if "page:" in k and "version" not in k)
