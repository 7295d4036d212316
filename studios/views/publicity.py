"""The 公示 page: publish the list to be named, record and resolve objections, name when it ends.

The organiser's reviewers read it (the objections filed by the public land here); its head or
administrator publishes, resolves and names. The public side is studios/views/public.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unions import uploads

from .. import permissions, workflow
from ..forms.workflow import ObjectionForm, PublishForm, ResolveForm
from ..models import Application, Objection, Publicity
from ..services import naming as naming_services
from ..services import publicity as services
from .applications import get_campaign


def _organiser_campaign(request, pk):
    campaign = get_campaign(request, pk)
    if not permissions.can_organise(request.user, campaign):
        raise Http404
    return campaign


def _candidates(campaign):
    return (
        Application.objects.filter(campaign=campaign, status=Application.Status.EXPERT_REVIEW)
        .select_related("studio", "filing_union")
        .order_by("studio__name_pinyin", "studio__name")
    )


def _reader_campaign(request, pk):
    campaign = get_campaign(request, pk)
    if not permissions.can_see_publicity(request.user, campaign):
        raise Http404
    return campaign


@login_required
def publicity_page(request, campaign_pk):
    campaign = _reader_campaign(request, campaign_pk)
    organises = permissions.can_organise(request.user, campaign)
    if request.method == "POST" and not organises:
        raise PermissionDenied
    form = PublishForm(
        request.POST or None, candidates=_candidates(campaign), initial={"starts_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.publish(
                campaign=campaign,
                applications=form.cleaned_data["applications"],
                starts_on=form.cleaned_data["starts_on"],
                text=form.cleaned_data["text"],
                contact_person=form.cleaned_data["contact_person"],
                contact_phone=form.cleaned_data["contact_phone"],
                by=request.user,
            )
        except workflow.TransitionError as error:
            form.add_error(None, error)
        except PermissionDenied:
            form.add_error(None, _("You may not do this."))
        else:
            messages.success(request, _("The public notice is published."))
            return redirect("studios:campaign_publicity", campaign_pk=campaign.pk)
    publicities = (
        Publicity.objects.filter(campaign=campaign)
        .prefetch_related(
            "applications__studio",
            "objections__application__studio",
            "objections__resolved_by",
            "objections__recorded_by",
        )
        .order_by("-starts_on", "-pk")
    )
    on_notice = services.on_publicity(campaign)
    return render(
        request,
        "studios/workflow/publicity.html",
        {
            "campaign": campaign,
            "organises": organises,
            "form": form,
            "publicities": publicities,
            "objection_form": ObjectionForm(
                applications=on_notice, initial={"received_on": timezone.localdate()}
            ),
            "resolve_form": ResolveForm(),
            "has_candidates": _candidates(campaign).exists(),
            "on_notice": on_notice,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def objection_add(request, campaign_pk):
    campaign = _organiser_campaign(request, campaign_pk)
    form = ObjectionForm(request.POST, applications=services.on_publicity(campaign))
    if form.is_valid():
        app = form.cleaned_data["application"]
        try:
            services.record_objection(
                publicity=app.publicity,
                application=app,
                received_on=form.cleaned_data["received_on"],
                text=form.cleaned_data["text"],
                by=request.user,
            )
        except workflow.TransitionError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The objection is recorded."))
    else:
        messages.error(request, _("Choose the studio, the date received and write the objection."))
    return redirect("studios:campaign_publicity", campaign_pk=campaign.pk)


@login_required
@require_POST
def objection_resolve(request, campaign_pk, pk):
    campaign = _organiser_campaign(request, campaign_pk)
    objection = get_object_or_404(Objection, pk=pk, publicity__campaign=campaign)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.resolve_objection(
                objection=objection,
                resolution=form.cleaned_data["resolution"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except (workflow.TransitionError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The objection is resolved."))
    else:
        messages.error(request, _("Choose upheld or dismissed and give a reason."))
    return redirect("studios:campaign_publicity", campaign_pk=campaign.pk)


@login_required
def objection_attachment(request, campaign_pk, pk):
    """The file an objector attached: for those who read the 公示 page, from private storage."""
    campaign = _reader_campaign(request, campaign_pk)
    objection = get_object_or_404(Objection, pk=pk, publicity__campaign=campaign)
    if not objection.attachment:
        raise Http404
    return uploads.private_file_response(
        objection.attachment, objection.attachment_name, objection.attachment_content_type
    )


@login_required
@require_POST
def name_all(request, campaign_pk):
    campaign = _organiser_campaign(request, campaign_pk)
    named, waiting = naming_services.name_all(campaign=campaign, by=request.user)
    if named:
        messages.success(request, _("%(count)s studios were named.") % {"count": len(named)})
    for app, reason in waiting:
        messages.warning(request, f"{app.studio.name}：{reason}")
    if not named and not waiting:
        messages.info(request, _("No studio is on public notice."))
    return redirect("studios:campaign_publicity", campaign_pk=campaign.pk)
