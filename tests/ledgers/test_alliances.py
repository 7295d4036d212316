"""Studio alliances (工作室联盟): who registers one and of which studios; a shared activity logged by the lead
studio counts for every member, and the rollups follow every edit, void and change of members."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ledgers import alliances, figures, services
from ledgers.models import Activity, Alliance, StudioYear
from tests.factories import StudioFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 5, 12)


def register(tree, studios, *, by=None, union=None, members=None, lead=None, name="甲集团劳模创新工作室联盟"):
    return alliances.save_alliance(
        by=by or tree.a_head,
        union=union or tree.company_a,
        name=name,
        lead_studio=lead or studios.a,
        members=members if members is not None else [studios.a2],
        founded_on=datetime.date(2024, 3, 1),
    )


def shared(studios, alliance, date=DAY, topic="联盟技术交流"):
    return services.record_activity(
        studio=studios.a,
        by=studios.a_lead,
        data={"kind": Activity.Kind.EXCHANGE, "date": date, "topic": topic, "hours": 2, "alliance": alliance},
    )


def activities(studio, year=DAY.year):
    row = StudioYear.objects.filter(studio=studio, year=year).first()
    return row.activities if row else 0


def test_an_alliance_joins_studios_of_several_units_and_its_lead_is_a_member(tree, studios):
    alliance = register(tree, studios)
    assert set(alliance.members.all()) == {studios.a, studios.a2}
    assert studios.a.host_union != studios.a2.host_union


def test_the_registering_union_holds_every_member_studio_in_its_subtree(tree, studios):
    with pytest.raises(ValidationError) as refused:
        register(tree, studios, members=[studios.a2, studios.b])
    assert studios.b.name in str(refused.value.message_dict["members"])
    # The province holds both branches: it may register an alliance across them.
    alliance = register(tree, studios, by=tree.prov_head, union=tree.province, members=[studios.b])
    assert set(alliance.members.all()) == {studios.a, studios.b}


def test_an_alliance_needs_two_studios_and_a_name_unused_in_its_union(tree, studios):
    with pytest.raises(ValidationError, match="至少"):
        register(tree, studios, members=[])
    register(tree, studios)
    with pytest.raises(ValidationError, match="同名"):
        register(tree, studios)


def test_only_a_clerk_or_head_of_the_union_registers_it(tree, studios):
    for outsider in (tree.a_reviewer, tree.b1_staff, tree.a1_staff, studios.a_lead):
        with pytest.raises(PermissionDenied):
            register(tree, studios, by=outsider)
    assert not Alliance.objects.exists()
    # A grassroots clerk registers one of the studios of their own union.
    other = StudioFactory(host_union=tree.a1, name="甲一另一工作室")
    alliance = register(tree, studios, by=tree.a1_staff, union=tree.a1, members=[other])
    assert alliance.union == tree.a1


def test_a_shared_activity_counts_for_every_member_once(tree, studios):
    alliance = register(tree, studios)
    shared(studios, alliance)
    assert activities(studios.a) == 1 and activities(studios.a2) == 1
    assert figures.by_studio_year([studios.a.pk, studios.a2.pk])[(studios.a2.pk, DAY.year)]["activities"] == 1
    window = figures.studio_figures([studios.a, studios.a2], DAY - datetime.timedelta(days=1), DAY)
    assert window[studios.a.pk]["activities"] == 1 and window[studios.a2.pk]["activities"] == 1
    assert activities(studios.b) == 0


def test_only_the_lead_studio_logs_a_shared_activity(tree, studios):
    alliance = register(tree, studios)
    with pytest.raises(ValidationError, match="牵头"):
        services.record_activity(
            studio=studios.a2,
            by=studios.a_lead,
            data={
                "kind": Activity.Kind.EXCHANGE,
                "date": DAY,
                "topic": "冒名",
                "hours": 1,
                "alliance": alliance,
            },
        )
    assert not Activity.objects.exists()


def test_editing_and_voiding_a_shared_activity_keeps_every_member_s_rollup(tree, studios):
    alliance = register(tree, studios)
    activity = shared(studios, alliance)
    services.record_activity(
        studio=studios.a, by=studios.a_lead, data={"date": datetime.date(2024, 11, 3)}, activity=activity
    )
    assert activities(studios.a2, 2025) == 0 and activities(studios.a2, 2024) == 1
    services.record_activity(studio=studios.a, by=studios.a_lead, data={"alliance": None}, activity=activity)
    assert activities(studios.a2, 2024) == 0 and activities(studios.a, 2024) == 1
    services.record_activity(
        studio=studios.a, by=studios.a_lead, data={"alliance": alliance}, activity=activity
    )
    assert activities(studios.a2, 2024) == 1
    services.void_entry(entry=activity, by=studios.a_lead, reason="重复登记")
    assert activities(studios.a2, 2024) == 0 and activities(studios.a, 2024) == 0


def test_a_change_of_members_rebuilds_the_studios_that_joined_or_left(tree, studios):
    alliance = register(tree, studios)
    shared(studios, alliance)
    third = StudioFactory(host_union=tree.a2, name="甲二第三工作室")
    alliances.save_alliance(
        by=tree.a_head,
        alliance=alliance,
        union=tree.company_a,
        name=alliance.name,
        lead_studio=studios.a,
        members=[third],
        founded_on=alliance.founded_on,
    )
    assert activities(third) == 1
    assert activities(studios.a2) == 0
    assert activities(studios.a) == 1
    # The rollup equals what the ledgers say, studio by studio.
    for studio in (studios.a, studios.a2, third):
        expected = figures.by_studio_year([studio.pk]).get((studio.pk, DAY.year), {}).get("activities", 0)
        assert activities(studio) == expected


def test_a_member_s_list_shows_the_shared_activity_marked_and_read_only(client, tree, studios):
    from django.urls import reverse

    alliance = register(tree, studios)
    activity = shared(studios, alliance, topic="联盟共享课题")
    client.force_login(tree.a2_staff)
    page = client.get(reverse("ledgers:list", args=[studios.a2.pk, "activities"])).content.decode()
    assert "联盟共享课题" in page and "shared-activity" in page
    assert reverse("ledgers:edit", args=[studios.a2.pk, "activities", activity.pk]) not in page
    assert client.get(
        reverse("ledgers:edit", args=[studios.a2.pk, "activities", activity.pk])
    ).status_code in (
        403,
        404,
    )
    lead_page_client = client
    lead_page_client.force_login(studios.a_lead)
    page = lead_page_client.get(reverse("ledgers:list", args=[studios.a.pk, "activities"])).content.decode()
    assert reverse("ledgers:edit", args=[studios.a.pk, "activities", activity.pk]) in page


def test_a_new_lead_keeps_the_old_one_a_member_while_its_shared_activities_count(tree, studios):
    alliance = register(tree, studios)
    shared(studios, alliance)
    alliances.save_alliance(
        by=tree.a_head,
        alliance=alliance,
        union=tree.company_a,
        name=alliance.name,
        lead_studio=studios.a2,
        members=[],
        founded_on=alliance.founded_on,
    )
    alliance.refresh_from_db()
    assert alliance.lead_studio == studios.a2
    assert set(alliance.members.all()) == {studios.a, studios.a2}
    assert activities(studios.a) == 1 and activities(studios.a2) == 1
    assert list(alliances.led_by(studios.a2)) == [alliance]
