"""Names read in pinyin order (冯 feng, 何 he, 刘 liu, 吴 wu), not in code-point order
(何 U+4F55, 冯 U+51AF, 刘 U+5218, 吴 U+5434), and a search box finds a name by its pinyin."""

import datetime
import importlib

import pytest
from django.apps import apps

from ledgers.models import Member
from studios.models import Studio
from studios.services.studio import allow_member_logging, leads_and_loggers, loggers_of
from tests.factories import StudioFactory, UserFactory, lead
from unions import pinyin
from unions.models import User

pytestmark = pytest.mark.django_db

# In code-point order these read 何, 冯, 刘, 吴; in pinyin order 冯, 何, 刘, 吴.
SURNAMES = ["何", "冯", "刘", "吴"]
PINYIN_ORDER = ["冯", "何", "刘", "吴"]


def test_the_keys_are_the_full_pinyin_and_the_initials():
    assert pinyin.sort_key("王海峰") == "wanghaifeng"
    assert pinyin.initials("王海峰") == "whf"
    # A polyphone reads as in the phrase: 重庆 is chongqing, 长安 changan.
    assert pinyin.sort_key("重庆长安") == "chongqingchangan"
    assert pinyin.sort_key("ABC 工作室") == "abcgongzuoshi"
    assert sorted(SURNAMES) != PINYIN_ORDER
    assert sorted(SURNAMES, key=pinyin.sort_key) == PINYIN_ORDER


def test_the_keys_follow_every_save_of_the_name(tree):
    studio = StudioFactory(host_union=tree.a1, name="刘伟劳模创新工作室")
    assert (studio.name_pinyin, studio.name_initials) == ("liuweilaomochuangxingongzuoshi", "lwlmcxgzs")
    studio.name = "吴刚劳模创新工作室"
    studio.save(update_fields=["name"])
    studio.refresh_from_db()
    assert studio.name_pinyin.startswith("wugang")
    account = UserFactory(full_name="冯丽")
    account.refresh_from_db()
    assert (account.full_name_pinyin, account.full_name_initials) == ("fengli", "fl")


def test_the_studio_list_reads_in_pinyin_order(client, tree):
    for surname in SURNAMES:
        StudioFactory(host_union=tree.a1, name=f"{surname}师傅劳模创新工作室")
    client.force_login(tree.a_reviewer)
    for url in ("/studios/", "/ledgers/search/"):
        page = client.get(url).context["page"]
        assert [s.name[0] for s in page] == PINYIN_ORDER, url
        assert list(Studio.objects.filter(host_union=tree.a1).values_list("name", flat=True))[0][0] == "冯"


def test_the_member_ledger_and_the_leads_read_in_pinyin_order(client, tree):
    studio = StudioFactory(host_union=tree.a1)
    for surname in SURNAMES:
        Member.objects.create(studio=studio, name=f"{surname}强", joined_on=datetime.date(2024, 1, 1))
    chief = lead(studio, "t_pinyin_lead")
    client.force_login(chief)
    listed = client.get(f"/ledgers/studio/{studio.pk}/members/").content.decode()
    positions = [listed.index(f"{surname}强") for surname in PINYIN_ORDER]
    assert positions == sorted(positions)
    for surname in SURNAMES:
        allow_member_logging(studio=studio, user=UserFactory(full_name=f"{surname}明"))
    assert [u.full_name[0] for u in loggers_of(studio)] == PINYIN_ORDER
    assert [u.full_name[0] for u in leads_and_loggers(studio)[1]] == PINYIN_ORDER


# By the studio's name (王海峰劳模创新工作室) or its lead's (张伟 leads 节能降耗创新工作室).
@pytest.mark.parametrize(
    "query, found",
    [(q, "王海峰劳模创新工作室") for q in ("wang", "WangHai", "whf", "王海")]
    + [(q, "节能降耗创新工作室") for q in ("zhang", "zhangwei", "zw", "张伟")],
)
def test_a_studio_is_found_by_its_own_or_its_lead_s_name_in_pinyin_or_initials(client, tree, query, found):
    StudioFactory(host_union=tree.a1, name="王海峰劳模创新工作室", person_name="王海峰")
    StudioFactory(host_union=tree.a1, name="节能降耗创新工作室", person_name="张伟")
    StudioFactory(host_union=tree.a1, name="李明技能大师工作室", person_name="李明")
    client.force_login(tree.a_reviewer)
    for url in (f"/ledgers/search/?q={query}", f"/studios/?q={query}"):
        assert [s.name for s in client.get(url).context["page"]] == [found], url


def test_a_new_lead_s_name_gets_its_keys_and_old_rows_get_them_from_the_migration(tree):
    studio = StudioFactory(host_union=tree.a1, person_name="何平")
    assert (studio.person_name_pinyin, studio.person_name_initials) == ("heping", "hp")
    studio.person_name = "冯军"
    studio.save(update_fields=["person_name"])
    studio.refresh_from_db()
    assert studio.person_name_initials == "fj"
    Studio.objects.filter(pk=studio.pk).update(person_name_pinyin="", person_name_initials="")
    importlib.import_module("studios.migrations.0022_lead_name_pinyin_keys").fill_keys(apps, None)
    studio.refresh_from_db()
    assert (studio.person_name_pinyin, studio.person_name_initials) == ("fengjun", "fj")


def test_rows_saved_before_the_keys_get_them_from_the_data_migration(tree):
    studio = StudioFactory(host_union=tree.a1, name="何平劳模创新工作室")
    account = UserFactory(full_name="吴敏")
    member = Member.objects.create(studio=studio, name="冯军", joined_on=datetime.date(2024, 1, 1))
    Studio.objects.filter(pk=studio.pk).update(name_pinyin="", name_initials="")
    User.objects.filter(pk=account.pk).update(full_name_pinyin="", full_name_initials="")
    Member.objects.filter(pk=member.pk).update(name_pinyin="", name_initials="")
    for module in (
        "studios.migrations.0019_name_pinyin_keys",
        "unions.migrations.0006_name_pinyin_keys",
        "ledgers.migrations.0009_name_pinyin_keys",
    ):
        importlib.import_module(module).fill_keys(apps, None)
    studio.refresh_from_db(), account.refresh_from_db(), member.refresh_from_db()
    assert studio.name_initials == "hplmcxgzs"
    assert account.full_name_pinyin == "wumin"
    assert member.name_pinyin == "fengjun"


def test_accounts_an_onboarding_workbook_inserts_in_bulk_get_their_keys(tree, rf):
    from tests.unions.test_onboarding import GOOD_ACCOUNTS, GOOD_UNIONS, workbook
    from unions import onboarding

    onboarding.apply(
        workbook(GOOD_UNIONS, GOOD_ACCOUNTS), root=tree.province, by=tree.prov_admin, request=rf.get("/")
    )
    staff = User.objects.get(username="bus1_staff")  # 吴强
    assert (staff.full_name_pinyin, staff.full_name_initials) == ("wuqiang", "wq")
    renamed = [row[:] for row in GOOD_ACCOUNTS]
    renamed[1][1] = "何强"
    onboarding.apply(
        workbook(GOOD_UNIONS, renamed), root=tree.province, by=tree.prov_admin, request=rf.get("/")
    )
    staff.refresh_from_db()
    assert (staff.full_name, staff.full_name_pinyin, staff.full_name_initials) == ("何强", "heqiang", "hq")
