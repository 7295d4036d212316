"""The admin speaks the person's language: every model of the project is registered, its names
and the labels of its list columns are translated (the lists themselves are walked for code words
by tests/test_visible_text.py)."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.utils import translation

PROJECT_APPS = ("unions", "studios", "ledgers")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def project_models():
    """Our models, but simple_history's snapshots, which each model's admin history page shows."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and not model.__name__.startswith("Historical")
    ]


def test_every_model_is_registered():
    missing = [model._meta.label for model in project_models() if model not in admin.site._registry]
    assert not missing
    assert len(project_models()) >= 50


@pytest.mark.parametrize("language", ["zh-hans"])
def test_every_model_name_and_list_column_is_translated(language):
    untranslated = []
    with translation.override(language):
        for model in project_models():
            meta = model._meta
            for name in (meta.verbose_name, meta.verbose_name_plural):
                if not CHINESE.search(str(name)):
                    untranslated.append(f"{meta.label}: {name}")
            model_admin = admin.site._registry[model]
            for field in model_admin.get_list_display(None):
                if field == "__str__" or field == "action_checkbox":
                    continue
                label = label_for_field(field, model, model_admin)
                if not CHINESE.search(str(label)):
                    untranslated.append(f"{meta.label}.{field}: {label}")
    assert not untranslated, "\n".join(untranslated)


@pytest.mark.django_db
def test_the_studio_admin_finds_a_studio_by_its_lead_s_initials(admin_client, tree):
    from tests.factories import StudioFactory

    StudioFactory(host_union=tree.a1, name="节能降耗创新工作室", person_name="张伟")
    StudioFactory(host_union=tree.a1, name="李明技能大师工作室", person_name="李明")
    page = admin_client.get("/admin/studios/studio/?q=zw").content.decode()
    assert "节能降耗创新工作室" in page and "李明技能大师工作室" not in page
