"""The studio list of a province: thousands of host unions are searched by name, not listed in a select."""

import pytest
from django.urls import reverse

from studios.views import studio as studio_views
from tests.factories import StudioFactory, make_union

pytestmark = pytest.mark.django_db


def test_many_host_unions_turn_the_union_filter_into_a_name_search(client, tree, monkeypatch):
    monkeypatch.setattr(studio_views, "UNION_SELECT_MAX", 3)
    extra = make_union(tree.company_b, name="乙二热电分公司工会")
    StudioFactory(host_union=extra, name="热电劳模创新工作室")
    StudioFactory(host_union=tree.a1, name="甲一劳模创新工作室")
    client.force_login(tree.prov_reviewer)
    body = client.get(reverse("studios:list")).content.decode()
    assert 'name="union_name"' in body
    assert '<select class="form-select form-select-sm" name="union"' not in body
    body = client.get(reverse("studios:list"), {"union_name": "热电"}).content.decode()
    assert "热电劳模创新工作室" in body
    assert "甲一劳模创新工作室" not in body


def test_a_short_list_of_host_unions_stays_a_select(client, tree):
    client.force_login(tree.a_reviewer)
    body = client.get(reverse("studios:list")).content.decode()
    assert 'name="union"' in body and 'name="union_name"' not in body
