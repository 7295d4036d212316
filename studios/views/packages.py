"""Pages of the nomination package: compile (queue), watch the progress, download, send; received packages.

Every package is fetched through unions.access (the sending union and the unions above
it see it; anyone else gets a 404). Acting on a package needs a reviewer role on exactly
the sending union (permissions.can_prepare_package).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseStopPolling

from unions import access, uploads

from .. import permissions, workflow
from ..forms.packages import CompileForm
from ..models import NominationPackage
from ..services import packages as services
from ..services.applications import quota_for
from .applications import get_campaign, timeline
from .reviews import review_unions

P = NominationPackage.Status
COLOURS = {
    P.DRAFT: "secondary",
    P.QUEUED: "info",
    P.COMPILING: "info",
    P.READY: "success",
    P.FAILED: "danger",
    P.SENT: "primary",
}


def nav_visible(user):
    return permissions.can_see_packages(user)


def get_package(request, pk):
    return access.get_or_404(
        NominationPackage.objects.select_related("campaign", "union", "recipient", "requested_by", "sent_by"),
        request.user,
        via="union",
        perm=access.VIEW,
        pk=pk,
    )


def _sending_union(request, campaign):
    mine = [u for u in review_unions(request.user) if u.path.startswith(campaign.organiser.path)]
    chosen = request.GET.get("union") or request.POST.get("union")
    union = next((u for u in mine if str(u.pk) == chosen), mine[0] if mine else None)
    if union is None:
        raise Http404
    return union


def _status_context(request, package):
    may_act = permissions.can_prepare_package(request.user, package)
    outdated = may_act and package.status in (P.READY, P.FAILED) and services.is_outdated(package)
    return {
        "package": package,
        "colour": COLOURS[P(package.status)],
        "may_act": may_act,
        "outdated": outdated,
        "may_send": may_act and package.status == P.READY and not outdated,
        "stale": services.is_stale(package),
        "form": CompileForm(initial={"statement": package.statement}),
    }


@login_required
def panel(request, campaign_pk):
    """The package box of the ranking page (loaded by htmx): the current package and the compile button."""
    campaign = get_campaign(request, campaign_pk)
    union = _sending_union(request, campaign)
    package = services.open_package(campaign, union)
    context = _status_context(request, package) if package else {"form": CompileForm()}
    context.update({"campaign": campaign, "union": union, "in_panel": True})
    return render(request, "studios/packages/_panel.html", context)


@login_required
@require_POST
def compile_for_campaign(request, campaign_pk):
    campaign = get_campaign(request, campaign_pk)
    return _compile(request, campaign, _sending_union(request, campaign))


@login_required
@require_POST
def recompile(request, pk):
    package = get_package(request, pk)
    if package.status == P.SENT:
        messages.error(request, _("A sent package is frozen; it cannot be compiled again."))
        return redirect("studios:package", pk=package.pk)
    return _compile(request, package.campaign, package.union)


def _compile(request, campaign, union):
    form = CompileForm(request.POST)
    back = f"{reverse('studios:ranking', args=[campaign.pk])}?union={union.pk}"
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(back)
    try:
        package, queued = services.request_compile(
            campaign=campaign, union=union, by=request.user, statement=form.cleaned_data["statement"]
        )
    except workflow.TransitionError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    except PermissionDenied:
        raise Http404 from None
    if package.status == P.FAILED:
        messages.error(request, package.error)
    elif queued:
        messages.success(request, _("The package is queued for compiling; this page shows the progress."))
    else:
        messages.info(request, _("The package is already being compiled; nothing new was queued."))
    return redirect("studios:package", pk=package.pk)


@login_required
def package_detail(request, pk):
    package = get_package(request, pk)
    context = _status_context(request, package)
    context.update(
        {
            "applications": services.applications_of(package),
            "places": quota_for(package.campaign, package.union),
            "timeline": timeline(package),
        }
    )
    return render(request, "studios/packages/detail.html", context)


@login_required
def progress(request, pk):
    """The status box, polled every 2 s while the package is queued or compiling; 286 stops the polling."""
    package = get_package(request, pk)
    response = render(request, "studios/packages/_status.html", _status_context(request, package))
    if package.is_busy:
        return response
    stop = HttpResponseStopPolling(response.content)
    return stop


@login_required
@require_POST
def send(request, pk):
    package = get_package(request, pk)
    try:
        package = services.send_package(package=package, by=request.user)
    except workflow.TransitionError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        messages.error(request, _("You may not do this."))
    else:
        messages.success(
            request,
            _("The package was sent to %(union)s; its %(count)s applications are frozen.")
            % {"union": package.recipient.name if package.recipient else "—", "count": package.count},
        )
    return redirect("studios:package", pk=package.pk)


@login_required
def download(request, pk):
    package = get_package(request, pk)
    if not package.file or package.status not in (P.READY, P.SENT, P.FAILED, P.QUEUED, P.COMPILING):
        raise Http404
    return uploads.private_file_response(package.file, package.download_name, "application/zip")


@login_required
def package_list(request):
    """Received packages (sent to a union of mine) and our own, newest first."""
    box = request.GET.get("box", "received")
    if box == "sent":
        mine = [u.pk for u in review_unions(request.user)]
        packages = services.visible_packages(request.user).filter(union__in=mine)
    else:
        box = "received"
        packages = services.received_packages(request.user)
    packages = packages.select_related("campaign", "union", "recipient", "sent_by").order_by(
        "-sent_at", "-created_at", "-pk"
    )
    page = Paginator(packages, 25).get_page(request.GET.get("page"))
    for package in page.object_list:
        package.colour = COLOURS[P(package.status)]
    return render(request, "studios/packages/list.html", {"page": page, "box": box})
