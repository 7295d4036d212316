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


def everything_version():
    return page_cache._versions([page_cache.ALL])[0]


def test_a_finished_task_makes_pages_old():
    before = everything_version()
    task_postrun.send(sender=None, task_id="t", task=None)
    assert everything_version() != before


def test_logging_in_and_sessions_do_not_make_pages_old(client, world):
    tree, studio, _other, lead_user = world
    before = everything_version()
    response = client.post(reverse("login"), {"username": lead_user.username, "password": "Test-pass-2026"})
    assert response.status_code == 302  # last_login stamped, a session row written
    fetch(client, ledger_url(studio))
    assert everything_version() == before


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
    assert not any(k for k in cache._cache if ":page:" in k)


# --- narrow scopes: a write makes old only the pages that could show it -----------------------


def add_activity(client, studio, topic):
    url = reverse("ledgers:add", kwargs={"studio_pk": studio.pk, "ledger": "activities"})
    day = timezone.localdate().isoformat()
    response = client.post(url, {"kind": "exchange", "date": day, "topic": topic, "hours": "1"})
    assert response.status_code == 302, response.context["form"].errors


def test_a_ledger_entry_makes_old_its_studio_and_the_lists_above_it_and_nothing_else(world):
    tree, studio, other, lead_user = world
    views = {
        "own studio page": (tree.a1_staff, reverse("studios:detail", args=[studio.pk])),
        "own ledger": (lead_user, ledger_url(studio)),
        "company A list": (tree.a_reviewer, reverse("studios:list")),
        "province list": (tree.prov_reviewer, reverse("studios:list")),
        "province dashboard": (tree.prov_reviewer, reverse("ledgers:dashboard")),
        "other studio page": (tree.b1_staff, reverse("studios:detail", args=[other.pk])),
        "other ledger": (tree.b1_staff, ledger_url(other)),
        "company B list": (tree.b_reviewer, reverse("studios:list")),
        "company B home": (tree.b_reviewer, reverse("home")),
    }
    clients = {}
    for name, (user, url) in views.items():
        clients[name] = Client()
        clients[name].force_login(user)
        warm(clients[name], url)
    writer = Client()
    writer.force_login(lead_user)
    add_activity(writer, studio, "只影响本工作室的活动")
    after = {name: fetch(clients[name], url)[0] for name, (_user, url) in views.items()}
    assert after == {
        "own studio page": "miss",
        "own ledger": "miss",
        "company A list": "miss",
        "province list": "miss",
        "province dashboard": "miss",
        "other studio page": "hit",
        "other ledger": "hit",
        "company B list": "hit",
        "company B home": "hit",
    }
    assert "只影响本工作室的活动" in fetch(clients["own ledger"], views["own ledger"][1])[1]


def test_a_write_the_cache_has_no_narrow_scope_for_makes_every_page_old(world):
    tree, studio, other, lead_user = world
    client = Client()
    client.force_login(tree.b1_staff)
    warm(client, reverse("studios:detail", args=[other.pk]))
    studio.name = "改了名字的甲一工作室"
    studio.save()  # a studio's own row: shown in lists everywhere above it, so `all`
    assert fetch(client, reverse("studios:detail", args=[other.pk]))[0] == "miss"


def test_reading_the_notices_clears_the_badge_on_cached_pages(client, world):
    from unions import notifications

    tree, studio, _other, lead_user = world
    notifications.notify([lead_user], "一条新通知", "/")
    client.force_login(lead_user)
    url = ledger_url(studio)
    body = warm(client, url)
    assert 'id="badge-1">通知 <span class="badge' in body
    client.get(reverse("unions:notices"))  # opening the page marks them read (an update(): no signal)
    state, body = fetch(client, url)
    assert state == "miss" and 'id="badge-1">通知 <span class="badge' not in body
    notifications.notify([lead_user], "又一条通知", "/")  # a bulk insert: no signal either
    state, body = fetch(client, url)
    assert state == "miss" and 'id="badge-1">通知 <span class="badge' in body


def test_a_version_lost_from_the_cache_never_brings_an_old_page_back(client, world):
    tree, studio, _other, lead_user = world
    client.force_login(lead_user)
    url = ledger_url(studio)
    warm(client, url)
    cache.delete_many([page_cache.VERSION_PREFIX + s for s in ("all", f"studio:{studio.pk}")])  # evicted
    assert fetch(client, url)[0] == "miss"


def test_an_import_makes_the_studio_s_pages_old_and_no_other(world):
    from tests.ledgers.test_excel import MEMBER_HEADER, post_import, workbook_bytes

    tree, studio, other, lead_user = world
    bystander = Client()
    bystander.force_login(tree.b1_staff)
    warm(bystander, ledger_url(other))
    client = Client()
    client.force_login(lead_user)
    url = reverse("ledgers:list", kwargs={"studio_pk": studio.pk, "ledger": "members"})
    warm(client, url)
    content = workbook_bytes([MEMBER_HEADER, ["导入的成员", "班长", "", "", "成员", "2023-01-02"]])
    assert post_import(client, studio, "members", content).status_code == 302
    fetch(client, url)  # the message "imported"
    state, body = fetch(client, url)
    assert state == "miss" and "导入的成员" in body
    assert fetch(bystander, ledger_url(other))[0] == "hit"


def test_a_new_role_widens_what_makes_the_person_s_pages_old(world):
    from unions import services
    from unions.models import Role

    tree, studio, other, _lead = world
    reviewer = Client()
    reviewer.force_login(tree.a_reviewer)
    url = reverse("studios:list")
    warm(reviewer, url)
    Activity.objects.create(studio=other, kind="exchange", date=timezone.localdate(), topic="乙", hours=1)
    assert fetch(reviewer, url)[0] == "hit"  # company B's ledgers are none of company A's lists
    services.grant_role(user=tree.a_reviewer, union=tree.company_b, role=Role.REVIEWER)
    state, body = fetch(reviewer, url)
    assert state == "miss" and other.name in body
    warm(reviewer, url)
    Activity.objects.create(studio=other, kind="exchange", date=timezone.localdate(), topic="乙二", hours=1)
    assert fetch(reviewer, url)[0] == "miss"  # now they are


def test_a_new_release_of_the_code_never_serves_pages_of_the_old_one(client, world, monkeypatch):
    tree, studio, _other, lead_user = world
    client.force_login(lead_user)
    url = ledger_url(studio)
    warm(client, url)
    assert len(page_cache.release()) == 16
    monkeypatch.setattr(page_cache, "release", lambda: "the-next-release")
    assert fetch(client, url)[0] == "miss"
