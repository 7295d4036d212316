"""A union's administration: add a union below it, edit it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import access, permissions, services
from ..forms import UnionForm
from ..models import Union


def managed_union_or_404(user, pk):
    """The union `pk` if the user may manage it, else 404 (as if it were out of sight)."""
    union = access.get_union_or_404(user, pk)
    if not permissions.can_manage_union(user, union):
        raise Http404
    return union


@login_required
def add_child(request, pk):
    parent = managed_union_or_404(request.user, pk)
    form = UnionForm(
        request.POST or None,
        parent=parent,
        initial={"level": Union.Level.GRASSROOTS, "region": parent.region},
    )
    if request.method == "POST" and form.is_valid():
        child = services.add_child_union(parent=parent, **form.cleaned_data)
        messages.success(request, _("Union “%(name)s” was added.") % {"name": child.name})
        return redirect("unions:detail", pk=child.pk)
    return render(request, "unions/union_form.html", {"form": form, "parent": parent})


@login_required
def edit(request, pk):
    union = managed_union_or_404(request.user, pk)
    form = UnionForm(request.POST or None, request.FILES or None, instance=union)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("unions:detail", pk=union.pk)
    return render(request, "unions/union_form.html", {"form": form, "union": union})
