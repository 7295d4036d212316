"""The scope rule: a role on a union reaches that union and everything below it, nothing else."""

import pytest

from tests.factories import UserFactory, member
from unions import access, services
from unions.models import Membership, Role, Union

pytestmark = pytest.mark.django_db


def codes(qs):
    return sorted(qs.values_list("code", flat=True))


def test_province_roles_see_the_whole_province(tree):
    for user in (tree.prov_admin, tree.prov_head, tree.prov_reviewer):
        assert codes(access.unions_for(user)) == ["a1", "a2", "b1", "co-a", "co-b", "prov"]


def test_company_roles_see_exactly_their_subtree(tree):
    for user in (tree.a_admin, tree.a_head, tree.a_reviewer):
        assert codes(access.unions_for(user)) == ["a1", "a2", "co-a"]
    assert codes(access.unions_for(tree.b_reviewer)) == ["b1", "co-b"]


def test_grassroots_staff_see_only_their_own_union(tree):
    assert codes(access.unions_for(tree.a1_staff)) == ["a1"]
    assert not access.can(tree.a1_staff, access.VIEW, tree.a2)
    assert not access.can(tree.a1_staff, access.VIEW, tree.company_a)


def test_a_company_user_cannot_reach_the_sibling_company_or_the_parent(tree):
    assert not access.can(tree.a_reviewer, access.VIEW, tree.company_b)
    assert not access.can(tree.a_reviewer, access.VIEW, tree.b1)
    assert not access.can(tree.a_reviewer, access.VIEW, tree.province)


def test_permissions_follow_the_role(tree):
    assert access.can(tree.a1_staff, access.FILE, tree.a1)
    assert not access.can(tree.a1_staff, access.REVIEW, tree.a1)
    assert access.can(tree.a_reviewer, access.REVIEW, tree.a1)
    assert not access.can(tree.a_reviewer, access.MANAGE, tree.a1)
    assert access.can(tree.a_admin, access.MANAGE, tree.a2)
    assert access.can(tree.a_head, access.APPROVE, tree.company_a)
    assert not access.can(tree.a_reviewer, access.APPROVE, tree.company_a)


def test_a_role_in_two_unions_gives_both_subtrees(tree):
    services.grant_role(user=tree.a1_staff, union=tree.b1, role=Role.STAFF)
    assert codes(access.unions_for(tree.a1_staff)) == ["a1", "b1"]


def test_ending_a_membership_removes_the_scope(tree):
    membership = Membership.objects.get(user=tree.a_reviewer, union=tree.company_a)
    services.end_membership(membership=membership)
    assert codes(access.unions_for(tree.a_reviewer)) == []


def test_deactivated_and_anonymous_users_see_nothing(tree):
    services.deactivate_account(user=tree.a_reviewer)
    tree.a_reviewer.refresh_from_db()
    assert not access.can(tree.a_reviewer, access.VIEW, tree.a1)
    from django.contrib.auth.models import AnonymousUser

    assert codes(access.unions_for(AnonymousUser())) == []


def test_superuser_sees_everything(tree):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert codes(access.unions_for(admin)) == codes(Union.objects.all())


def test_scope_filters_any_model_through_its_union(tree):
    # Memberships are reached through their union: the same rule filters them.
    visible = access.scope(Membership.objects.all(), tree.a_reviewer, via="union")
    assert {m.union.code for m in visible} == {"co-a", "a1", "a2"}


def test_overlapping_grants_do_not_duplicate_rows(tree):
    member(tree.a1, Role.STAFF, "t_a_reviewer")  # the same person also staff in a1
    assert codes(access.unions_for(tree.a_reviewer)) == ["a1", "a2", "co-a"]
    assert len(access.top_unions(tree.a_reviewer)) == 1


def test_scope_is_three_queries_or_fewer(tree, django_assert_max_num_queries):
    user = tree.a_reviewer
    access.forget(user)
    with django_assert_max_num_queries(3):
        list(access.unions_for(user))


def test_granted_objects_are_those_guardian_finds(tree, django_assert_num_queries):
    from guardian.shortcuts import get_objects_for_user

    from studios.models import Studio
    from studios.services.studio import allow_member_logging
    from tests.factories import StudioFactory, lead

    a, b, c = (StudioFactory(host_union=tree.a1) for _ in range(3))
    person = lead(a)
    allow_member_logging(studio=b, user=person)
    for perms in ("studios.lead_studio", ("studios.lead_studio", "studios.log_ledger")):
        fresh = type(person).objects.get(pk=person.pk)
        with django_assert_num_queries(1):
            found = access.granted_objects(fresh, perms, Studio)
        expected = get_objects_for_user(
            fresh,
            [perms] if isinstance(perms, str) else list(perms),
            klass=Studio,
            use_groups=False,
            any_perm=True,
            accept_global_perms=False,
            with_superuser=False,
        )
        assert sorted(found) == sorted(s.pk for s in expected)
    assert c.pk not in access.granted_objects(person, ("studios.lead_studio", "studios.log_ledger"), Studio)
