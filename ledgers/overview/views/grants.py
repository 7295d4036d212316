"""Creation funds: grant to a named studio, what a union granted against what was spent, the studio-page section."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from studios.models import Studio
from unions import access

from ...permissions import can_grant, granting_unions
from .. import grants
from ..forms import GrantForm
from .common import root_union


@login_required
def grant_create(request, studio_pk):
    studio = access.get_or_404(
        Studio.objects.select_related("host_union"),
        request.user,
        via="host_union",
        perm=access.APPROVE,
        pk=studio_pk,
    )
    unions = granting_unions(request.user, studio)
    if not unions:
        raise Http404
    form = GrantForm(request.POST or None, unions=unions)
    if request.method == "POST" and form.is_valid():
        try:
            grant = grants.grant_funds(studio=studio, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field_name, errors in error.message_dict.items():
                    form.add_error(field_name, errors)
            else:
                form.add_error(None, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(
                request,
                _("%(amount)s yuan granted to %(studio)s; it is in the studio's funds ledger.")
                % {"amount": grant.amount, "studio": studio.name},
            )
            return redirect(f"{reverse('ledgers:grants')}?union={grant.union_id}&year={grant.year}")
    return render(request, "ledgers/overview/grant_form.html", {"form": form, "studio": studio})


@login_required
def grants_view(request):
    root = root_union(request)
    year = grants.year_of(request.GET.get("year"))
    page = Paginator(grants.grants_by_studio(root, year), 25).get_page(request.GET.get("page"))
    by_year = grants.grants_by_year_with_spending(root)
    years = [item["year"] for item in by_year]
    rows = grants.with_spending(list(page), [year] if year else years)
    return render(
        request,
        "ledgers/overview/grants.html",
        {
            "root": root,
            "year": year,
            "page": page,
            "rows": rows,
            "uses": [label for _use, label in grants.USES],
            "by_year": by_year,
            "years": years,
        },
    )


def studio_grants_section(studio, request):
    """The creation funds a named studio received, and the grant button for a union above it."""
    received = list(studio.fund_grants.select_related("union").order_by("-year", "-granted_on"))
    may_grant = can_grant(request.user, studio)
    if not received and not may_grant:
        return None
    return {"template": "ledgers/overview/_studio_grants.html", "received": received, "may_grant": may_grant}
