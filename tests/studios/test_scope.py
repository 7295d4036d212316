"""Who sees and edits which studio: subtree scope, read-only above, leads and loggers on their studio only."""

import pytest

from studios.models import EvidenceFile, Studio
from studios.services.studio import allow_member_logging
from tests.factories import StudioFactory, UserFactory, lead

from .helpers import attach, criterion

pytestmark = pytest.mark.django_db


@pytest.fixture
def studios(tree):
    a1 = StudioFactory(host_union=tree.a1, name="甲一劳模创新工作室")
    a2 = StudioFactory(host_union=tree.a2, name="甲二劳模创新工作室")
    b1 = StudioFactory(host_union=tree.b1, name="乙一劳模创新工作室")
    return a1, a2, b1


def test_grassroots_staff_cannot_see_or_edit_a_sibling_unions_studio(client, tree, studios):
    _a1, a2, _b1 = studios
    client.force_login(tree.a1_staff)
    for url in (
        f"/studios/{a2.pk}/",
        f"/studios/{a2.pk}/edit/",
        f"/studios/{a2.pk}/lead/",
        f"/studios/{a2.pk}/evidence/{criterion(a2, 'identity').pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "甲二劳模创新工作室" not in response.content.decode()
    response = client.post(f"/studios/{a2.pk}/edit/", {"name": "改名"})
    assert response.status_code == 404
    a2.refresh_from_db()
    assert a2.name == "甲二劳模创新工作室"


def test_the_studio_list_shows_only_studios_in_scope(client, tree, studios):
    client.force_login(tree.a1_staff)
    page = client.get("/studios/").content.decode()
    assert "甲一劳模创新工作室" in page
    assert "甲二劳模创新工作室" not in page
    assert "乙一劳模创新工作室" not in page


def test_company_reviewer_sees_its_studios_read_only_and_not_another_companys(client, tree, studios):
    a1, _a2, b1 = studios
    client.force_login(tree.a_reviewer)
    page = client.get("/studios/").content.decode()
    assert "甲一劳模创新工作室" in page and "甲二劳模创新工作室" in page
    assert "乙一劳模创新工作室" not in page
    detail = client.get(f"/studios/{a1.pk}/")
    assert detail.status_code == 200
    assert f"/studios/{a1.pk}/edit/" not in detail.content.decode()
    assert client.get(f"/studios/{a1.pk}/edit/").status_code == 404
    assert client.get(f"/studios/{b1.pk}/").status_code == 404
    assert client.get(f"/studios/{b1.pk}/").status_code == 404


def test_company_reviewer_cannot_upload_evidence(client, tree, studios):
    a1 = studios[0]
    client.force_login(tree.a_reviewer)
    response = client.post(
        f"/studios/{a1.pk}/evidence/{criterion(a1, 'rules').pk}/", {"statement": "1", "description": "伪造"}
    )
    assert response.status_code == 404
    assert not a1.evidence.exists()


def test_a_lead_sees_only_their_own_studio(client, tree, studios):
    a1, a2, _b1 = studios
    person = lead(a1, "lead_a1")
    client.force_login(person)
    page = client.get("/studios/").content.decode()
    assert "甲一劳模创新工作室" in page
    assert "甲二劳模创新工作室" not in page
    assert client.get(f"/studios/{a1.pk}/").status_code == 200
    assert client.get(f"/studios/{a2.pk}/").status_code == 404
    assert client.get(f"/studios/{a1.pk}/edit/").status_code == 404


def test_a_lead_cannot_manage_loggers_of_another_studio(client, tree, studios):
    a1, a2, _b1 = studios
    client.force_login(lead(a1, "lead_a1"))
    other = UserFactory(username="worker")
    response = client.post(f"/studios/{a2.pk}/loggers/", {"username": "worker"})
    assert response.status_code == 404
    assert not other.has_perm("studios.log_ledger", a2)


def test_a_lead_allows_an_account_to_log_and_that_account_then_sees_the_studio(client, tree, studios):
    a1 = studios[0]
    client.force_login(lead(a1, "lead_a1"))
    worker = UserFactory(username="worker", full_name="钱小兵")
    # An account of the branch: it already logs another studio of grassroots union A1.
    allow_member_logging(studio=StudioFactory(host_union=tree.a1), user=worker)
    response = client.post(f"/studios/{a1.pk}/loggers/", {"username": "worker"}, follow=True)
    assert "钱小兵" in response.content.decode()
    assert a1 in Studio.objects.visible_to(worker)
    client.force_login(worker)
    assert client.get(f"/studios/{a1.pk}/").status_code == 200
    # a logger is not a lead: they cannot hand the grant on
    assert client.post(f"/studios/{a1.pk}/loggers/", {"username": "t_a1_staff"}).status_code == 403


def test_a_revoked_logger_no_longer_sees_the_studio(client, tree, studios):
    a1 = studios[0]
    worker = UserFactory(username="worker")
    allow_member_logging(studio=a1, user=worker)
    client.force_login(tree.a1_staff)
    client.post(f"/studios/{a1.pk}/loggers/{worker.pk}/revoke/")
    assert not Studio.objects.visible_to(worker).exists()


def test_an_account_without_any_role_sees_no_studio(client, studios):
    client.force_login(UserFactory(username="nobody"))
    assert "甲一劳模创新工作室" not in client.get("/studios/").content.decode()
    assert client.get(f"/studios/{studios[0].pk}/").status_code == 404


def test_private_file_is_404_from_another_branch_and_served_with_its_chinese_name_in_scope(
    client, tree, studios
):
    a1 = studios[0]
    stored = attach(a1, "identity", tree.a1_staff, kind=EvidenceFile.Kind.PLAQUE_PHOTO, name="挂牌照片.png")
    url = f"/studios/{a1.pk}/files/{stored.pk}/"
    client.force_login(tree.b_reviewer)
    assert client.get(url).status_code == 404
    client.force_login(tree.a2_staff)
    assert client.get(url).status_code == 404
    # the file id under a studio the user may see, but not its own studio: still 404
    client.force_login(tree.a1_staff)
    other = StudioFactory(host_union=tree.a1)
    assert client.get(f"/studios/{other.pk}/files/{stored.pk}/").status_code == 404
    response = client.get(url)
    assert response.status_code == 200
    assert "filename*=utf-8''%E6%8C%82%E7%89%8C%E7%85%A7%E7%89%87.png" in response["Content-Disposition"]
    assert response["Content-Type"] == "image/png"
    inline = client.get(url + "?inline=1")
    assert inline["Content-Disposition"].startswith("inline")


def test_staff_of_a_company_union_cannot_register_a_studio_there(client, tree):
    from tests.factories import member
    from unions.models import Role

    company_staff = member(tree.company_a, Role.STAFF, "co_staff")
    client.force_login(company_staff)
    response = client.post(
        "/studios/new/",
        {
            "name": "越级工作室",
            "host_union": tree.company_a.pk,
            "kind": "technical",
            "person_name": "某人",
            "founded_on": "2024-01-01",
        },
    )
    assert response.status_code == 200
    assert not Studio.objects.filter(name="越级工作室").exists()
