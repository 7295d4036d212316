"""Appointing a studio's lead or a logger hands over its ledgers and files: only accounts of the
studio's own branch (or of the appointer's scope) can be appointed, and the forms tell nothing of
accounts elsewhere — an unknown username and one out of reach get the same message."""

import pytest

from studios.services.studio import leads_of, loggers_of
from tests.factories import StudioFactory, UserFactory, lead

pytestmark = pytest.mark.django_db
NEUTRAL = "没有您可以任命的账号使用此用户名"


def appoint_lead(client, studio, username):
    return client.post(f"/studios/{studio.pk}/lead/", {"mode": "existing", "existing-username": username})


def test_grassroots_staff_cannot_appoint_an_account_of_another_company(client, tree):
    studio = StudioFactory(host_union=tree.a1)
    client.force_login(tree.a1_staff)
    response = appoint_lead(client, studio, tree.b1_staff.username)
    body = response.content.decode()
    assert response.status_code == 200 and NEUTRAL in body
    assert tree.b1_staff.full_name not in body
    assert not leads_of(studio).exists()
    assert not tree.b1_staff.has_perm("studios.log_ledger", studio)


def test_an_unknown_and_an_out_of_reach_username_read_alike(client, tree):
    studio = StudioFactory(host_union=tree.a1)
    client.force_login(tree.a1_staff)
    unknown = appoint_lead(client, studio, "nobody-at-all").content.decode()
    elsewhere = appoint_lead(client, studio, tree.b1_staff.username).content.decode()
    assert NEUTRAL in unknown and NEUTRAL in elsewhere
    # the lead of a studio of another company, holding no union role, is out of reach too
    other = lead(StudioFactory(host_union=tree.b1), "lead_b1")
    assert NEUTRAL in appoint_lead(client, studio, other.username).content.decode()
    # an account with no tie to any union or studio shows nothing of whose it is: refused
    UserFactory(username="stray")
    assert NEUTRAL in appoint_lead(client, studio, "stray").content.decode()


def test_a_lead_cannot_let_an_account_of_another_company_log(client, tree):
    studio = StudioFactory(host_union=tree.a1)
    client.force_login(lead(studio, "lead_a1"))
    response = client.post(
        f"/studios/{studio.pk}/loggers/", {"username": tree.b1_staff.username}, follow=True
    )
    assert NEUTRAL in response.content.decode()
    assert not loggers_of(studio).exists()


def test_accounts_of_the_branch_and_of_the_appointers_scope_can_be_appointed(client, tree):
    studio = StudioFactory(host_union=tree.a1)
    colleague = lead(StudioFactory(host_union=tree.a1), "colleague")  # leads another studio of A1
    client.force_login(tree.a1_staff)
    assert appoint_lead(client, studio, "colleague").status_code == 302
    assert list(leads_of(studio)) == [colleague]
    # the lead of a sibling grassroots union lies outside both A1 and the A1 staff's scope
    sibling = lead(StudioFactory(host_union=tree.a2), "sibling_lead")
    assert NEUTRAL in appoint_lead(client, studio, sibling.username).content.decode()  # A1 staff: not A2


def test_leads_and_loggers_in_one_query_as_leads_of_and_loggers_of(tree, django_assert_num_queries):
    from studios.services.studio import allow_member_logging, leads_and_loggers

    studio = StudioFactory(host_union=tree.a1)
    other = StudioFactory(host_union=tree.a1)
    boss = lead(studio, full_name="王五")
    for name in ("赵六", "李四"):
        allow_member_logging(studio=studio, user=UserFactory(full_name=name))
    allow_member_logging(studio=other, user=UserFactory(full_name="别家"))
    with django_assert_num_queries(1):
        leads, loggers = leads_and_loggers(studio)
    assert leads == list(leads_of(studio)) == [boss]
    assert loggers == list(loggers_of(studio))
    assert {u.full_name for u in loggers} == {"赵六", "李四"}
    assert leads_and_loggers(StudioFactory(host_union=tree.a1)) == ([], [])
