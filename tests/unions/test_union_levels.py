"""A union's level is bounded by the tree: an administrator can neither raise their own union to
national nor create a provincial union under a company union."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from unions import services
from unions.models import Union

pytestmark = pytest.mark.django_db
L = Union.Level


def test_the_levels_a_union_may_have_follow_its_parent_and_children():
    assert Union.levels_allowed(L.PROVINCIAL) == [L.CITY_OR_COMPANY, L.GRASSROOTS]
    assert Union.levels_allowed(L.CITY_OR_COMPANY) == [L.CITY_OR_COMPANY, L.GRASSROOTS]
    assert Union.levels_allowed(L.GRASSROOTS) == [L.GRASSROOTS]
    assert Union.levels_allowed(L.NATIONAL) == [L.PROVINCIAL, L.CITY_OR_COMPANY, L.GRASSROOTS]
    assert Union.levels_allowed(L.PROVINCIAL, children={L.CITY_OR_COMPANY}) == [L.CITY_OR_COMPANY]


def test_a_company_administrator_cannot_raise_their_union(client, tree):
    client.force_login(tree.a_admin)
    url = reverse("unions:edit", args=[tree.company_a.pk])
    for level in ("national", "provincial"):
        response = client.post(
            url, {"name": tree.company_a.name, "code": tree.company_a.code, "level": level}
        )
        assert response.status_code == 200, level
    tree.company_a.refresh_from_db()
    assert tree.company_a.level == L.CITY_OR_COMPANY


def test_a_grassroots_union_cannot_be_added_above_the_grassroots_level(client, tree):
    client.force_login(tree.a_admin)
    url = reverse("unions:add_child", args=[tree.a1.pk])
    response = client.post(url, {"name": "越级工会", "code": "up-1", "level": "provincial"})
    assert response.status_code == 200
    assert not Union.objects.filter(code="up-1").exists()
    assert client.post(url, {"name": "车间工会", "code": "ws-1", "level": "grassroots"}).status_code == 302


def test_the_service_refuses_a_level_above_the_parent(tree):
    with pytest.raises(ValidationError):
        services.add_child_union(parent=tree.a1, name="越级", code="up-2", level=L.NATIONAL)
