"""Expert pages: an expert's assignments and scoring form; the organiser's pool, assignments, scores, meeting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unions import uploads
from unions.services import set_password_link

from .. import permissions, workflow
from ..forms.workflow import AssignForm, DeclarationForm, ExpertForm, MeetingForm, ScoreForm, SiteVisitForm
from ..models import Application, ExpertAssignment, ExpertProfile, Meeting, SiteVisit, SiteVisitFile
from ..services import experts as services
from .applications import INLINE_TYPES, _statements, get_application, get_campaign


def _manager_campaign(request, pk):
    campaign = get_campaign(request, pk)
    if not permissions.can_manage_experts(request.user, campaign):
        raise Http404
    return campaign


# --- the expert ---------------------------------------------------------------------


@login_required
def my_assignments(request):
    return render(
        request,
        "studios/workflow/my_assignments.html",
        {"assignments": services.assignments_for(request.user)},
    )


def _declaration(request, assignment):
    """Before the declaration (回避声明) the expert sees only which studio it is, never its content."""
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["declare"] == "none":
                services.declare_no_conflict(assignment=assignment, by=request.user)
                messages.success(request, _("Your declaration is recorded; the application is open to you."))
            else:
                services.declare_conflict(
                    assignment=assignment, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request, _("Your conflict is recorded; the organiser will assign another expert.")
                )
                return redirect("studios:my_assignments")
        except workflow.TransitionError as error:
            form.add_error(None, error)
        else:
            return redirect("studios:application_assess", pk=assignment.application_id)
    return render(request, "studios/workflow/declare.html", {"assignment": assignment, "form": form})


@login_required
def assess(request, pk):
    assignment = get_object_or_404(
        ExpertAssignment.objects.select_related(
            "expert__user", "application__studio__host_union", "application__campaign"
        ),
        application__pk=pk,
        expert__user=request.user,
    )
    if not assignment.is_declared:
        return _declaration(request, assignment)
    app = get_application(request, pk)
    dimensions = app.campaign.dimensions.all()
    form = ScoreForm(request.POST or None, dimensions=dimensions)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_scores(
                assignment=assignment,
                by=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except workflow.TransitionError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your scores are submitted."))
            return redirect("studios:application_assess", pk=app.pk)
    others = []
    if assignment.is_submitted:
        # Only after submitting one's own: the other experts' submitted scores.
        others = (
            ExpertAssignment.objects.filter(application=app, status=ExpertAssignment.Status.SUBMITTED)
            .select_related("expert__user")
            .prefetch_related("scores__dimension")
        )
    return render(
        request,
        "studios/workflow/assess.html",
        {
            "application": app,
            "snapshot": app.snapshot,
            "statements": _statements(app),
            "assignment": assignment,
            "form": form,
            "my_scores": assignment.scores.select_related("dimension") if assignment.is_submitted else [],
            "others": others,
        },
    )


# --- the organiser --------------------------------------------------------------------


@login_required
def campaign_experts(request, campaign_pk):
    campaign = _manager_campaign(request, campaign_pk)
    pool = ExpertProfile.objects.filter(organiser=campaign.organiser).select_related("user", "union")
    form = ExpertForm(request.POST or None, organiser=campaign.organiser)
    link = None
    if request.method == "POST" and form.is_valid():
        profile, created = services.add_expert(organiser=campaign.organiser, **form.cleaned_data)
        messages.success(request, _("%(name)s is in the expert pool.") % {"name": profile.user.display_name})
        if created:
            link = set_password_link(request, profile.user)
        else:
            return redirect("studios:campaign_experts", campaign_pk=campaign.pk)
        form = ExpertForm(organiser=campaign.organiser)
    apps = list(
        Application.objects.filter(campaign=campaign, status=Application.Status.EXPERT_REVIEW)
        .select_related("studio__host_union", "campaign__organiser", "filing_union")
        .prefetch_related("assignments__expert__user")
        .order_by("studio__name_pinyin", "studio__name")
    )
    active_pool = [e for e in pool if e.is_active]
    for app in apps:
        assigned = {a.expert_id for a in app.assignments.all()}
        app.candidates = [(e, services.conflict_reason(e, app)) for e in active_pool if e.pk not in assigned]
    return render(
        request,
        "studios/workflow/campaign_experts.html",
        {"campaign": campaign, "pool": pool, "form": form, "applications": apps, "link": link},
    )


@login_required
@require_POST
def assign(request, campaign_pk, pk):
    campaign = _manager_campaign(request, campaign_pk)
    app = get_application(request, pk)
    form = AssignForm(request.POST, experts=ExpertProfile.objects.filter(organiser=campaign.organiser))
    if not form.is_valid() or app.campaign_id != campaign.pk:
        messages.error(request, _("Choose an expert from the pool."))
    else:
        try:
            services.assign_expert(application=app, expert=form.cleaned_data["expert"], by=request.user)
        except workflow.TransitionError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied:
            messages.error(request, _("You may not do this."))
        else:
            messages.success(request, _("The expert is assigned and notified."))
    return redirect("studios:campaign_experts", campaign_pk=campaign.pk)


@login_required
@require_POST
def unassign(request, campaign_pk, assignment_pk):
    campaign = _manager_campaign(request, campaign_pk)
    assignment = get_object_or_404(ExpertAssignment, pk=assignment_pk, application__campaign=campaign)
    try:
        services.unassign_expert(assignment=assignment, by=request.user)
    except workflow.TransitionError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The assignment is removed."))
    return redirect("studios:campaign_experts", campaign_pk=campaign.pk)


@login_required
def score_table(request, campaign_pk):
    campaign = _manager_campaign(request, campaign_pk)
    return render(
        request,
        "studios/workflow/score_table.html",
        {"campaign": campaign, "rows": services.score_table(campaign)},
    )


@login_required
def meeting(request, campaign_pk):
    campaign = _manager_campaign(request, campaign_pk)
    candidates = services.meeting_candidates(campaign)
    form = MeetingForm(
        request.POST or None,
        request.FILES or None,
        applications=candidates,
        exemplary_tier=campaign.has_exemplary_tier,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_meeting(
                campaign=campaign,
                by=request.user,
                held_on=form.cleaned_data["held_on"],
                attendees=form.cleaned_data["attendees"],
                decisions=form.cleaned_data["decisions"],
                minutes=form.cleaned_data.get("minutes"),
                minutes_info=form.minutes_info,
                outcomes=form.outcomes(),
                exemplary=form.exemplary(),
            )
        except workflow.TransitionError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting is recorded."))
            return redirect("studios:campaign_meeting", campaign_pk=campaign.pk)
    meetings = (
        Meeting.objects.filter(campaign=campaign)
        .select_related("recorded_by")
        .prefetch_related("outcomes__application__studio")
    )
    return render(
        request,
        "studios/workflow/meeting.html",
        {
            "campaign": campaign,
            "form": form,
            "meetings": meetings,
            "approved": services.approved_applications(campaign),
            "exemplary": services.exemplary_applications(campaign),
        },
    )


@login_required
def meeting_minutes(request, campaign_pk, pk):
    campaign = get_campaign(request, campaign_pk)
    if not permissions.can_manage_experts(request.user, campaign):
        raise PermissionDenied
    record = get_object_or_404(Meeting, pk=pk, campaign=campaign)
    if not record.minutes:
        raise Http404
    return uploads.private_file_response(
        record.minutes,
        record.minutes_name,
        record.minutes_content_type,
        inline=record.minutes_content_type in INLINE_TYPES,
    )


@login_required
def site_visits(request, campaign_pk, pk):
    """现场考察 of one application: the visits recorded, and a form for another."""
    campaign = _manager_campaign(request, campaign_pk)
    app = get_object_or_404(
        Application.objects.select_related("studio", "filing_union", "campaign"),
        pk=pk,
        campaign=campaign,
        status__in=services.VISIT_STATES,
    )
    form = SiteVisitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_site_visit(
                application=app,
                by=request.user,
                visited_on=form.cleaned_data["visited_on"],
                visitors=form.cleaned_data["visitors"],
                findings=form.cleaned_data["findings"],
                files=form.checked,
            )
        except (workflow.TransitionError, PermissionDenied) as error:
            form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The inspection is recorded."))
            return redirect("studios:site_visits", campaign_pk=campaign.pk, pk=app.pk)
    visits = SiteVisit.objects.filter(application=app).select_related("recorded_by").prefetch_related("files")
    return render(
        request,
        "studios/workflow/site_visits.html",
        {"campaign": campaign, "application": app, "visits": visits, "form": form},
    )


@login_required
def site_visit_file(request, campaign_pk, pk):
    campaign = _manager_campaign(request, campaign_pk)
    row = get_object_or_404(SiteVisitFile, pk=pk, visit__application__campaign=campaign)
    return uploads.private_file_response(
        row.file, row.name, row.content_type, inline=row.content_type in INLINE_TYPES
    )
