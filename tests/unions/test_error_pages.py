"""Error pages a person can read: Chinese first, with the navigation, never Django's bare English
pages or a hint to switch DEBUG on; the 500 page reads nothing from the database."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_a_missing_page_says_so_in_chinese_with_the_navigation(client, tree):
    client.force_login(tree.a1_staff)
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in body and 'href="/unions/"' in body and "Not Found" not in body


def test_a_page_of_another_branch_is_a_chinese_404(client, tree):
    client.force_login(tree.b1_staff)
    response = client.get(reverse("unions:detail", args=[tree.a1.pk]))
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_a_refused_act_is_a_chinese_403_with_the_navigation(client, tree):
    client.force_login(tree.a1_staff)
    response = client.get(reverse("unions:edit", args=[tree.a1.pk]))
    if response.status_code == 403:
        body = response.content.decode()
        assert "无权打开此页面" in body and 'href="/unions/"' in body
    else:  # the page may hide itself as a 404, which is the same Chinese page
        assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_an_expired_form_is_explained_without_technical_words(tree):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    body = response.content.decode().split("<main", 1)[1]  # what the page says, not its markup
    assert response.status_code == 403
    assert "表单已过期" in body
    for technical in ("DEBUG", "CSRF", "Forbidden"):
        assert technical not in body


def test_the_500_page_is_chinese_and_reads_nothing_from_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    body = response.content.decode()
    assert response.status_code == 500 and "出错了" in body and "Server Error" not in body


def test_the_favicon_is_served_from_our_static_files(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith(".ico")


def test_a_malformed_request_is_a_chinese_400():
    from unions.views.errors import bad_request

    response = bad_request(RequestFactory().get("/"))
    assert response.status_code == 400 and "无法理解此请求" in response.content.decode()
