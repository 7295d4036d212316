"""The home page, with the panels the other apps register, and the health check."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from .. import permissions, registry
from ..models import Membership


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
            "can_manage": permissions.can_manage_somewhere(request.user),
        },
    )


def healthz(request):
    """A trivial view: for load balancers, and the ceiling of the load benchmark."""
    return HttpResponse("ok", content_type="text/plain")
