"""Studio alliances (工作室联盟): the list, registering and changing one, and its page.

Every alliance is fetched through `Alliance.objects.visible_to` (the subtree rule of unions/access.py
→ 404 outside it); registering and changing are for a clerk or head of the registering union
(ledgers.permissions.can_register_alliance / can_edit_alliance), the rules in ledgers/alliances.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from studios.models import Studio
from unions import access

from .. import alliances, permissions
from ..forms import AllianceForm
from ..models import Activity, Alliance

PAGE_SIZE = 25
SHARED_SHOWN = 50


def _alliance(request, pk):
    alliance = (
        Alliance.objects.visible_to(request.user).select_related("union", "lead_studio").filter(pk=pk).first()
    )
    if alliance is None:
        raise Http404
    return alliance


@login_required
def alliance_list(request):
    rows = (
        Alliance.objects.visible_to(request.user)
        .select_related("union", "lead_studio__host_union")
        .annotate(n_members=Count("members", distinct=True))
        .order_by("name", "pk")
    )
    return render(
        request,
        "ledgers/alliances/list.html",
        {
            "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "can_register": permissions.alliance_unions(request.user).exists(),
        },
    )


def _save(request, form, alliance=None):
    data = form.cleaned_data
    try:
        return alliances.save_alliance(
            by=request.user,
            alliance=alliance,
            union=data["union"],
            name=data["name"],
            lead_studio=data["lead_studio"],
            members=data["members"],
            founded_on=data["founded_on"],
            description=data["description"],
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    return None


@login_required
def alliance_new(request):
    unions = permissions.alliance_unions(request.user)
    access.require(unions.exists())
    form = AllianceForm(
        request.POST or None, unions=unions, studios=permissions.alliance_studios(request.user)
    )
    if request.method == "POST" and form.is_valid():
        alliance = _save(request, form)
        if alliance is not None:
            messages.success(request, _("The alliance “%(name)s” is registered.") % {"name": alliance.name})
            return redirect("ledgers:alliance_detail", pk=alliance.pk)
    return render(request, "ledgers/alliances/form.html", {"form": form})


@login_required
def alliance_edit(request, pk):
    alliance = _alliance(request, pk)
    access.require(permissions.can_edit_alliance(request.user, alliance))
    form = AllianceForm(
        request.POST or None,
        unions=permissions.alliance_unions(request.user),
        studios=permissions.alliance_studios(request.user),
        alliance=alliance,
    )
    if request.method == "POST" and form.is_valid():
        if _save(request, form, alliance) is not None:
            messages.success(
                request, _("The alliance “%(name)s” is saved.") % {"name": form.cleaned_data["name"]}
            )
            return redirect("ledgers:alliance_detail", pk=alliance.pk)
    return render(request, "ledgers/alliances/form.html", {"form": form, "alliance": alliance})


@login_required
def alliance_detail(request, pk):
    alliance = _alliance(request, pk)
    members = list(alliances.member_studios(alliance))
    visible = set(
        Studio.objects.visible_to(request.user)
        .filter(pk__in=[s.pk for s in members])
        .values_list("pk", flat=True)
    )
    for studio in members:
        studio.is_visible = studio.pk in visible
    shared = Activity.objects.filter(alliance=alliance).select_related("studio").order_by("-date", "-pk")
    return render(
        request,
        "ledgers/alliances/detail.html",
        {
            "alliance": alliance,
            "members": members,
            "shared": list(shared[:SHARED_SHOWN]),
            "shared_count": shared.count(),
            "can_edit": permissions.can_edit_alliance(request.user, alliance),
        },
    )
