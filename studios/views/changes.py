"""Pages of a studio's life after naming: file a lead change or a dissolution, the approver's list of
pending requests, and one request with its moves (approve, refuse, withdraw).

Every request is fetched through StudioChange.objects.visible_to() (the studio's scope, unions.access),
so a request of another branch is a 404; the moves are studios/machines/change.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from unions import access

from .. import permissions, workflow
from ..forms.change import FORMS
from ..forms.studio import MoveForm
from ..models import Studio, StudioChange
from ..services import changes as services

RECENT = 50


@login_required
def change_file(request, pk, kind):
    """File a lead change or a dissolution for one studio: its host union's clerk or head (or above)."""
    studio = get_object_or_404(Studio.objects.visible_to(request.user).select_related("host_union"), pk=pk)
    form_class = FORMS.get(kind)
    if form_class is None:
        raise Http404
    access.require(permissions.can_file_change(request.user, studio))
    form = form_class(request.POST or None, studio=studio)
    if request.method == "POST" and form.is_valid():
        data = {
            name: value for name, value in form.cleaned_data.items() if name not in ("reason", "effective_on")
        }
        try:
            change = services.file_change(
                studio=studio,
                kind=kind,
                by=request.user,
                reason=form.cleaned_data["reason"],
                effective_on=form.cleaned_data["effective_on"],
                **data,
            )
        except workflow.TransitionError as error:
            form.add_error(None, error)
        else:
            messages.success(request, workflow.done_message(change, "file"))
            return redirect("studios:change_detail", pk=change.pk)
    return render(
        request,
        "studios/changes/change_form.html",
        {"studio": studio, "form": form, "kind": kind, "kind_label": StudioChange.Kind(kind).label},
    )


@login_required
def change_list(request):
    """The requests awaiting the user's decision, and the recent requests of their scope."""
    user = request.user
    pending = services.pending_for(user)
    recent = list(
        StudioChange.objects.visible_to(user)
        .select_related("studio", "filed_by")
        .exclude(status=StudioChange.Status.DRAFT)
        .order_by("-created_at", "-pk")[:RECENT]
    )
    return render(request, "studios/changes/change_list.html", {"pending": pending, "recent": recent})


def _visible(request, pk):
    return get_object_or_404(
        StudioChange.objects.visible_to(request.user).select_related("studio__host_union", "filed_by"), pk=pk
    )


@login_required
def change_detail(request, pk):
    change = _visible(request, pk)
    return render(
        request,
        "studios/changes/change_detail.html",
        {
            "change": change,
            "studio": change.studio,
            "moves": workflow.available(change, request.user),
            "timeline": workflow.labelled_history(change),
            "approving_union": services.approving_union(change.studio),
            "move_form": MoveForm(),
        },
    )


@login_required
@require_POST
def change_move(request, pk, action):
    change = _visible(request, pk)
    form = MoveForm(request.POST)
    form.is_valid()
    try:
        moved = workflow.transition(
            change, action, by=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except workflow.TransitionError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, workflow.done_message(moved, action))
    return redirect("studios:change_detail", pk=change.pk)


# --- the approver's home panel (registered in StudiosConfig.ready) ---------------------------------


PANEL_ROWS = 5


def approver_panel(request):
    """For a reviewer or head at a naming level: the lead changes and dissolutions awaiting them."""
    user = request.user
    if not (access.has_any(user, access.REVIEW) or access.has_any(user, access.APPROVE)):
        return None
    pending = services.pending_for(user)
    if not pending:
        return None
    return {"template": "studios/changes/panel.html", "rows": pending[:PANEL_ROWS], "count": len(pending)}
