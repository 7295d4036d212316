"""The main create pages through the test client: a valid submission with one or more fields replaced by
generated input. The page answers 200 with errors or redirects, never 500; a refusal saves nothing."""

import datetime

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from studios.models import Studio
from tests.factories import StudioFactory
from tests.security.test_url_matrix import changed, fingerprint
from tests.security.world import pdf_bytes

from .conftest import FUZZ, count
from .strategies import for_field

pytestmark = pytest.mark.django_db

DAY = (datetime.date.today() - datetime.timedelta(days=5)).isoformat()


def _ledger(ledger, form_name, base):
    def target(w):
        from ledgers import forms as ledger_forms

        url = reverse("ledgers:add", kwargs={"studio_pk": w.studio.pk, "ledger": ledger})
        return url, w.lead, getattr(ledger_forms, form_name)(studio=w.studio), base(w)

    return target


def _studio(w):
    from studios.forms.studio import StudioForm

    base = {
        "name": "新登记工作室",
        "person_name": "带头人",
        "kind": "technical",
        "founded_on": "2020-03-01",
        "host_union": w.a1.pk,
    }
    return reverse("studios:create"), w.a1_staff, StudioForm(user=w.a1_staff), base


def _evidence(w):
    from studios.forms.studio import EvidenceStatementForm

    criterion = w.photo.evidence.criterion_id
    url = reverse("studios:evidence", args=[w.studio.pk, criterion])
    return url, w.a1_staff, EvidenceStatementForm(), {"description": "说明"}


def _campaign(w):
    from studios.forms.workflow import NewCampaignForm
    from studios.services.campaigns import default_criteria_set

    form = NewCampaignForm(organisers=[w.province])
    base = {
        "organiser": w.province.pk,
        "title": "新评选",
        "year": "2026",
        "naming_level": "provincial",
        "opens_on": "2026-01-01",
        "closes_on": "2026-03-01",
        "criteria_set": default_criteria_set().pk,
        "publicity_working_days": "5",
        "require_mature": "on",
    }
    return reverse("studios:campaign_create"), w.prov_head, form, base


def _review(w):
    from studios.forms.workflow import ReviewForm

    criteria = w.campaign.criteria_set.criteria.all()
    base = {"decision": "recommend", "score": "80", "reason": "好"}
    base.update({f"v_{c.pk}": "met" for c in criteria})
    url = reverse("studios:application_review", args=[w.in_review.pk])
    return url, w.a_reviewer, ReviewForm(criteria=criteria), base


def _grant(w):
    from ledgers.overview.forms import GrantForm

    base = {
        "union": w.company_a.pk,
        "year": "2025",
        "amount": "1000",
        "purpose": "创建经费",
        "document_number": "甲〔2025〕9号",
        "source": "union_funds",
        "granted_on": DAY,
    }
    url = reverse("ledgers:grant_create", args=[w.named.pk])
    return url, w.a_head, GrantForm(unions=[w.company_a]), base


def _add_child(w):
    from unions.forms import UnionForm

    base = {"name": "新基层工会", "code": "a1-new", "level": "grassroots", "unit": "", "region": ""}
    return reverse("unions:add_child", args=[w.company_a.pk]), w.a_admin, UnionForm(), base


def _invite(w):
    from unions.forms import InviteForm

    base = {"username": "new_staff", "full_name": "新经办人", "email": "n@example.cn", "role": "staff"}
    return reverse("unions:invite", args=[w.a1.pk]), w.a_admin, InviteForm(), base


def _application(w):
    from studios.forms.workflow import ApplicationForm

    fresh = StudioFactory(host_union=w.a1, stage=Studio.Stage.MATURE, name="新申报工作室", unit="某单位")
    criteria = w.campaign.criteria_set.criteria.all()
    base = {f"s_{c.code}": "情况说明" for c in criteria}
    base["plan"] = SimpleUploadedFile("方案.pdf", pdf_bytes())
    url = reverse("studios:file_form", args=[w.campaign.pk, fresh.pk])
    return url, w.a1_staff, ApplicationForm(criteria=criteria), base


def _score(w):
    from studios.views.assessments import ScoreForm

    criteria = w.named.criteria_set.criteria.all()
    base = {f"c_{c.pk}": "6" for c in criteria}
    base.update({"result": "pass", "comment": "评语"})
    url = reverse("studios:assessment_score", args=[w.assessment.pk])
    return url, w.a_reviewer, ScoreForm(criteria=criteria), base


TARGETS = {
    "studio": _studio,
    "evidence statement": _evidence,
    "member": _ledger(
        "members", "MemberForm", lambda w: {"name": "新成员", "role": "member", "joined_on": DAY}
    ),
    "activity": _ledger(
        "activities",
        "ActivityForm",
        lambda w: {
            "kind": "other",
            "date": DAY,
            "topic": "活动",
            "hours": "1",
            "participants": [w.rows.member.pk],
        },
    ),
    "training": _ledger(
        "trainings",
        "TrainingForm",
        lambda w: {"date": DAY, "title": "培训", "sessions": "1", "headcount": "5"},
    ),
    "achievement": _ledger(
        "achievements",
        "AchievementForm",
        lambda w: {"kind": "patent", "title": "成果", "date": DAY, "economic_benefit": "1.5"},
    ),
    "fund entry": _ledger(
        "funds",
        "FundEntryForm",
        lambda w: {"direction": "expenditure", "date": DAY, "amount": "100", "use": "activities"},
    ),
    "campaign": _campaign,
    "review": _review,
    "grant": _grant,
    "union": _add_child,
    "invitation": _invite,
    "application": _application,
    "assessment score": _score,
}


def mutations(form, base):
    """The valid submission `base` with 1–3 of the form's fields replaced by generated input."""
    names = list(form.fields)

    @st.composite
    def build(draw):
        chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
        data = dict(base)
        for name in chosen:
            data[name] = draw(for_field(form.fields[name]))
        return data

    return build()


def refused(response):
    """The page said no: a form shown again with errors, or an error message."""
    if any(m.level >= messages.ERROR for m in get_messages(response.wsgi_request)):
        return True
    if response.status_code != 200:
        return False
    contexts = response.context or []
    contexts = contexts if isinstance(contexts, list) else [contexts]
    forms_shown = [v for context in contexts for v in context.flatten().values() if hasattr(v, "errors")]
    return any(form.errors for form in forms_shown if getattr(form, "is_bound", False))


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_a_create_page_answers_generated_input_without_500_or_partial_save(client, world, name):
    url, user, form, base = TARGETS[name](world)
    client.force_login(user)
    seen = {"refused": 0, "saved": 0}

    @FUZZ
    @given(mutations(form, base))
    def fuzz(data):
        count()
        for value in data.values():
            if hasattr(value, "seek"):
                value.seek(0)
        with transaction.atomic():
            before = fingerprint()
            response = client.post(url, data)
            after = fingerprint()
            transaction.set_rollback(True)
        assert response.status_code in (200, 302), response.status_code
        if refused(response):
            seen["refused"] += 1
            # A refused form keeps its checked files for the one who sent it, and nothing else
            # (unions.uploads.hold; tests/ledgers/test_kept_files.py).
            saved = [label for label in changed(before, after) if label != "unions.PendingUpload"]
            assert not saved, f"a refused submission saved {saved}"
            owners = {row[1] for row in after.get("unions.PendingUpload", [])} - {
                row[1] for row in before.get("unions.PendingUpload", [])
            }
            assert owners <= {user.pk}, owners
        else:
            seen["saved"] += 1

    fuzz()
    assert seen["refused"], "no generated submission was refused: the mutations are too tame"


def test_an_id_beyond_64_bits_among_the_participants_is_an_invalid_choice(client, world):
    client.force_login(world.lead)
    url = reverse("ledgers:add", kwargs={"studio_pk": world.studio.pk, "ledger": "activities"})
    data = {"kind": "other", "date": DAY, "topic": "活动", "hours": "1", "participants": [str(2**63)]}
    response = client.post(url, data)
    assert response.status_code == 200
    assert str(2**63) in response.content.decode()  # "… is not a valid value", beside the field
