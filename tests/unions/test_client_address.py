"""Behind the reverse proxy the README describes, every person shares the proxy's address: a
lockout must follow the address the proxy saw, so a stranger's wrong passwords never lock
the account's owner out from their own address."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from unions.client import address

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.1"


def meta(forwarded=None, remote=PROXY):
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert address(meta("203.0.113.7")) == PROXY


def test_behind_one_proxy_the_client_is_what_the_proxy_saw_not_what_it_claims(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert address(meta("203.0.113.7")) == "203.0.113.7"
    assert address(meta("6.6.6.6, 203.0.113.7")) == "203.0.113.7"  # the first entry is the client's own
    assert address(meta()) == PROXY  # not through the proxy


def test_behind_two_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert address(meta("6.6.6.6, 203.0.113.7, 10.0.0.9")) == "203.0.113.7"


def test_a_strangers_failures_behind_the_proxy_do_not_lock_the_owner_out(client, tree, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("login")
    victim = tree.a1_staff.username
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        client.post(
            url, {"username": victim, "password": "wrong"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6"
        )
    locked = client.post(
        url,
        {"username": victim, "password": "Test-pass-2026"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="6.6.6.6",
    )
    assert locked.status_code == 429  # the stranger's own address is locked for this account
    owner = client.post(
        url,
        {"username": victim, "password": "Test-pass-2026"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert owner.status_code == 302
