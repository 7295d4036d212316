"""Pages of the union tree: home, tree, a union's page, and its administration."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, registry, services
from .forms import InviteForm, UnionForm
from .models import Membership, Union

User = get_user_model()


def _with_counts(unions):
    unions = list(unions)
    counts = {}
    for counter in registry.union_counters:
        for pk, figures in counter(unions).items():
            counts.setdefault(pk, {}).update(figures)
    for union in unions:
        union.figures = counts.get(union.pk, {})
    return unions


def _children(union):
    return _with_counts(
        Union.objects.filter(path__startswith=union.path, depth=union.depth + 1)
        .annotate(active_members=Count("memberships", filter=Q(memberships__is_active=True)))
        .order_by("path")
    )


@login_required
def home(request):
    panels = [panel for panel in (p(request) for p in registry.home_panels) if panel]
    memberships = (
        Membership.objects.active().filter(user=request.user).select_related("union").order_by("union__path")
    )
    return render(
        request,
        "unions/home.html",
        {
            "panels": panels,
            "memberships": memberships,
            "can_manage": access.has_any(request.user, access.MANAGE),
        },
    )


@login_required
def tree(request):
    tops = _with_counts(
        Union.objects.filter(pk__in=[u.pk for u in access.top_unions(request.user)])
        .annotate(active_members=Count("memberships", filter=Q(memberships__is_active=True)))
        .order_by("path")
    )
    if request.user.is_superuser:
        tops = _with_counts(
            Union.objects.filter(depth=1).annotate(
                active_members=Count("memberships", filter=Q(memberships__is_active=True))
            )
        )
    return render(request, "unions/tree.html", {"tops": tops})


@login_required
def children(request, pk):
    union = access.get_union_or_404(request.user, pk)
    return render(request, "unions/_children.html", {"nodes": _children(union)})


@login_required
def detail(request, pk):
    union = access.get_union_or_404(request.user, pk)
    tops = access.top_unions(request.user)
    # Breadcrumbs run from the user's own top node down, never above it.
    ancestors = [
        a
        for a in Union.objects.get_ancestors(union)
        if request.user.is_superuser or any(a.path.startswith(t.path) for t in tops)
    ]
    memberships = (
        Membership.objects.filter(union=union)
        .select_related("user")
        .order_by("-is_active", "role", "user__username")
    )
    return render(
        request,
        "unions/detail.html",
        {
            "union": union,
            "ancestors": ancestors,
            "children": _children(union),
            "memberships": memberships,
            "can_manage": access.can(request.user, access.MANAGE, union),
        },
    )


@login_required
def add_child(request, pk):
    parent = access.get_union_or_404(request.user, pk, access.MANAGE)
    form = UnionForm(request.POST or None, initial={"level": Union.Level.GRASSROOTS, "region": parent.region})
    if request.method == "POST" and form.is_valid():
        child = services.add_child_union(parent=parent, **form.cleaned_data)
        messages.success(request, _("Union “%(name)s” was added.") % {"name": child.name})
        return redirect("unions:detail", pk=child.pk)
    return render(request, "unions/union_form.html", {"form": form, "parent": parent})


@login_required
def edit(request, pk):
    union = access.get_union_or_404(request.user, pk, access.MANAGE)
    form = UnionForm(request.POST or None, instance=union)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("unions:detail", pk=union.pk)
    return render(request, "unions/union_form.html", {"form": form, "union": union})


@login_required
def invite(request, pk):
    union = access.get_union_or_404(request.user, pk, access.MANAGE)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user, link = services.invite_account(request=request, union=union, **form.cleaned_data)
        messages.success(
            request,
            _("Account %(name)s was created and an e-mail with a link to set the password was sent.")
            % {"name": user.display_name},
        )
        return render(request, "unions/invited.html", {"union": union, "invited": user, "link": link})
    return render(request, "unions/invite_form.html", {"form": form, "union": union})


@login_required
@require_POST
def end_membership(request, pk, membership_pk):
    union = access.get_union_or_404(request.user, pk, access.MANAGE)
    membership = get_object_or_404(Membership, pk=membership_pk, union=union)
    services.end_membership(membership=membership)
    messages.success(request, _("The role was ended."))
    return redirect("unions:detail", pk=union.pk)


@login_required
@require_POST
def deactivate_account(request, pk, user_pk):
    union = access.get_union_or_404(request.user, pk, access.MANAGE)
    user = get_object_or_404(User, pk=user_pk, memberships__union=union)
    if user == request.user or not services.may_manage_account(request.user, user):
        messages.error(
            request, _("This account also belongs to unions outside your reach; end its role here instead.")
        )
    else:
        services.deactivate_account(user=user)
        messages.success(request, _("Account %(name)s was deactivated.") % {"name": user.display_name})
    return redirect("unions:detail", pk=union.pk)


def healthz(request):
    """A trivial view: for load balancers, and the ceiling of the load benchmark."""
    return HttpResponse("ok", content_type="text/plain")
