"""Every form class of the project, found in its modules, fed generated input: errors, never exceptions.

A form class with no entry in FORMS fails the first test, so a new form is fuzzed from the day it exists.
"""

import importlib
import inspect
import pkgutil

import pytest
from crispy_forms.utils import render_crispy_form
from django import forms
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from .conftest import FUZZ, count
from .strategies import form_input

pytestmark = pytest.mark.django_db


def _recommended(w):
    from studios.models import Review

    w.sent.recommendation = Review.objects.filter(application=w.sent).order_by("pk").first()
    return [w.sent]


def _assessment_moves(w):
    from studios import workflow

    return list(workflow.machine_for(w.assessment).moves.values())


# form class → the keyword arguments its view gives it, from the world.
FORMS = {
    "unions.forms.UnionForm": lambda w: {"instance": w.a1},
    "unions.forms.InviteForm": lambda w: {},
    "unions.forms.ProfileForm": lambda w: {"instance": w.a1_staff},
    "unions.onboarding.WorkbookForm": lambda w: {},
    "unions.onboarding.UnionRowForm": lambda w: {},
    "unions.onboarding.AccountRowForm": lambda w: {},
    "unions.onboarding.SetupCodeForm": lambda w: {},
    "studios.services.history_import.StudioRowForm": lambda w: {},
    "studios.services.history_import.TitleRowForm": lambda w: {},
    "studios.forms.packages.CompileForm": lambda w: {},
    "studios.forms.studio.StudioForm": lambda w: {"user": w.a1_staff},
    "studios.forms.studio.EvidenceStatementForm": lambda w: {},
    "studios.forms.studio.EvidenceFileForm": lambda w: {},
    "studios.forms.studio.ExistingAccountForm": lambda w: {},
    "studios.forms.studio.NewLeadForm": lambda w: {},
    "studios.forms.studio.MoveForm": lambda w: {},
    "studios.forms.change.LeadChangeForm": lambda w: {"studio": w.studio},
    "studios.forms.change.DissolutionForm": lambda w: {"studio": w.studio},
    "studios.forms.workflow.CampaignForm": lambda w: {"instance": w.campaign},
    "studios.forms.workflow.NewCampaignForm": lambda w: {"organisers": [w.province, w.company_a]},
    "studios.forms.workflow.QuotaForm": lambda w: {"unions": [w.company_a, w.company_b], "current": {}},
    "studios.forms.workflow.ApplicationForm": lambda w: {"criteria": w.campaign.criteria_set.criteria.all()},
    "studios.forms.workflow.ReviewForm": lambda w: {"criteria": w.campaign.criteria_set.criteria.all()},
    "studios.forms.workflow.RankForm": lambda w: {"applications": _recommended(w)},
    "studios.forms.workflow.ReceiptForm": lambda w: {"applications": type(w.sent).objects.all()},
    "studios.forms.workflow.ExpertForm": lambda w: {"organiser": w.province},
    "studios.forms.workflow.AssignForm": lambda w: {"experts": type(w.profile).objects.all()},
    "studios.forms.workflow.ScoreForm": lambda w: {"dimensions": w.campaign.dimensions.all()},
    "studios.forms.workflow.DeclarationForm": lambda w: {},
    "studios.forms.workflow.SiteVisitForm": lambda w: {},
    "ledgers.forms.AllianceForm": lambda w: {
        "unions": type(w.company_a).objects.filter(path__startswith=w.company_a.path),
        "studios": type(w.studio).objects.filter(host_union__path__startswith=w.company_a.path),
        "alliance": w.alliance,
    },
    "studios.forms.workflow.MeetingForm": lambda w: {
        "applications": type(w.sent).objects.all(),
        "exemplary_tier": True,
    },
    "studios.forms.workflow.PublishForm": lambda w: {"candidates": type(w.sent).objects.all()},
    "studios.forms.workflow.ObjectionForm": lambda w: {"applications": type(w.sent).objects.all()},
    "studios.forms.workflow.ResolveForm": lambda w: {},
    "studios.forms.public.PublicObjectionForm": lambda w: {"applications": type(w.sent).objects.all()},
    "studios.forms.public.VerifyForm": lambda w: {},
    "studios.forms.workflow.ReasonForm": lambda w: {},
    "studios.views.assessments.OpenRoundForm": lambda w: {"user": w.a_head},
    "studios.views.assessments.SelfAssessmentForm": lambda w: {},
    "studios.views.assessments.ScoreForm": lambda w: {"criteria": w.named.criteria_set.criteria.all()},
    "studios.views.assessments.DecisionForm": lambda w: {"moves": _assessment_moves(w)},
    "ledgers.forms.MemberForm": lambda w: {"studio": w.studio},
    "ledgers.forms.MemberLeftForm": lambda w: {"member": w.rows.other_member},
    "ledgers.forms.VoidForm": lambda w: {},
    "ledgers.forms.ActivityForm": lambda w: {"studio": w.studio},
    "ledgers.forms.TrainingForm": lambda w: {"studio": w.studio},
    "ledgers.forms.AchievementForm": lambda w: {"studio": w.studio},
    "ledgers.forms.FundEntryForm": lambda w: {"studio": w.studio},
    "ledgers.forms.FilterForm": lambda w: {
        "kind_label": "类型",
        "kind_choices": type(w.rows.activity).Kind.choices,
        "with_status": True,
    },
    "ledgers.forms.ImportForm": lambda w: {},
    "ledgers.overview.forms.SearchForm": lambda w: {},
    "ledgers.overview.forms.GrantForm": lambda w: {"unions": [w.company_a]},
    "ledgers.overview.forms.BatchGrantForm": lambda w: {"union": w.company_a, "studios": [w.named]},
    "ledgers.overview.forms.EarmarkForm": lambda w: {},
    "ledgers.overview.forms.StatisticsYearForm": lambda w: {},
    "ledgers.overview.forms.ApiTokenForm": lambda w: {},
}
# Forms edited on an existing row as well as on a new one.
EDITS = {
    "ledgers.forms.MemberForm": lambda w: w.rows.member,
    "ledgers.forms.ActivityForm": lambda w: w.rows.activity,
    "ledgers.forms.TrainingForm": lambda w: w.rows.training,
    "ledgers.forms.AchievementForm": lambda w: w.rows.achievement,
    "ledgers.forms.FundEntryForm": lambda w: w.rows.spending,
    "studios.forms.studio.StudioForm": lambda w: w.studio,
}


def project_forms():
    """Every Form / ModelForm class defined in the project's modules."""
    found = {}
    for app in ("unions", "studios", "ledgers"):
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            module = importlib.import_module(info.name)
            for obj in vars(module).values():
                if (
                    inspect.isclass(obj)
                    and issubclass(obj, forms.BaseForm)
                    and obj.__module__ == module.__name__
                ):
                    found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return found


def test_every_form_class_of_the_project_is_fuzzed():
    found = set(project_forms())
    assert found - set(FORMS) == set(), (
        f"forms with no entry in tests/fuzz/test_forms.py: {found - set(FORMS)}"
    )
    assert set(FORMS) - found == set(), f"entries for forms that no longer exist: {set(FORMS) - found}"


def _check(form_class, kwargs, data, uploads):
    form = form_class(data, uploads, **kwargs)
    with transaction.atomic():  # a clean() that wrote would be undone, and seen by the view tests
        form.is_valid()
        form.errors.as_json()
        render_crispy_form(form)
        transaction.set_rollback(True)


TARGETS = sorted(FORMS) + [f"{name} (edit)" for name in sorted(EDITS)]


@pytest.mark.parametrize("target", TARGETS)
def test_a_form_answers_any_input_with_errors_never_an_exception(world, target):
    name = target.removesuffix(" (edit)")
    form_class = project_forms()[name]
    kwargs = FORMS[name](world)
    if target.endswith("(edit)"):
        kwargs["instance"] = EDITS[name](world)
    blank = form_class(**kwargs)

    @FUZZ
    @given(form_input(blank))
    def fuzz(case):
        count()
        data, uploads = case
        _check(form_class, kwargs, data, uploads)

    fuzz()


def test_the_dimensions_formset_answers_any_management_data(world):
    from studios.forms.workflow import DimensionFormSet

    prefix = DimensionFormSet(instance=world.campaign).prefix
    from .strategies import numbers, text

    @FUZZ
    @given(
        st.fixed_dictionaries(
            {
                f"{prefix}-TOTAL_FORMS": numbers,
                f"{prefix}-INITIAL_FORMS": numbers,
                f"{prefix}-0-name": text,
                f"{prefix}-0-max_points": numbers,
                f"{prefix}-0-position": numbers,
                f"{prefix}-0-id": numbers,
                f"{prefix}-0-DELETE": st.sampled_from(["on", ""]),
            }
        )
    )
    def fuzz(data):
        count()
        formset = DimensionFormSet(data, instance=world.campaign)
        with transaction.atomic():
            formset.is_valid()
            str(formset.non_form_errors())
            str(formset.management_form)
            str(formset.errors)
            transaction.set_rollback(True)

    fuzz()
