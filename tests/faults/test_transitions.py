"""Every state change is in the history, and a refused or failed move leaves no trace but its error:
no state written, no history row, no notice queued, nothing its effect had begun to write."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from studios import workflow
from studios.models import Application, Naming, Objection, Publicity, Studio, TransitionLog
from studios.services import publicity
from tests.security.test_url_matrix import changed, fingerprint

pytestmark = [pytest.mark.fault, pytest.mark.django_db]

S = Application.Status


def test_every_state_in_the_world_is_where_its_history_ends(world):
    """The world was built through the services: each object's history runs unbroken to its state."""
    checked = 0
    for label, machine in workflow.MOVES.items():
        model = apps.get_model(label)
        default = model._meta.get_field(machine.state_field).default
        for obj in model._default_manager.all():
            logs = list(workflow.history(obj))
            state = getattr(obj, machine.state_field)
            if not logs:
                # Only studios are set up directly in a later stage (by the factory), never moved.
                assert state == default or label == "studios.Studio", (label, obj.pk, state)
                continue
            assert logs[0].from_state == default or label == "studios.Studio", (label, obj.pk)
            for before, after in zip(logs, logs[1:], strict=False):
                assert after.from_state == before.to_state, (label, obj.pk, before.action, after.action)
            assert logs[-1].to_state == state, (label, obj.pk, logs[-1].action)
            assert all(log.actor_id for log in logs)
            checked += 1
    assert checked >= 6  # the campaign, two applications, the package, an expert assignment, an assessment


def test_a_move_is_recorded_with_who_when_from_to_union_and_comment(world):
    from studios.models.review import Decision, VerdictChoice

    verdicts = {c.pk: (VerdictChoice.MET, "") for c in world.campaign.criteria_set.criteria.all()}
    before = timezone.now()
    app = workflow.transition(
        world.in_review,
        "recommend",
        by=world.a_reviewer,
        comment="同意推荐",
        decision=Decision.RECOMMEND,
        score=90,
        reason="",
        verdicts=verdicts,
    )
    log = list(workflow.history(app))[-1]
    assert (log.action, log.from_state, log.to_state) == ("recommend", S.SUBMITTED, S.RECOMMENDED)
    assert (log.actor, log.union, log.comment) == (world.a_reviewer, world.company_a, "同意推荐")
    assert log.at >= before
    assert Application.objects.get(pk=app.pk).status == S.RECOMMENDED


def refused_without_trace(move, error, django_capture_on_commit_callbacks):
    before, logs = fingerprint(), TransitionLog.objects.count()
    with django_capture_on_commit_callbacks() as queued, pytest.raises(error) as raised:
        move()
    assert not changed(before, fingerprint()), changed(before, fingerprint())
    assert TransitionLog.objects.count() == logs
    assert queued == [], "a refused move queued a notice"
    return raised.value


@pytest.mark.parametrize(
    "case",
    [
        "not_from_this_state",
        "another_branch",
        "a_filer_recommending",
        "unknown_action",
        "check_fails",
        "reason_missing",
    ],
)
def test_a_refused_application_move_leaves_no_trace_but_its_error(
    world, case, django_capture_on_commit_callbacks
):
    app = world.in_review
    moves = {
        "not_from_this_state": (
            lambda: workflow.transition(app, "name", by=world.prov_head),
            workflow.TransitionError,
        ),
        "another_branch": (
            lambda: workflow.transition(app, "reject", by=world.b_reviewer, comment="越权"),
            PermissionDenied,
        ),
        "a_filer_recommending": (
            lambda: workflow.transition(app, "recommend", by=world.a1_staff),
            PermissionDenied,
        ),
        "unknown_action": (
            lambda: workflow.transition(app, "approve_everything", by=world.a_head),
            workflow.TransitionError,
        ),
        # No verdicts on the criteria: the review's own check refuses.
        "check_fails": (
            lambda: workflow.transition(
                app, "recommend", by=world.a_reviewer, score=80, reason="", verdicts={}
            ),
            workflow.TransitionError,
        ),
        "reason_missing": (
            lambda: workflow.transition(app, "return", by=world.a_reviewer, comment=""),
            workflow.TransitionError,
        ),
    }
    move, error = moves[case]
    message = refused_without_trace(move, error, django_capture_on_commit_callbacks)
    assert str(message)  # the person is told why
    assert Application.objects.get(pk=app.pk).status == S.SUBMITTED


@pytest.mark.parametrize("case", ["already_mature", "another_branch", "no_reason"])
def test_a_refused_studio_move_leaves_no_trace_but_its_error(world, case, django_capture_on_commit_callbacks):
    studio = world.studio
    moves = {
        "already_mature": (
            lambda: workflow.transition(studio, "mature", by=world.a1_staff),
            workflow.TransitionError,
        ),
        "another_branch": (
            lambda: workflow.transition(studio, "back_to_cultivating", by=world.b1_staff, comment="越权"),
            PermissionDenied,
        ),
        "no_reason": (
            lambda: workflow.transition(studio, "back_to_cultivating", by=world.a1_staff, comment=" "),
            workflow.TransitionError,
        ),
    }
    move, error = moves[case]
    refused_without_trace(move, error, django_capture_on_commit_callbacks)
    assert Studio.objects.get(pk=studio.pk).stage == Studio.Stage.MATURE


def test_a_naming_that_fails_half_way_takes_back_what_it_had_written(
    world, django_capture_on_commit_callbacks
):
    """The 公示 is over and the objection dismissed, but the studio was sent back to cultivating meanwhile:
    the naming creates its certificate, then the studio's move is refused — and everything is undone."""
    app = world.sent
    today = timezone.localdate()
    Publicity.objects.filter(pk=app.publicity_id).update(
        starts_on=today - datetime.timedelta(days=40), ends_on=today - datetime.timedelta(days=30)
    )
    publicity.resolve_objection(
        objection=world.objection,
        resolution=Objection.Resolution.DISMISSED,
        note="经核查不属实",
        by=world.prov_head,
    )
    workflow.transition(world.second, "back_to_cultivating", by=world.a1_staff, comment="整改")
    app.refresh_from_db()
    namings = Naming.objects.count()

    error = refused_without_trace(
        lambda: workflow.transition(app, "name", by=world.prov_head),
        workflow.TransitionError,
        django_capture_on_commit_callbacks,
    )
    assert "培育中" in str(error)  # refused by the studio's move, after the Naming row was written
    assert Naming.objects.count() == namings  # the certificate the effect had created is gone
    assert Application.objects.get(pk=app.pk).status == S.PUBLICITY
    assert Studio.objects.get(pk=world.second.pk).stage == Studio.Stage.CULTIVATING
