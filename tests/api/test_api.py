"""The read-only API: per-union tokens scoped to their subtree, 401 without one, 429 past the limit, every call logged."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from ledgers import api_tokens, statistics
from ledgers.models import ApiCall, ApiToken
from studios.models import NamingLevel
from tests.factories import StudioFactory
from tests.overview.helpers import named_studio

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    tree.a_studio = named_studio(
        tree.a1, by=tree.province, level=NamingLevel.PROVINCIAL, year=2025, name="甲一工作室"
    )
    tree.b_studio = named_studio(tree.b1, by=tree.province, year=2025, name="乙一工作室")
    tree.a_token, tree.a_key = api_tokens.create_token(union=tree.company_a, name="甲门户", by=tree.a_admin)
    tree.b_token, tree.b_key = api_tokens.create_token(union=tree.company_b, name="乙门户", by=tree.b_admin)
    return tree


def get(client, path, key=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return client.get(f"/api{path}", **headers)


def test_a_token_sees_its_own_subtree_only(client, world):
    studios = get(client, "/studios", world.a_key).json()
    assert [s["name"] for s in studios["items"]] == ["甲一工作室"]
    assert studios["items"][0]["titles"][0]["level"] == "provincial"
    codes = {u["code"] for u in get(client, "/unions", world.a_key).json()["items"]}
    assert codes == {"co-a", "a1", "a2"}


def test_another_branchs_token_gets_404_never_data(client, world):
    for path in (
        f"/studios/{world.a_studio.pk}",
        f"/unions/{world.company_a.code}",
        f"/unions/{world.a1.code}/statistics/2025",
        f"/unions/{world.province.code}",
    ):
        response = get(client, path, world.b_key)
        assert response.status_code == 404, path
        assert "甲" not in response.content.decode()


def test_without_a_token_or_with_a_wrong_or_revoked_one_the_answer_is_401(client, world):
    assert get(client, "/studios").status_code == 401
    assert get(client, "/studios", "not-a-key").status_code == 401
    api_tokens.revoke_token(token=world.a_token)
    assert get(client, "/studios", world.a_key).status_code == 401


def test_a_logged_in_session_is_no_token(client, world):
    client.force_login(world.prov_head)
    assert get(client, "/studios").status_code == 401


def test_past_the_rate_limit_a_token_gets_429(client, world, settings):
    settings.API_RATE_LIMIT = 3
    statuses = [get(client, "/unions", world.a_key).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert get(client, "/unions", world.b_key).status_code == 200  # per token


def test_every_call_is_logged_with_its_token_path_and_status(client, world):
    get(client, "/studios", world.a_key)
    get(client, f"/studios/{world.a_studio.pk}", world.b_key)
    get(client, "/studios")
    calls = list(ApiCall.objects.order_by("pk").values_list("token_id", "path", "status"))
    assert calls == [
        (world.a_token.pk, "/api/studios", 200),
        (world.b_token.pk, f"/api/studios/{world.a_studio.pk}", 404),
        (None, "/api/studios", 401),
    ]
    assert ApiToken.objects.get(pk=world.a_token.pk).last_used_at is not None


def test_the_key_is_stored_hashed(world):
    token = ApiToken.objects.get(pk=world.a_token.pk)
    assert world.a_key not in (token.key_hash, token.prefix) and token.key_hash != world.a_key


def test_the_named_list_csv_has_one_row_per_studio_and_title(client, world):
    from studios.models import Naming

    Naming.objects.create(
        studio=world.a_studio,
        level=NamingLevel.COMPANY,
        year=2023,
        certificate_number="C-2023-1",
        named_by=world.company_a,
        named_on=datetime.date(2023, 5, 1),
    )
    response = get(client, "/named-list.csv", world.a_key)
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["studio_name"], r["title_level"], r["title_year"]) for r in rows] == [
        ("甲一工作室", "provincial", "2025"),
        ("甲一工作室", "company", "2023"),
    ]
    assert rows[0]["host_union_code"] == "a1"


def test_a_unions_statistics_are_its_filed_report_when_there_is_one(client, world):
    live = get(client, f"/unions/{world.company_a.code}/statistics/2025", world.a_key).json()
    assert live["filed"] is False and live["studios"] == 1
    statistics.file_report(union=world.company_a, year=2025, by=world.a_head)
    StudioFactory(host_union=world.a1)  # after filing: the filed figures stay
    filed = get(client, f"/unions/{world.company_a.code}/statistics/2025", world.a_key).json()
    assert filed["filed"] is True and filed["version"] == 1 and filed["studios"] == 1
    stages = next(s for s in filed["sections"] if s["key"] == "studio_stage")
    assert {r["key"]: r["values"] for r in stages["rows"]} == {"named": [1]}


def test_the_openapi_document_and_its_page_load_from_our_own_files(client):
    document = client.get("/api/openapi.json").json()
    assert "/api/studios" in document["paths"] and "/api/named-list.csv" in document["paths"]
    page = client.get(reverse("api:openapi-view")).content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page and "cdn" not in page.lower()


def test_an_administrator_creates_a_token_seen_once_and_revokes_it(client, world):
    client.force_login(world.a_admin)
    url = reverse("ledgers:api_tokens") + f"?union={world.company_a.pk}"
    page = client.post(url, {"name": "市门户"}).content.decode()
    token = ApiToken.objects.get(name="市门户")
    key = page.split('<code class="user-select-all fs-6">')[1].split("</code>")[0]
    assert get(client, "/unions", key).status_code == 200
    assert key not in client.get(url).content.decode()  # shown once
    client.post(reverse("ledgers:api_token_revoke", args=[token.pk]))
    assert get(client, "/unions", key).status_code == 401


def test_a_reviewer_may_not_manage_tokens(client, world):
    client.force_login(world.a_reviewer)
    assert client.get(reverse("ledgers:api_tokens") + f"?union={world.company_a.pk}").status_code == 403


def test_a_title_s_tier_is_in_the_named_list_the_namings_and_the_csv(client, world):
    from studios.models import Naming, NamingTier

    Naming.objects.filter(studio=world.a_studio).update(tier=NamingTier.EXEMPLARY)
    items = get(client, "/named-list", world.a_key).json()["items"]
    assert [(i["tier"], i["title_label"]) for i in items] == [("exemplary", "省级示范性")]
    assert get(client, "/namings?tier=ordinary", world.a_key).json()["count"] == 0
    assert get(client, "/namings?tier=exemplary", world.a_key).json()["count"] == 1
    response = get(client, "/named-list.csv", world.a_key)
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["title_tier"] for r in rows] == ["exemplary"]
