"""Every URL of the project, as every role, against a world of objects inside company A's branch.

Anonymous visitors go to the log-in page; a person outside the branch gets 403/404 and never a name of
the branch in the body, and their POST changes nothing; a person inside gets what their role allows.
Every stored text of the world carries a script payload, and no page shows it unescaped.
"""

import os

import pytest
from django.db import connection, transaction
from django.urls import reverse

from tests.conftest import pristine

from .matrix import MATRIX, OUTSIDERS, ROLES, url_names
from .world import MARKERS
from .writes import Writes, changed, fingerprint
from .xss import PAYLOADS

pytestmark = pytest.mark.django_db

# The instruments live in .writes; fingerprint and changed are still imported from here by other suites.
__all__ = ["Writes", "changed", "fingerprint"]


def user_of(world, role):
    return None if role == "anonymous" else getattr(world, role)


def request(client, method, url, data=None):
    """One request whose writes are rolled back, so that every request sees the same world."""
    with transaction.atomic():
        response = client.post(url, data or {}) if method == "POST" else client.get(url)
        transaction.set_rollback(True)
    return response


def body(response):
    if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
        return response.content.decode()
    return ""


def check_role(client, world, role):
    """All the URLs of the matrix for one role; returns (problems, number of URL variants checked)."""
    user = user_of(world, role)
    if user is not None:
        client.force_login(user)
    problems, checked = [], 0
    for name, page in MATRIX.items():
        for variant in page.variants(world):
            kwargs, query, allow = (*variant, page.allow)[:3]
            url = reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")
            checked += 1
            where = f"{role} {name} {url}"
            kind = (
                "anonymous"
                if role == "anonymous"
                else ("allow" if role in allow else "refuse" if role in page.refuse else "deny")
            )
            try:
                got = request(client, "GET", url)
            except Exception as error:  # a 500: report it with the others
                problems.append(f"{where}: GET raised {type(error).__name__}: {error}")
                continue
            problems += judge_get(where, kind, page, got)
            problems += judge_text(where, role, page, got)
            if kind == "anonymous" or page.public:
                continue
            problems += judge_post(client, world, where, role, kind, page, url)
    return problems, checked


def judge_get(where, kind, page, got):
    status = got.status_code
    if kind == "anonymous" and not page.public:
        if status != 302 or "/accounts/login/" not in got["Location"]:
            return [f"{where}: anonymous got {status}, not the log-in page"]
        return []
    expected = {
        "allow": (405,) if page.post_only else page.ok,
        "refuse": (405,) if page.post_only else (302, 403, 404),
        "deny": (405,) if page.post_only else (403, 404),
        "anonymous": page.ok,
    }[kind]
    if status not in expected:
        return [f"{where}: {kind}, GET expected {expected}, got {status}"]
    return []


def judge_text(where, role, page, got):
    text = body(got)
    problems = []
    for payload in PAYLOADS:
        if payload in text:
            problems.append(f"{where}: the raw payload {payload!r} is in the page")
    if role in OUTSIDERS or role == "anonymous":
        leaked = [m for m in MARKERS if m in text and m not in page.shows]
        if leaked:
            problems.append(f"{where}: shows {leaked} to someone outside the branch")
    if role == "expert":
        # The expert sees the one application assigned to them, and nothing else of the branch.
        leaked = [m for m in MARKERS if m in text and m != "甲一绝密工作室" and m not in page.shows]
        if leaked:
            problems.append(f"{where}: shows {leaked} to the expert")
    return problems


def judge_post(client, world, where, role, kind, page, url):
    """Allowed: never a 500. Refused or denied (and anyone of branch B): nothing changes."""
    data = page.data(world) if page.data else {}
    if kind == "allow" and role not in OUTSIDERS:
        try:
            got = request(client, "POST", url, data)
        except Exception as error:
            return [f"{where}: POST raised {type(error).__name__}: {error}"]
        if got.status_code >= 500:
            return [f"{where}: POST gave {got.status_code}"]
        return judge_text(where + " (POST)", role, page, got)
    writes = Writes()
    with transaction.atomic(), connection.execute_wrapper(writes):
        try:
            got = client.post(url, data)
        except Exception as error:
            transaction.set_rollback(True)
            return [f"{where}: POST raised {type(error).__name__}: {error}"]
        transaction.set_rollback(True)
    problems = judge_text(where + " (POST)", role, page, got)
    expected = {"allow": range(200, 500), "refuse": (302, 403, 404), "deny": (403, 404)}[kind]
    if got.status_code not in expected:
        problems.append(f"{where}: {kind}, POST expected {expected}, got {got.status_code}")
    if writes.labels():
        problems.append(f"{where}: a POST by {role} ({kind}) wrote to {writes.labels()}")
    return problems


@pytest.fixture
def world(shared_world):
    """The world is built once for this module (tests/security/conftest.py); every request of a
    test is rolled back, and each test runs in a savepoint of its own."""
    return pristine(shared_world)


@pytest.fixture
def media_root(shared_world):
    return shared_world.media_root


def test_every_url_of_the_project_is_in_the_matrix():
    names = {name for name, _route in url_names()}
    missing = sorted(names - set(MATRIX))
    assert not missing, f"URL names with no row in tests/security/matrix.py: {missing}"
    stale = sorted(set(MATRIX) - names)
    assert not stale, f"rows of the matrix for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_each_role_as_its_scope_allows_and_never_unescaped(client, world, role):
    problems, checked = check_role(client, world, role)
    report = os.environ.get("MATRIX_REPORT")
    if report:
        with open(report, "a") as out:
            out.write(f"{role} {checked}\n")
    assert not problems, f"{len(problems)} problems of {checked} URLs:\n" + "\n".join(problems)


# --- the instruments themselves --------------------------------------------------------------


def test_the_world_s_texts_reach_the_pages_escaped(client, world):
    client.force_login(world.a1_staff)
    page = client.get(reverse("studios:detail", args=[world.studio.pk])).content.decode()
    assert "甲一机密工作室&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert world.infected_fields >= 40


def test_the_change_detector_sees_a_lead_adding_a_member(client, world):
    client.force_login(world.lead)
    url = reverse("ledgers:add", kwargs={"studio_pk": world.studio.pk, "ledger": "members"})
    writes = Writes()
    with connection.execute_wrapper(writes):
        response = client.post(url, {"name": "新成员", "role": "member", "joined_on": "2025-01-02"})
    assert response.status_code == 302
    assert writes.labels() == ["ledgers.HistoricalMember", "ledgers.Member"]  # the row and its history


def test_the_change_detector_ignores_what_a_visit_writes_and_sees_the_grants(client, world):
    """A log-in (last_login, the session, axes' record), reading notices (read_at) and what a failed
    atomic block rolled back are no change; a grant is."""
    from guardian.shortcuts import assign_perm

    from unions.models import Notice

    writes = Writes()
    with connection.execute_wrapper(writes):
        client.force_login(world.a_reviewer)
        client.get(reverse("unions:notices"))
        Notice.objects.filter(user=world.a_reviewer).update(read_at=None)
        Notice.objects.filter(pk=-1).delete()  # touches no row
        try:
            with transaction.atomic():  # a service that fails half-way: its savepoint is rolled back
                Notice.objects.create(user=world.a_reviewer, text="半途")
                raise RuntimeError
        except RuntimeError:
            pass
    assert writes.labels() == []
    with connection.execute_wrapper(writes):
        assign_perm("studios.lead_studio", world.b1_staff, world.studio)
    assert writes.labels() == ["studios.StudioUserObjectPermission"]
