"""The studio list and page: filters, pagination, constant queries, lead appointment, nav and home panels."""

import pytest
from django.core import mail
from django.urls import reverse

from studios.models import EvidenceFile, Studio
from studios.services.studio import assign_lead, leads_of
from tests.factories import StudioFactory, UserFactory, lead

from .helpers import attach, complete_identity_site_rules, complete_ledgers

pytestmark = pytest.mark.django_db


def make_studios(tree, count):
    studios = Studio.objects.bulk_create(
        [
            Studio(
                name=f"批量{n:03d}号劳模创新工作室",
                person_name=f"劳模{n}",
                host_union=tree.a1 if n % 2 else tree.a2,
                kind="technical",
                founded_on="2020-01-01",
                criteria_set_id=StudioFactory.build().criteria_set_id,
            )
            for n in range(count)
        ]
    )
    for studio in studios[: count // 2]:
        assign_lead(studio=studio, user=UserFactory())
    return studios


def test_the_list_runs_a_bounded_number_of_queries_however_many_studios(
    client, tree, django_assert_max_num_queries
):
    client.force_login(tree.a_reviewer)
    make_studios(tree, 5)
    with django_assert_max_num_queries(25) as few:
        client.get("/studios/")
    make_studios(tree, 60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/studios/")
    assert response.context["page"].paginator.count == 65
    assert len(response.context["page"].object_list) == 25


def test_the_list_filters_by_name_person_stage_and_union(client, tree):
    zhang = StudioFactory(host_union=tree.a1, name="张建华劳模创新工作室", person_name="张建华")
    StudioFactory(host_union=tree.a2, name="李明技能大师工作室", person_name="李明", kind="skills")
    client.force_login(tree.a_reviewer)

    def listed(query):
        page = client.get(f"/studios/?{query}").content.decode()
        return [name for name in ("张建华劳模创新工作室", "李明技能大师工作室") if name in page]

    assert listed("q=张建华") == ["张建华劳模创新工作室"]
    assert (
        f'<a href="/studios/{zhang.pk}/">张建华劳模创新工作室</a>' in client.get("/studios/").content.decode()
    )
    assert listed("q=李明") == ["李明技能大师工作室"]
    assert listed("kind=skills") == ["李明技能大师工作室"]
    assert listed(f"union={tree.a2.pk}") == ["李明技能大师工作室"]
    assert listed("stage=named") == []
    # a union outside scope in the filter is ignored, never shown
    assert listed(f"union={tree.b1.pk}") == ["张建华劳模创新工作室", "李明技能大师工作室"]


def test_the_studio_page_runs_a_bounded_number_of_queries(client, tree, django_assert_max_num_queries):
    studio = StudioFactory(host_union=tree.a1)
    lead(studio, "lead_q")
    attach(studio, "identity", tree.a1_staff, kind=EvidenceFile.Kind.PLAQUE_PHOTO)
    client.force_login(tree.a1_staff)
    client.get(f"/studios/{studio.pk}/")
    with django_assert_max_num_queries(60) as few:
        client.get(f"/studios/{studio.pk}/")
    complete_identity_site_rules(studio, tree.a1_staff)
    complete_ledgers(studio, tree.a1_staff)
    for _n in range(10):
        attach(studio, "site", tree.a1_staff, kind=EvidenceFile.Kind.SITE_PHOTO)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"/studios/{studio.pk}/")
    assert response.status_code == 200


def test_the_studio_page_shows_identity_namings_and_checklist(client, tree):
    from studios.models import Naming

    studio = StudioFactory(host_union=tree.a1, person_name="王海峰", person_honours=["provincial_model"])
    Naming.objects.create(
        studio=studio,
        level="company",
        year=2023,
        certificate_number="ZJ-2023-01",
        named_by=tree.company_a,
        named_on="2023-05-01",
        revoked=True,
        revoked_on="2024-05-01",
        revoked_reason="年度考核不合格",
    )
    client.force_login(tree.a_reviewer)
    page = client.get(f"/studios/{studio.pk}/").content.decode()
    assert "省部级劳动模范" in page
    assert "ZJ-2023-01" in page and "已撤销" in page and "年度考核不合格" in page
    assert "有标识" in page and "有成果" in page
    assert 'id="move-mature"' not in page  # a reviewer has no move here


def test_staff_register_a_studio_of_their_union_with_the_seven_haves(client, tree):
    client.force_login(tree.a1_staff)
    assert client.get("/studios/new/").status_code == 200
    response = client.post(
        "/studios/new/",
        {
            "name": "赵刚劳模创新工作室",
            "host_union": tree.a1.pk,
            "kind": "technical",
            "topics": ["energy", "cost"],
            "founded_on": "2024-03-01",
            "person_name": "赵刚",
            "person_honours": ["city_model"],
            "site_area": "",
        },
    )
    studio = Studio.objects.get(name="赵刚劳模创新工作室")
    assert response["Location"] == f"/studios/{studio.pk}/"
    assert studio.criteria_set.code == "seven-haves"
    assert studio.topics == ["energy", "cost"]
    assert studio.stage == Studio.Stage.CULTIVATING


def test_staff_cannot_register_a_studio_under_a_sibling_union(client, tree):
    client.force_login(tree.a1_staff)
    response = client.post(
        "/studios/new/",
        {
            "name": "越界工作室",
            "host_union": tree.a2.pk,
            "kind": "technical",
            "person_name": "某",
            "founded_on": "2024-03-01",
        },
    )
    assert response.status_code == 200
    assert "host_union" in response.context["form"].errors
    assert not Studio.objects.filter(name="越界工作室").exists()


def test_a_reviewer_cannot_open_the_registration_form(client, tree):
    client.force_login(tree.a_reviewer)
    assert client.get("/studios/new/").status_code == 403


def test_staff_appoint_a_new_lead_account_who_gets_an_invitation(
    client, tree, django_capture_on_commit_callbacks
):
    studio = StudioFactory(host_union=tree.a1)
    client.force_login(tree.a1_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/studios/{studio.pk}/lead/",
            {
                "mode": "new",
                "new-username": "wanghf",
                "new-full_name": "王海峰",
                "new-email": "w@example.cn",
                "new-phone": "13900000000",
            },
        )
    assert response.status_code == 200
    person = leads_of(studio).get()
    assert person.username == "wanghf" and not person.has_usable_password()
    assert person.has_perm("studios.lead_studio", studio) and person.has_perm("studios.log_ledger", studio)
    assert len(mail.outbox) == 1 and "/accounts/set-password/" in mail.outbox[0].body
    assert "王海峰" in mail.outbox[0].body


def test_appointing_another_lead_replaces_the_first(client, tree):
    studio = StudioFactory(host_union=tree.a1)
    first = lead(studio, "first_lead")
    lead(StudioFactory(host_union=tree.a1), "second_lead")  # an account of the same union
    client.force_login(tree.a1_staff)
    client.post(f"/studios/{studio.pk}/lead/", {"mode": "existing", "existing-username": "second_lead"})
    assert [u.username for u in leads_of(studio)] == ["second_lead"]
    assert not Studio.objects.visible_to(first).exists()


def test_an_unknown_username_is_refused_beside_the_field(client, tree):
    studio = StudioFactory(host_union=tree.a1)
    client.force_login(tree.a1_staff)
    response = client.post(f"/studios/{studio.pk}/lead/", {"mode": "existing", "existing-username": "nobody"})
    assert "没有您可以任命的账号使用此用户名" in response.content.decode()
    assert not leads_of(studio).exists()


def test_the_nav_shows_studios_to_staff_and_leads_but_not_to_accounts_without_a_role(client, tree):
    studio = StudioFactory(host_union=tree.a1)
    client.force_login(tree.a1_staff)
    assert 'href="/studios/"' in client.get("/").content.decode()
    client.force_login(lead(studio, "lead_nav"))
    assert 'href="/studios/"' in client.get("/").content.decode()
    client.force_login(UserFactory(username="plain"))
    assert 'href="/studios/"' not in client.get("/").content.decode()


def test_home_panels_offer_staff_the_studios_ready_to_mature_and_leads_their_checklist(client, tree):
    ready = StudioFactory(host_union=tree.a1, name="齐全劳模创新工作室")
    complete_identity_site_rules(ready, tree.a1_staff)
    complete_ledgers(ready, tree.a1_staff)
    StudioFactory(host_union=tree.a1, name="未齐劳模创新工作室")
    client.force_login(tree.a1_staff)
    page = client.get("/").content.decode()
    assert "可以认定为成熟" in page and "齐全劳模创新工作室" in page and "未齐劳模创新工作室" not in page
    assert "登记工作室" in page
    client.force_login(lead(ready, "lead_home"))
    page = client.get("/").content.decode()
    assert "我的工作室" in page and "已达到 7 / 7 项" in page


# Session (from the cache in production), account, grants, the studio and its parts: 25 before the
# 七有 checklist was read in one query (it was 6 of them), 20 before the ledgers' section came from
# the rollups and the leads and loggers, the person's grants on the studio and the grants section
# were read in one query each.
MAX_STUDIO_PAGE_QUERIES = 17


def test_the_studio_page_stays_within_its_query_count(client, tree, django_assert_max_num_queries):
    """The 七有 checklist is one query; the page as a whole a fixed number, whatever the records."""
    studio = StudioFactory(host_union=tree.a1)
    complete_identity_site_rules(studio, tree.a1_staff)
    complete_ledgers(studio, tree.a1_staff)
    client.force_login(tree.a1_staff)
    url = reverse("studios:detail", args=[studio.pk])
    client.get(url)
    with django_assert_max_num_queries(MAX_STUDIO_PAGE_QUERIES):
        assert client.get(url).status_code == 200
