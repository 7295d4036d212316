"""Conventions a person notices: the site says 您 (never 你) to them, and the README's table of demo
accounts lists every account `make run` (seed_demo) creates."""

import polib
from django.conf import settings

from studios.demo import studios, workflow
from unions.demo import tree


def test_the_readme_lists_every_demo_account():
    readme = (settings.BASE_DIR / "README.md").read_text()
    table = readme.split("### Demo accounts", 1)[1].split("\n## ", 1)[0]
    usernames = [tree.SUPERUSER[0]] + [a[0] for a in tree.ACCOUNTS + studios.ACCOUNTS + workflow.ACCOUNTS]
    missing = [name for name in usernames if f"`{name}`" not in table]
    assert not missing, f"demo accounts missing from the README: {missing}"


def test_the_site_addresses_people_as_nin_never_ni():
    po = polib.pofile(str(settings.BASE_DIR / "locale/zh_Hans/LC_MESSAGES/django.po"))
    familiar = [
        e.msgid
        for e in po
        if not e.obsolete and ("你" in e.msgstr or any("你" in v for v in e.msgstr_plural.values()))
    ]
    assert not familiar, f"translations that say 你 instead of 您: {familiar}"
