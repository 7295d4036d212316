"""Pages of an application: my applications, filing, the application page with its timeline, files.

Every view fetches through unions.access: an application is seen by the unions of
its filing union's ancestry (subtree scope) and by the experts assigned to it
(guardian grant "studios.assess_application"); anything else is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from unions import access, uploads

from .. import permissions, workflow
from ..forms.workflow import ApplicationForm, ReasonForm
from ..models import Application, EvidenceFile, ExpertAssignment, Studio
from ..services import applications as filing
from ..services import reviews as review_services
from ..services.campaigns import campaigns_for

S = Application.Status
ASSESS = "studios.assess_application"
INLINE_TYPES = {"application/pdf"} | uploads.FAMILIES[uploads.IMAGE]

NEXT_STEP = {
    S.DRAFT: gettext_lazy("Complete the plan and statements, then submit"),
    S.SUBMITTED: gettext_lazy("Awaiting review by %(union)s"),
    S.UNDER_REVIEW: gettext_lazy("Awaiting review by %(union)s"),
    S.RECOMMENDED: gettext_lazy("Recommended by %(union)s; to be sent up"),
    S.RETURNED: gettext_lazy("Correct it as the reviewer asks and resubmit"),
    S.REJECTED: gettext_lazy("Closed: not recommended"),
    S.RECEIPT: gettext_lazy("Awaiting receipt (形式审查) at %(union)s"),
    S.EXPERT_REVIEW: gettext_lazy("Expert assessment at %(union)s"),
    S.PUBLICITY: gettext_lazy("On public notice (公示); named when it ends"),
    S.NAMED: gettext_lazy("Named"),
    S.NOT_NAMED: gettext_lazy("Closed: not named"),
    S.WITHDRAWN: gettext_lazy("Closed: withdrawn"),
}
STATUS_COLOUR = {
    S.DRAFT: "secondary",
    S.SUBMITTED: "primary",
    S.UNDER_REVIEW: "primary",
    S.RECOMMENDED: "info",
    S.RETURNED: "warning",
    S.REJECTED: "dark",
    S.RECEIPT: "primary",
    S.EXPERT_REVIEW: "info",
    S.PUBLICITY: "warning",
    S.NAMED: "success",
    S.NOT_NAMED: "dark",
    S.WITHDRAWN: "light",
}


def next_step(app):
    return str(NEXT_STEP[S(app.status)]) % {"union": app.current_union.name}


def decorate(apps):
    for app in apps:
        app.next_step = next_step(app)
        app.colour = STATUS_COLOUR[S(app.status)]
    return apps


def timeline(obj):
    """workflow.history(obj) with the labels of each move and state."""
    return workflow.labelled_history(obj)


def get_application(request, pk):
    """The first line of every application view: within scope (or assigned to the expert), else 404."""
    return access.get_or_404(
        Application.objects.select_related(
            "campaign__organiser",
            "campaign__criteria_set",
            "studio__host_union",
            "filing_union",
            "current_union",
        ),
        request.user,
        via="filing_union",
        perm=access.VIEW,
        object_perm=ASSESS,
        pk=pk,
    )


def get_campaign(request, pk):
    return get_object_or_404(campaigns_for(request.user), pk=pk)


# --- grassroots: my applications, filing ---------------------------------------------


@login_required
def my_applications(request):
    apps = (
        access.scope(Application.objects.all(), request.user, via="filing_union", perm=access.FILE)
        .select_related("studio", "campaign", "current_union")
        .order_by("-updated_at", "-pk")
    )
    page = Paginator(apps, 25).get_page(request.GET.get("page"))
    decorate(page.object_list)
    open_campaigns = [c for c in campaigns_for(request.user) if c.accepts_filing_on()]
    return render(
        request,
        "studios/workflow/my_applications.html",
        {
            "page": page,
            "open_campaigns": open_campaigns if permissions.can_file_somewhere(request.user) else [],
        },
    )


@login_required
def file_choose(request, campaign_pk):
    campaign = get_campaign(request, campaign_pk)
    studios = (
        access.scope(Studio.objects.all(), request.user, via="host_union", perm=access.FILE)
        .filter(host_union__path__startswith=campaign.organiser.path)
        .exclude(host_union=campaign.organiser)
        .select_related("host_union")
        .prefetch_related("namings")
        .order_by("name_pinyin", "name", "pk")
    )
    page = Paginator(studios, 25).get_page(request.GET.get("page"))
    open_by_studio = {
        a.studio_id: a
        for a in Application.objects.open().filter(campaign=campaign, studio__in=list(page.object_list))
    }
    for studio in page.object_list:
        studio.unmet = filing.eligibility(campaign, studio)
        studio.open_application = open_by_studio.get(studio.pk)
    return render(request, "studios/workflow/file_choose.html", {"campaign": campaign, "page": page})


@login_required
def file_form(request, campaign_pk, studio_pk):
    campaign = get_campaign(request, campaign_pk)
    studio = access.get_or_404(
        Studio.objects.select_related("host_union"),
        request.user,
        via="host_union",
        perm=access.FILE,
        pk=studio_pk,
    )
    existing = filing.open_application(campaign, studio)
    if existing is not None:
        messages.info(request, _("This studio already has an open application in this campaign."))
        return redirect("studios:application_detail", pk=existing.pk)
    unmet = filing.eligibility(campaign, studio)
    criteria = campaign.criteria_set.criteria.all()
    form = ApplicationForm(request.POST or None, request.FILES or None, criteria=criteria)
    if request.method == "POST" and not unmet and form.is_valid():
        try:
            app = filing.save_application(
                campaign=campaign,
                studio=studio,
                by=request.user,
                statements=form.statements(),
                plan=form.cleaned_data.get("plan"),
                plan_info=form.plan_info,
            )
        except workflow.TransitionError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft is saved. Check it and submit it."))
            return redirect("studios:application_detail", pk=app.pk)
    return render(
        request,
        "studios/workflow/application_form.html",
        {"campaign": campaign, "studio": studio, "unmet": unmet, "form": form},
    )


@login_required
def application_edit(request, pk):
    app = get_application(request, pk)
    if not permissions.can_file(request.user, app):
        raise Http404
    if not permissions.can_edit_application(request.user, app):
        messages.error(request, _("Only a draft or a returned application can be changed."))
        return redirect("studios:application_detail", pk=app.pk)
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        criteria=app.campaign.criteria_set.criteria.all(),
        statements=app.statements,
        has_plan=bool(app.plan),
    )
    if request.method == "POST" and form.is_valid():
        try:
            filing.save_application(
                campaign=app.campaign,
                studio=app.studio,
                by=request.user,
                statements=form.statements(),
                plan=form.cleaned_data.get("plan"),
                plan_info=form.plan_info,
                application=app,
            )
        except workflow.TransitionError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("studios:application_detail", pk=app.pk)
    return render(
        request,
        "studios/workflow/application_form.html",
        {
            "campaign": app.campaign,
            "studio": app.studio,
            "application": app,
            "form": form,
            "reasons": review_services.latest_reasons(app) if app.status == S.RETURNED else None,
        },
    )


# --- the application page ---------------------------------------------------------


@login_required
def application_detail(request, pk):
    app = get_application(request, pk)
    user = request.user
    expert_only = not permissions.can_see_reviews(user, app)
    moves = [m for m in workflow.available(app, user) if m.action in FILER_ACTIONS | DECIDER_ACTIONS]
    context = {
        "application": app,
        "next_step": next_step(app),
        "colour": STATUS_COLOUR[S(app.status)],
        "snapshot": app.snapshot,
        "statements": _statements(app),
        "reviews": [] if expert_only else review_services.reviews_of(app),
        "timeline": timeline(app),
        "moves": moves,
        "reason_form": ReasonForm(),
        "may_review": permissions.can_review_now(user, app),
        "may_edit": permissions.can_edit_application(user, app),
        "assignment": ExpertAssignment.objects.filter(application=app, expert__user=user).first(),
        "expert_only": expert_only,
        "naming": app.naming,
    }
    return render(request, "studios/workflow/application_detail.html", context)


FILER_ACTIONS = {"submit", "resubmit", "withdraw"}
DECIDER_ACTIONS = {"name", "not_name"}


def _statements(app):
    criteria = app.campaign.criteria_set.criteria.all()
    source = app.snapshot.get("statements") if app.snapshot else None
    source = source if source is not None and not app.filer_may_edit else app.statements
    return [(c, source.get(c.code, "")) for c in criteria]


@login_required
@require_POST
def application_move(request, pk, action):
    app = get_application(request, pk)
    if action not in FILER_ACTIONS | DECIDER_ACTIONS:
        raise Http404
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        moved = workflow.transition(
            app, action, by=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except workflow.TransitionError as error:
        for message in error.messages:
            messages.error(request, message)
    except PermissionDenied:
        messages.error(request, _("You may not do this."))
    else:
        messages.success(request, workflow.done_message(moved, action))
    return redirect("studios:application_detail", pk=app.pk)


@login_required
def application_plan(request, pk):
    app = get_application(request, pk)
    if not app.plan:
        raise Http404
    return uploads.private_file_response(
        app.plan, app.plan_name, app.plan_content_type, inline=app.plan_content_type in INLINE_TYPES
    )


@login_required
def application_evidence_file(request, pk, file_pk):
    """An evidence file as listed in the snapshot; refused if it changed since submission."""
    app = get_application(request, pk)
    listed = filing.snapshot_file(app, file_pk)
    if listed is None:
        raise Http404
    evidence_file = EvidenceFile.objects.filter(pk=file_pk, evidence__studio=app.studio_id).first()
    if evidence_file is None or evidence_file.sha256 != listed["sha256"]:
        raise Http404(_("This file was removed or replaced after the application was submitted."))
    return uploads.private_file_response(
        evidence_file.file,
        evidence_file.original_name,
        evidence_file.content_type,
        inline=evidence_file.content_type in INLINE_TYPES,
    )
