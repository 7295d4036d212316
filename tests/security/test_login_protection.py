"""Log-in protection: lockout after repeated failures, password rules, session expiry, headers."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_repeated_failed_logins_lock_the_account_from_that_address(client, tree):
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": tree.a1_staff.username, "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    response = client.post(
        url, {"username": tree.a1_staff.username, "password": "Test-pass-2026"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    # Another person behind another address is not locked out with them.
    response = client.post(
        url, {"username": tree.a2_staff.username, "password": "Test-pass-2026"}, REMOTE_ADDR="10.0.0.2"
    )
    assert response.status_code == 302


def test_a_wrong_password_says_so_in_chinese_and_keeps_the_username(client, tree):
    response = client.post(reverse("login"), {"username": "t_a1_staff", "password": "nope"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码" in body
    assert 'value="t_a1_staff"' in body


def test_weak_passwords_are_refused():
    for weak in ("12345678", "password", "abc"):
        with pytest.raises(ValidationError):
            validate_password(weak)


def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_every_page_carries_a_content_security_policy_without_inline_scripts(client, tree):
    client.force_login(tree.a1_staff)
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'self'" in script_src
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_logout_needs_a_post_with_csrf(tree):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(tree.a1_staff)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 403


def test_signed_in_pages_are_never_kept_by_a_shared_cache_or_the_browser(client, tree):
    assert "no-store" not in client.get(reverse("healthz")).get("Cache-Control", "")  # not signed in
    client.force_login(tree.a1_staff)
    for name in ("home", "studios:list", "unions:notices"):
        control = client.get(reverse(name))["Cache-Control"]
        assert "private" in control and "no-store" in control, name


def test_the_language_cookie_is_not_sent_across_sites_nor_read_by_scripts(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["samesite"] == "Lax" and cookie["httponly"]
