"""The union pages as people use them, and as a user from another branch tries them."""

import pytest
from django.core import mail
from django.urls import reverse

from unions.models import Membership, Role, Union

pytestmark = pytest.mark.django_db


def union_pages(union):
    return [
        reverse("unions:detail", args=[union.pk]),
        reverse("unions:children", args=[union.pk]),
        reverse("unions:edit", args=[union.pk]),
        reverse("unions:add_child", args=[union.pk]),
        reverse("unions:invite", args=[union.pk]),
    ]


def test_anonymous_users_are_sent_to_log_in(client, tree):
    for url in [reverse("home"), reverse("unions:tree"), *union_pages(tree.a1)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_home_page_is_chinese_and_shows_the_roles(client, tree):
    client.force_login(tree.a1_staff)
    response = client.get(reverse("home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "首页" in body
    assert "甲一基层工会" in body
    assert "经办人" in body


def test_company_user_gets_404_and_no_data_on_every_page_of_the_sibling_company(client, tree):
    client.force_login(tree.a_admin)
    for union in (tree.company_b, tree.b1, tree.province):
        for url in union_pages(union):
            response = client.get(url)
            assert response.status_code == 404, url
            assert union.name not in response.content.decode()
    membership = Membership.objects.get(user=tree.b_reviewer)
    response = client.post(reverse("unions:end_membership", args=[tree.company_b.pk, membership.pk]))
    assert response.status_code == 404
    response = client.post(reverse("unions:deactivate_account", args=[tree.company_b.pk, tree.b_reviewer.pk]))
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.is_active


def test_grassroots_user_cannot_see_a_sibling_grassroots_union(client, tree):
    client.force_login(tree.a1_staff)
    assert client.get(reverse("unions:detail", args=[tree.a1.pk])).status_code == 200
    response = client.get(reverse("unions:detail", args=[tree.a2.pk]))
    assert response.status_code == 404
    assert "甲二基层工会" not in response.content.decode()


def test_the_tree_page_lists_the_users_subtree_only(client, tree):
    client.force_login(tree.a_reviewer)
    body = client.get(reverse("unions:tree")).content.decode()
    assert "甲集团公司工会" in body
    assert "乙集团公司工会" not in body
    assert "测试省总工会" not in body
    children = client.get(reverse("unions:children", args=[tree.company_a.pk])).content.decode()
    assert "甲一基层工会" in children and "甲二基层工会" in children


def test_reviewer_cannot_manage_even_inside_the_subtree(client, tree):
    client.force_login(tree.a_reviewer)
    for url in union_pages(tree.a1)[2:]:
        assert client.get(url).status_code == 404


def test_administrator_adds_a_child_union(client, tree):
    client.force_login(tree.a_admin)
    response = client.post(
        reverse("unions:add_child", args=[tree.a1.pk]),
        {
            "name": "甲一车间分会",
            "code": "a1-shop",
            "level": Union.Level.GRASSROOTS,
            "unit": "甲一车间",
            "region": "",
        },
    )
    child = Union.objects.get(code="a1-shop")
    assert response.status_code == 302
    assert Union.objects.get_parent(child) == tree.a1


def test_a_bad_union_form_keeps_the_values_and_says_why(client, tree):
    client.force_login(tree.a_admin)
    response = client.post(
        reverse("unions:add_child", args=[tree.company_a.pk]),
        {"name": "重复代码工会", "code": "a1", "level": Union.Level.GRASSROOTS},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "重复代码工会" in body
    assert "已存在" in body
    assert not Union.objects.filter(name="重复代码工会").exists()


def test_administrator_invites_an_account_which_gets_an_email_and_the_role(
    client, tree, django_capture_on_commit_callbacks
):
    client.force_login(tree.a_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("unions:invite", args=[tree.a2.pk]),
            {
                "username": "new_staff",
                "full_name": "新经办人",
                "email": "new@example.cn",
                "phone": "13900000000",
                "role": Role.STAFF,
            },
        )
    assert response.status_code == 200
    membership = Membership.objects.get(user__username="new_staff")
    assert membership.union == tree.a2 and membership.role == Role.STAFF
    assert len(mail.outbox) == 1
    assert "set-password" in mail.outbox[0].body
    assert "新经办人" in mail.outbox[0].body


def test_invited_person_sets_the_password_with_the_link_and_logs_in(
    client, tree, django_capture_on_commit_callbacks
):
    client.force_login(tree.a_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("unions:invite", args=[tree.a2.pk]),
            {
                "username": "invitee",
                "full_name": "受邀人",
                "email": "i@example.cn",
                "phone": "",
                "role": Role.STAFF,
            },
        )
    link = response.context["link"]
    client.logout()
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Secure-pass-2026", "new_password2": "Secure-pass-2026"},
    )
    assert response.status_code == 302
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="invitee").check_password("Secure-pass-2026")


def test_inviting_a_taken_username_is_refused_beside_the_field(client, tree):
    client.force_login(tree.a_admin)
    response = client.post(
        reverse("unions:invite", args=[tree.a2.pk]),
        {"username": "t_a1_staff", "full_name": "重名", "email": "x@example.cn", "role": Role.STAFF},
    )
    assert response.status_code == 200
    assert "用户名已被占用" in response.content.decode()


def test_administrator_deactivates_an_account_in_the_subtree(client, tree):
    client.force_login(tree.a_admin)
    response = client.post(reverse("unions:deactivate_account", args=[tree.a1.pk, tree.a1_staff.pk]))
    assert response.status_code == 302
    tree.a1_staff.refresh_from_db()
    assert not tree.a1_staff.is_active
    assert not Membership.objects.active().filter(user=tree.a1_staff).exists()


def test_administrator_cannot_deactivate_an_account_that_also_belongs_elsewhere(client, tree):
    from unions import services

    services.grant_role(user=tree.a1_staff, union=tree.b1, role=Role.STAFF)
    client.force_login(tree.a_admin)
    client.post(reverse("unions:deactivate_account", args=[tree.a1.pk, tree.a1_staff.pk]))
    tree.a1_staff.refresh_from_db()
    assert tree.a1_staff.is_active


def test_union_tree_page_runs_a_bounded_number_of_queries(client, tree, django_assert_max_num_queries):
    from tests.factories import make_union

    for _ in range(30):
        make_union(tree.company_a)
    client.force_login(tree.a_admin)
    with django_assert_max_num_queries(15):
        client.get(reverse("unions:children", args=[tree.company_a.pk]))
    with django_assert_max_num_queries(15):
        client.get(reverse("unions:detail", args=[tree.company_a.pk]))


def test_pages_are_chinese_even_for_an_english_browser_until_english_is_chosen(client, tree):
    client.force_login(tree.a1_staff)
    body = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "首页" in body
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("home")).content.decode()
    assert "Home" in body and "首页" not in body
