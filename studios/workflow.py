"""Every state and transition of the project, in one table, and the one function that moves them.

Views never write a state field: they call `transition(obj, "action", by=user, ...)`,
which locks the row, checks the move (state, role and scope, domain rules), writes
the new state, records a TransitionLog row in the same transaction, and queues the
notices for whoever must act next. A refused move raises and leaves no trace.

Each model's moves are a list of `Move`s registered under its label in MOVES; the tables
are studios/machines/, one module per machine, registered once from StudiosConfig.ready().
Who may make a move is a predicate of studios/permissions.py, what it checks and does a
plain function of studios/services/, so that a reader can scan a table in one screen.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import TransitionLog


@dataclass(frozen=True)
class Move:
    action: str
    sources: tuple[str, ...]
    target: str
    label: str  # lazy, Chinese through gettext
    # allowed(user, obj) -> bool: role and scope, through unions.access.
    allowed: Callable
    # check(obj, **kwargs) raises ValidationError with a message for the person; optional.
    check: Callable | None = None
    # effect(obj, by=user, **kwargs) does the rest of the move (e.g. create a naming); optional.
    effect: Callable | None = None
    # union(obj) -> the union on whose behalf the move is made, for the log; optional.
    union: Callable | None = None
    # notify(obj, log) -> None, queued after commit; optional.
    notify: Callable | None = None
    needs_comment: bool = False
    extra: dict = field(default_factory=dict)


@dataclass
class Machine:
    state_field: str
    moves: dict[str, Move]


MOVES: dict[str, Machine] = {}


class TransitionError(ValidationError):
    """A move that is not possible from here, with the reason in the message."""


def register(model, state_field, moves):
    """Add the moves of `model` (a class) to the table."""
    machine = MOVES.setdefault(model._meta.label, Machine(state_field=state_field, moves={}))
    for move in moves:
        machine.moves[move.action] = move


def machine_for(obj):
    return MOVES[obj._meta.label]


def available(obj, user):
    """The moves this user may make on this object now (for buttons)."""
    machine = machine_for(obj)
    state = getattr(obj, machine.state_field)
    return [m for m in machine.moves.values() if state in m.sources and m.allowed(user, obj)]


def transition(obj, action, *, by, comment="", **kwargs):
    """Make the move `action` on `obj` as user `by`; return the object in its new state."""
    machine = machine_for(obj)
    move = machine.moves.get(action)
    if move is None:
        raise TransitionError(_("Unknown action."))
    with transaction.atomic():
        locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        state = getattr(locked, machine.state_field)
        if state not in move.sources:
            raise TransitionError(
                _("“%(action)s” is not possible while the state is “%(state)s”."),
                params={"action": move.label, "state": _state_label(locked, machine, state)},
            )
        if not move.allowed(by, locked):
            raise PermissionDenied(_("You may not do this."))
        if move.needs_comment and not (comment or "").strip():
            raise TransitionError(_("Please give a reason."))
        if move.check:
            move.check(locked, by=by, comment=comment, **kwargs)
        setattr(locked, machine.state_field, move.target)
        if move.effect:
            move.effect(locked, by=by, comment=comment, **kwargs)
        locked.save()
        log = TransitionLog.objects.create(
            content_type=ContentType.objects.get_for_model(locked),
            object_id=locked.pk,
            action=move.action,
            from_state=state,
            to_state=move.target,
            actor=by,
            union=move.union(locked) if move.union else None,
            comment=comment or "",
        )
        if move.notify:
            transaction.on_commit(lambda: move.notify(locked, log))
    return locked


def history(obj):
    """The timeline of one object, oldest first."""
    return (
        TransitionLog.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
        .select_related("actor", "union")
        .order_by("at", "pk")
    )


def done_message(obj, action):
    """What a person is told after a move: which move was made and the state it left `obj` in."""
    machine = machine_for(obj)
    move = machine.moves[action]
    return _("“%(action)s” is done; the state is now “%(state)s”.") % {
        "action": move.label,
        "state": _state_label(obj, machine, getattr(obj, machine.state_field)),
    }


def labelled_history(obj):
    """history(obj) with what a person reads of each entry: `action_label`, `from_label`, `to_label`."""
    return label_logs(list(history(obj)), type(obj))


def label_logs(logs, model=None):
    """Give each TransitionLog the labels of its move and states (its own model's machine, or `model`'s);
    an action or state a table no longer knows keeps a neutral word, never its code."""
    states_of = {}
    for log in logs:
        kind = model or log.content_type.model_class()
        if kind not in states_of:
            machine = MOVES.get(kind._meta.label) if kind else None
            states = dict(kind._meta.get_field(machine.state_field).flatchoices) if machine else {}
            states_of[kind] = (machine, states)
        machine, states = states_of[kind]
        move = machine.moves.get(log.action) if machine else None
        log.action_label = move.label if move else _("State change")
        log.from_label = states.get(log.from_state, "—")
        log.to_label = states.get(log.to_state, "—")
    return logs


def _state_label(obj, machine, state):
    field_ = obj._meta.get_field(machine.state_field)
    return dict(field_.flatchoices).get(state, state)
