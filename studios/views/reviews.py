"""Reviewer pages: the inbox of a campaign, the review form beside the frozen application, the ranking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from unions import access
from unions.models import Union

from .. import permissions, workflow
from ..forms.workflow import RankForm, ReceiptForm, ReviewForm
from ..models import Application, StudioType
from ..services import applications as filing
from ..services import reviews as review_services
from .applications import _statements, decorate, get_application, get_campaign, next_step

S = Application.Status


def review_unions(user):
    """The unions at which the user reviews (holds REVIEW on exactly that node)."""
    if user.is_superuser:
        return list(Union.objects.exclude(level=Union.Level.GRASSROOTS))
    return access.granted_unions(user, access.REVIEW)


@login_required
def inbox(request, campaign_pk):
    campaign = get_campaign(request, campaign_pk)
    user = request.user
    mine = [u for u in review_unions(user) if u.path.startswith(campaign.organiser.path)]
    apps = (
        access.scope(
            Application.objects.filter(campaign=campaign), user, via="filing_union", perm=access.REVIEW
        )
        .exclude(status=S.DRAFT)
        .select_related("studio", "filing_union", "current_union")
        .order_by("-submitted_at", "-pk")
    )
    status = request.GET.get("status", "awaiting")
    if status == "awaiting":
        apps = apps.filter(current_union__in=mine, status__in=Application.REVIEW_STATES)
    elif status in S.values:
        apps = apps.filter(status=status)
    below = Q(pk__in=[])
    for u in mine:
        below |= Q(path__startswith=u.path, depth=u.depth + 1)
    children = Union.objects.filter(below).order_by("path")
    child = request.GET.get("child", "")
    chosen = next((c for c in children if str(c.pk) == child), None)
    if chosen is not None:
        apps = apps.filter(filing_union__path__startswith=chosen.path)
    kind = request.GET.get("kind", "")
    if kind in StudioType.values:
        apps = apps.filter(studio__kind=kind)
    page = Paginator(apps, 25).get_page(request.GET.get("page"))
    decorate(page.object_list)
    return render(
        request,
        "studios/workflow/inbox.html",
        {
            "campaign": campaign,
            "page": page,
            "status": status,
            "statuses": [(s.value, s.label) for s in S if s != S.DRAFT],
            "children": children,
            "child": child,
            "kind": kind,
            "kinds": StudioType.choices,
            "review_unions": mine,
        },
    )


@login_required
def review_form(request, pk):
    app = get_application(request, pk)
    if not permissions.can_review_now(request.user, app):
        messages.error(request, _("This application does not await your union's review."))
        return redirect("studios:application_detail", pk=app.pk)
    criteria = app.campaign.criteria_set.criteria.all()
    form = ReviewForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            review_services.record_review(
                application=app,
                by=request.user,
                decision=form.cleaned_data["decision"],
                score=form.cleaned_data["score"],
                reason=form.cleaned_data["reason"],
                verdicts=form.verdicts(),
            )
        except workflow.TransitionError as error:
            form.add_error(None, error)
        except PermissionDenied:
            form.add_error(None, _("You may not do this."))
        else:
            messages.success(request, _("The review is recorded."))
            return redirect("studios:inbox", campaign_pk=app.campaign_id)
    return render(
        request,
        "studios/workflow/review_form.html",
        {
            "application": app,
            "snapshot": app.snapshot,
            "statements": _statements(app),
            "next_step": next_step(app),
            "form": form,
            "reviews": review_services.reviews_of(app),
        },
    )


def _ranking_union(request, campaign):
    mine = [u for u in review_unions(request.user) if u.path.startswith(campaign.organiser.path)]
    chosen = request.GET.get("union") or request.POST.get("union")
    union = next((u for u in mine if str(u.pk) == chosen), mine[0] if mine else None)
    if union is None:
        raise Http404
    return union, mine


@login_required
def ranking(request, campaign_pk):
    campaign = get_campaign(request, campaign_pk)
    union, mine = _ranking_union(request, campaign)
    recommended = filing.recommendations(campaign, union)
    form = RankForm(request.POST or None, applications=recommended)
    if request.method == "POST" and form.is_valid():
        try:
            filing.rerank(campaign=campaign, union=union, by=request.user, ranking=form.ranking())
        except (workflow.TransitionError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The ranking is saved."))
        return redirect(f"{request.path}?union={union.pk}")
    return render(
        request,
        "studios/workflow/ranking.html",
        {
            "campaign": campaign,
            "union": union,
            "unions": mine,
            "form": form,
            "places": filing.quota_for(campaign, union),
            "used": filing.quota_used(campaign, union),
            "to_experts": union.pk == campaign.organiser_id
            or (
                Union.objects.get_parent(union) is not None
                and Union.objects.get_parent(union).pk == campaign.organiser_id
            ),
        },
    )


@login_required
def receipt(request, campaign_pk):
    """形式审查 at the organiser: accept each application that reached it, or return it for correction."""
    campaign = get_campaign(request, campaign_pk)
    if not permissions.can_review_at(request.user, campaign.organiser):
        raise Http404
    waiting = (
        Application.objects.filter(campaign=campaign, status=S.RECEIPT, current_union=campaign.organiser)
        .select_related("studio", "filing_union")
        .order_by("submitted_at", "pk")
    )
    form = ReceiptForm(request.POST or None, applications=waiting)
    if request.method == "POST" and form.is_valid():
        app = form.cleaned_data["application"]
        try:
            workflow.transition(
                app, form.cleaned_data["action"], by=request.user, comment=form.cleaned_data["comment"]
            )
        except workflow.TransitionError as error:
            form.add_error(None, error)
        except PermissionDenied:
            form.add_error(None, _("You may not do this."))
        else:
            if form.cleaned_data["action"] == "accept":
                messages.success(
                    request, _("%(studio)s is accepted into expert assessment.") % {"studio": app.studio.name}
                )
            else:
                messages.success(
                    request,
                    _("%(studio)s is returned to its filer for correction.") % {"studio": app.studio.name},
                )
            return redirect("studios:receipt", campaign_pk=campaign.pk)
    return render(
        request,
        "studios/workflow/receipt.html",
        {
            "campaign": campaign,
            "applications": waiting,
            "form": form,
            "error_pk": str(form.data.get("application", "")) if form.errors else "",
        },
    )
