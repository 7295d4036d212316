"""The union tree: the top nodes in reach, a node's children, a union's page."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from .. import access, permissions, registry
from ..models import Membership, Union


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
        .order_by("-is_active", "role", "user__full_name_pinyin", "user__username")
    )
    return render(
        request,
        "unions/detail.html",
        {
            "union": union,
            "ancestors": ancestors,
            "children": _children(union),
            "memberships": memberships,
            "can_manage": permissions.can_manage_union(request.user, union),
        },
    )
