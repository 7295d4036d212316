"""A union's API tokens: its administrator creates one (the key shown once) and revokes it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unions import access

from ... import api_tokens
from ...models import ApiToken
from ...permissions import can_manage_api_tokens
from ..forms import ApiTokenForm
from .common import root_union


@login_required
def token_list(request):
    union = root_union(request)
    access.require(can_manage_api_tokens(request.user, union))
    form = ApiTokenForm(request.POST or None)
    key = None
    if request.method == "POST" and form.is_valid():
        _token, key = api_tokens.create_token(union=union, name=form.cleaned_data["name"], by=request.user)
        form = ApiTokenForm()
    tokens = ApiToken.objects.filter(union=union).select_related("created_by")
    response = render(
        request,
        "ledgers/api/tokens.html",
        {"union": union, "form": form, "key": key, "tokens": tokens, "docs": reverse("api:openapi-view")},
    )
    response["Cache-Control"] = "private, no-store"  # the page that shows a new key once
    return response


@login_required
@require_POST
def token_revoke(request, pk):
    token = access.get_or_404(ApiToken.objects.select_related("union"), request.user, via="union", pk=pk)
    access.require(can_manage_api_tokens(request.user, token.union))
    api_tokens.revoke_token(token=token)
    messages.success(
        request, _("The token “%(name)s” is revoked; calls with it are refused.") % {"name": token.name}
    )
    return redirect(f"{reverse('ledgers:api_tokens')}?union={token.union_id}")
