"""No internal word on any page: every page of the permission matrix, as every role allowed to open it,
in both languages, shows no snake_case code word and no raw choice value in its visible text.

The visible text is what a person reads: tags, scripts, styles and attribute values are stripped.
A raw choice value (`cultivating`, `self_assessed`) is the stored value of a TextChoices field of the
project's models; on a Chinese page every Latin word that is one is a leak, on an English page (where
"open" and "studios" are also words) a value beside an arrow ("pending → self_assessed") is.
"""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from zeal import zeal_ignore

from tests.conftest import module_world, pristine
from tests.security.matrix import MATRIX, ROLES
from tests.security.world import build

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("unions", "studios", "ledgers")
LANGUAGES = ("zh-hans", "en")
# Not a code word a person could be shown by mistake: a file name, an address, a path.
SNAKE = re.compile(r"(?<![\w.@/:\-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w.@/\-]|\.\w)")
WORD = re.compile(r"(?<![\w.@/:\-])[a-z][a-z0-9_]*(?![\w@/\-]|\.\w)")
ARROW = re.compile(r"([a-z][a-z0-9_]*)\s*→\s*([a-z][a-z0-9_]*)")


class VisibleText(HTMLParser):
    """The text nodes of a page outside <script>, <style> and <template>."""

    HIDDEN = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.nodes = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth and data.strip():
            self.nodes.append(data.strip())


def visible_nodes(html):
    parser = VisibleText()
    parser.feed(html)
    return parser.nodes


def choice_values():
    """Every stored value of a TextChoices vocabulary of the project (on a field or defined in a module)."""
    values = set()
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str):
                    values.add(value)

    def walk(cls):
        for sub in cls.__subclasses__():
            if sub.__module__.split(".")[0] in PROJECT_APPS:
                values.update(v for v in sub.values if isinstance(v, str))
            walk(sub)

    walk(models.TextChoices)
    # Only what looks like a code word: a lowercase Latin value (not "A", not "2025", not Chinese).
    return {v for v in values if re.fullmatch(r"[a-z][a-z0-9_]*", v)}


def leaks(nodes, language, values, allowed):
    found = set()
    for node in nodes:
        for token in SNAKE.findall(node):
            if token not in allowed:
                found.add(token)
        if language == "en":
            for pair in ARROW.findall(node):
                found.update(v for v in pair if v in values)
        else:
            found.update(t for t in WORD.findall(node) if t in values and t not in allowed)
    return found


def user_of(world, role):
    return None if role == "anonymous" else getattr(world, role)


def get(client, url):
    with transaction.atomic():
        response = client.get(url)
        transaction.set_rollback(True)
    return response


def is_page(response):
    return (
        response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and not response.streaming
    )


@pytest.fixture(scope="module")
def shared_plain_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The security suite's world, its texts as a person would write them, built once for the module."""
    yield from module_world(django_db_blocker, tmp_path_factory, build)


@pytest.fixture
def world(shared_plain_world):
    return pristine(shared_plain_world)


@pytest.fixture
def media_root(shared_plain_world):
    return shared_plain_world.media_root


@pytest.fixture
def allowed(world):
    """What people type or are called may have an underscore: the world's user names, file names."""
    from django.contrib.auth import get_user_model

    return set(get_user_model().objects.values_list("username", flat=True))


def walk_pages(client, world, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for role in ROLES:
        user = user_of(world, role)
        client.logout()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        if user is not None:
            client.force_login(user)
        for name, page in MATRIX.items():
            if page.post_only:
                continue
            for variant in page.variants(world):
                kwargs, query, allow = (*variant, page.allow)[:3]
                if role not in allow:
                    continue
                url = reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")
                response = get(client, url)
                if is_page(response):
                    yield f"{role} {url}", response.content.decode()


def admin_pages(client, world):
    """Every model's list in the Django admin, and the change page of the world's studios."""
    from django.contrib import admin
    from django.contrib.auth import get_user_model

    superuser = get_user_model().objects.create_superuser("t_sysadmin", "s@example.cn", "x-Demo-2026")
    client.force_login(superuser)
    for model in admin.site._registry:
        meta = model._meta
        yield reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    for studio in (world.studio, world.named):
        yield reverse("admin:studios_studio_change", args=[studio.pk])


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_of_the_matrix_shows_a_code_word_or_a_raw_choice_value(client, world, allowed, language):
    values = choice_values()
    problems, walked = [], 0
    for where, html in walk_pages(client, world, language):
        walked += 1
        found = leaks(visible_nodes(html), language, values, allowed)
        if found:
            problems.append(f"{language} {where}: {sorted(found)}")
    assert walked > 100
    assert not problems, f"{len(problems)} of {walked} pages show internal words:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_admin_list_shows_a_code_word_or_a_raw_choice_value(client, world, allowed, language):
    values = choice_values()
    problems = []
    allowed = allowed | {"t_sysadmin"}
    for url in admin_pages(client, world):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        with zeal_ignore():  # the admin's own pages load row by row; they are not ours to tune
            response = get(client, url)
        assert response.status_code == 200, url
        found = leaks(visible_nodes(response.content.decode()), language, values, allowed)
        if found:
            problems.append(f"{language} {url}: {sorted(found)}")
    assert not problems, f"{len(problems)} admin pages show internal words:\n" + "\n".join(problems)


# --- the instrument itself -------------------------------------------------------------------


def test_the_guard_sees_a_code_word_and_a_raw_value_but_not_attributes_or_scripts():
    values = {"cultivating", "self_assessed", "pending", "open"}
    html = (
        '<p title="training_headcount">成员 <b>training_headcount</b></p>'
        "<script>var economic_benefit = 1;</script><td>cultivating</td>"
        "<li>self_assess pending → self_assessed</li><p>t_lead 上传了 photo_1.jpg</p>"
    )
    nodes = visible_nodes(html)
    assert leaks(nodes, "zh-hans", values, {"t_lead"}) == {
        "training_headcount",
        "cultivating",
        "self_assess",
        "pending",
        "self_assessed",
    }
    assert leaks(["The call is open", "open → closed"], "en", values, set()) == {"open"}
    assert choice_values() >= {"cultivating", "named"}


# An amount of a thousand or more without its thousands separated ("12345.60"; unions/numbers.py).
BARE_AMOUNT = re.compile(r"(?<![\d,.\-])\d{4,}\.\d{2}(?![\d.])")


def test_no_page_of_the_matrix_prints_an_amount_without_thousands_separators(client, world):
    problems, walked = [], 0
    for where, html in walk_pages(client, world, "zh-hans"):
        walked += 1
        found = {m for node in visible_nodes(html) for m in BARE_AMOUNT.findall(node)}
        if found:
            problems.append(f"{where}: {sorted(found)}")
    assert walked > 100
    assert not problems, f"{len(problems)} of {walked} pages print bare amounts:\n" + "\n".join(problems)
