"""The overview's cache serves each data version's figures and is never stale after a commit."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from ledgers.models import Activity
from ledgers.overview import cache as overview_cache
from tests.factories import StudioFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cached_overview(settings):
    settings.OVERVIEW_CACHE = True
    cache.clear()
    yield
    cache.clear()


def test_the_dashboard_is_computed_once_per_data_version(
    client, tree, cached_overview, django_assert_max_num_queries
):
    StudioFactory(host_union=tree.a1, name="缓存测试工作室")
    client.force_login(tree.prov_reviewer)
    first = client.get(reverse("ledgers:dashboard")).content.decode()
    with django_assert_max_num_queries(12):  # the session, the user, the scope, the nav: no figures
        second = client.get(reverse("ledgers:dashboard")).content.decode()
    assert 'id="figure-total">1<' in first and 'id="figure-total">1<' in second


def test_a_committed_change_is_on_the_next_dashboard(client, tree, cached_overview):
    client.force_login(tree.prov_reviewer)
    assert 'id="figure-total">0<' in client.get(reverse("ledgers:dashboard")).content.decode()
    studio = StudioFactory(host_union=tree.a1)
    assert 'id="figure-total">1<' in client.get(reverse("ledgers:dashboard")).content.decode()
    before = cache.get(overview_cache.VERSION_KEY)
    Activity.objects.create(studio=studio, kind="exchange", date=datetime.date.today(), topic="交流")
    assert cache.get(overview_cache.VERSION_KEY) > before


def test_an_unreachable_cache_means_computing_not_failing(client, tree, cached_overview, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "incr", broken)
    StudioFactory(host_union=tree.a1)
    client.force_login(tree.prov_reviewer)
    response = client.get(reverse("ledgers:dashboard"))
    assert response.status_code == 200
    assert 'id="figure-total">1<' in response.content.decode()
