"""A studio's life after naming: its lead replaced (带头人变更) or the studio dissolved (撤销/注销).

A request is filed by the host union (permissions.can_file_change), approved or refused at the
naming level (permissions.can_approve_change), all through studios.workflow (the table is
studios/machines/change.py), so every move is in the TransitionLog and on the studio's timeline.
Approving a lead change writes the new lead onto the studio (its change history shows it);
approving a dissolution makes the studio's own "dissolve" move (studios/machines/lifecycle.py):
the studio is kept with its ledgers, titles and certificates, read-only, the titles inactive.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from unions.models import Role
from unions.notifications import notify, users_with_roles

from .. import permissions, workflow
from ..models import LEAD_FIELDS, Studio, StudioChange, TransitionLog
from . import studio as studio_services
from .titles import approving_union

APPROVERS = (Role.REVIEWER, Role.HEAD)
FILERS = (Role.STAFF, Role.HEAD)


# --- filing ----------------------------------------------------------------------------------


@transaction.atomic
def file_change(*, studio, kind, by, reason, effective_on, **fields):
    """Write the request and file it (one transaction): the "file" move checks and logs it."""
    allowed = set(LEAD_FIELDS) | {"new_name"} if kind == StudioChange.Kind.LEAD else {"cause"}
    change = StudioChange.objects.create(
        studio=studio,
        kind=kind,
        reason=reason,
        effective_on=effective_on,
        filed_by=by,
        previous_person_name=studio.person_name,
        previous_name=studio.name,
        **{name: value for name, value in fields.items() if name in allowed and value is not None},
    )
    return workflow.transition(change, "file", by=by, comment=reason)


def check_file(change, **kwargs):
    studio = change.studio
    if studio.stage == Studio.Stage.DISSOLVED:
        raise workflow.TransitionError(_("This studio is dissolved; its record is kept read-only."))
    if change.kind == StudioChange.Kind.LEAD and not change.person_name.strip():
        raise workflow.TransitionError(_("Please give the name of the new lead."))
    if change.kind == StudioChange.Kind.DISSOLUTION and not change.cause:
        raise workflow.TransitionError(_("Please give the cause of the dissolution."))
    if StudioChange.objects.pending().filter(studio=studio, kind=change.kind).exclude(pk=change.pk).exists():
        raise workflow.TransitionError(
            _("A request of this kind for this studio is already awaiting approval.")
        )


# --- the decision ----------------------------------------------------------------------------


def check_approve(change, **kwargs):
    if change.studio.stage == Studio.Stage.DISSOLVED:
        raise workflow.TransitionError(_("This studio is dissolved; its record is kept read-only."))


def on_approve(change, *, by, comment="", **kwargs):
    """Do what the approved request asks, on the studio (locked), in the move's transaction."""
    deciding = approving_union(change.studio)  # as it was before the move: the log credits it
    studio = Studio.objects.select_for_update().get(pk=change.studio_id)
    studio._approving_union = deciding
    if change.kind == StudioChange.Kind.LEAD:
        for name in LEAD_FIELDS:
            setattr(studio, name, getattr(change, name))
        if change.new_name.strip():
            studio.name = change.new_name.strip()
        studio._history_user = by
        studio._change_reason = change.reason[:100]
        studio.save()
    else:
        with permissions.dissolving():
            studio = workflow.transition(
                studio, "dissolve", by=by, comment=change.reason, dissolved_on=change.effective_on
            )
        studio._approving_union = deciding
    change.studio = studio


def record_dissolution(studio, *, by, dissolved_on=None, **kwargs):
    """The effect of the studio's "dissolve" move: the day it ended (the request's effective date)."""
    from django.utils import timezone

    studio.dissolved_on = dissolved_on or timezone.localdate()
    studio._history_user = by


def deciding_union(change):
    """The union on whose behalf the decision is made, for the log."""
    return approving_union(change.studio)


def host_union(change):
    return change.studio.host_union


# --- notices -----------------------------------------------------------------------------------


def _link(change):
    return reverse("studios:change_detail", args=[change.pk])


def notify_approvers(change, log):
    """On filing: the approvers, to decide; the studio's lead, to know."""
    names = {"kind": change.get_kind_display(), "studio": change.studio.name}
    notify(
        users_with_roles(approving_union(change.studio), APPROVERS),
        _("%(kind)s of %(studio)s awaits your approval.") % names,
        _link(change),
    )
    notify(
        studio_services.leads_of(change.studio), _("%(kind)s of %(studio)s was filed.") % names, _link(change)
    )


def notify_approvers_withdrawn(change, log):
    text = _("%(kind)s of %(studio)s was withdrawn by its filer.") % {
        "kind": change.get_kind_display(),
        "studio": change.studio.name,
    }
    notify(users_with_roles(approving_union(change.studio), APPROVERS), text, _link(change))


def notify_decision(message):
    def send(change, log):
        text = str(message) % {"kind": change.get_kind_display(), "studio": change.studio.name}
        people = users_with_roles(change.studio.host_union, FILERS) + list(
            studio_services.leads_of(change.studio)
        )
        notify(people, text, _link(change))

    return send


# --- the studio's timeline ---------------------------------------------------------------------


def studio_timeline(studio):
    """The studio's own moves and those of its change requests, oldest first, in one query; each labelled
    (studios.workflow.label_logs), a request's with the kind of request as `request_label`."""
    from django.db.models import OuterRef, Q, Subquery

    of_studio = ContentType.objects.get_for_model(Studio)
    of_change = ContentType.objects.get_for_model(StudioChange)
    logs = list(
        TransitionLog.objects.filter(
            Q(content_type=of_studio, object_id=studio.pk)
            | Q(content_type=of_change, object_id__in=StudioChange.objects.filter(studio=studio).values("pk"))
        )
        .annotate(
            change_kind=Subquery(StudioChange.objects.filter(pk=OuterRef("object_id")).values("kind")[:1])
        )
        .select_related("actor", "union")
        .order_by("at", "pk")
    )
    kinds = dict(StudioChange.Kind.choices)
    studio_logs = [log for log in logs if log.content_type_id == of_studio.pk]
    change_logs = [log for log in logs if log.content_type_id == of_change.pk]
    workflow.label_logs(studio_logs, Studio)
    workflow.label_logs(change_logs, StudioChange)
    for log in change_logs:
        log.request_label = kinds.get(log.change_kind, "")
    return logs


def pending_for(user, limit=None):
    """The filed requests `user` may approve or refuse, oldest first (constant queries: the studios,
    their unions and titles read with the requests)."""
    from django.db.models import Prefetch

    from ..models import Naming

    candidates = (
        StudioChange.objects.visible_to(user)
        .pending()
        .select_related("studio__host_union", "filed_by")
        .prefetch_related(
            Prefetch("studio__namings", queryset=Naming.objects.select_related("named_by").order_by("pk"))
        )
        .order_by("created_at", "pk")
    )
    changes = list(candidates)
    _read_parents([change.studio for change in changes])
    found = [change for change in changes if permissions.can_approve_change(user, change)]
    return found[:limit] if limit else found


def _read_parents(studios):
    """Put the host union's parent on each studio with no active title (approving_union reads it), in
    one query for all of them."""
    from unions.models import Union

    from .titles import highest_naming

    untitled = []
    for studio in studios:
        naming = highest_naming(studio)
        if naming is None:
            untitled.append(studio)
        else:
            studio._approving_union = naming.named_by
    paths = {studio.host_union.path[: -Union.steplen] for studio in untitled if studio.host_union.depth > 1}
    parents = {union.path: union for union in Union.objects.filter(path__in=paths)} if paths else {}
    for studio in untitled:
        studio._approving_union = parents.get(studio.host_union.path[: -Union.steplen], studio.host_union)
