"""Accounts of a union: invite one, end a role, deactivate an account."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions, services
from ..forms import InviteForm
from ..models import Membership
from .manage import managed_union_or_404

User = get_user_model()


@login_required
def invite(request, pk):
    union = managed_union_or_404(request.user, pk)
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
    union = managed_union_or_404(request.user, pk)
    membership = get_object_or_404(Membership, pk=membership_pk, union=union)
    services.end_membership(membership=membership)
    messages.success(request, _("The role was ended."))
    return redirect("unions:detail", pk=union.pk)


@login_required
@require_POST
def deactivate_account(request, pk, user_pk):
    union = managed_union_or_404(request.user, pk)
    user = get_object_or_404(User, pk=user_pk, memberships__union=union)
    if not permissions.can_manage_account(request.user, user):
        messages.error(
            request, _("This account also belongs to unions outside your reach; end its role here instead.")
        )
    else:
        services.deactivate_account(user=user)
        messages.success(request, _("Account %(name)s was deactivated.") % {"name": user.display_name})
    return redirect("unions:detail", pk=union.pk)
