"""Campaign pages: the list, creating and editing (the organiser's head or administrator), quotas,
scoring dimensions, opening and closing, and the overview (counts per state and per child union)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Count, Value
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unions import access, compiled
from unions import permissions as union_permissions
from unions.models import Membership, Role

from .. import permissions, workflow
from ..forms.workflow import CampaignForm, DimensionFormSet, NewCampaignForm, QuotaForm, ReasonForm
from ..models import Application, Campaign, ExpertAssignment, ExpertProfile, Quota
from ..services import applications as filing
from ..services import campaigns as services
from ..services import experts as expert_services
from .applications import get_campaign, timeline
from .reviews import review_unions


def _organised(request, pk):
    campaign = get_campaign(request, pk)
    if not permissions.can_organise(request.user, campaign):
        raise Http404
    return campaign


@login_required
def campaign_list(request):
    campaigns = services.campaigns_for(request.user).annotate(count=Count("applications", distinct=True))
    return render(
        request,
        "studios/workflow/campaign_list.html",
        {"campaigns": campaigns, "may_create": permissions.can_create_campaign(request.user)},
    )


@login_required
def campaign_create(request):
    if not permissions.can_create_campaign(request.user):
        raise Http404
    organisers = permissions.organiser_unions(request.user)
    today = timezone.localdate()
    form = NewCampaignForm(
        request.POST or None,
        organisers=organisers,
        initial={
            "organiser": organisers[0].pk,
            "year": today.year,
            "opens_on": today,
            "criteria_set": services.default_criteria_set(),
            "publicity_working_days": 5,
            "require_mature": True,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not data.get("certificate_prefix"):
            data.pop("certificate_prefix")
        campaign = services.create_campaign(by=request.user, **data)
        messages.success(request, _("The campaign is created as a draft. Set the quotas, then open it."))
        return redirect("studios:campaign_detail", pk=campaign.pk)
    return render(request, "studios/workflow/campaign_form.html", {"form": form})


@login_required
def campaign_edit(request, pk):
    campaign = _organised(request, pk)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("studios:campaign_detail", pk=campaign.pk)
    return render(request, "studios/workflow/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
@require_POST
def campaign_move(request, pk, action):
    campaign = _organised(request, pk)
    if action not in ("open", "close"):
        raise Http404
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        moved = workflow.transition(
            campaign, action, by=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except workflow.TransitionError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        messages.error(request, _("You may not do this."))
    else:
        messages.success(request, workflow.done_message(moved, action))
    return redirect("studios:campaign_detail", pk=campaign.pk)


@login_required
def campaign_quotas(request, pk):
    campaign = _organised(request, pk)
    unions = services.child_unions(campaign)
    current = dict(Quota.objects.filter(campaign=campaign).values_list("union_id", "places"))
    form = QuotaForm(request.POST or None, unions=unions, current=current)
    if request.method == "POST" and form.is_valid():
        services.set_quotas(campaign=campaign, places_by_union=form.places())
        messages.success(request, _("The quotas are saved."))
        return redirect("studios:campaign_detail", pk=campaign.pk)
    return render(request, "studios/workflow/campaign_quotas.html", {"campaign": campaign, "form": form})


@login_required
def campaign_dimensions(request, pk):
    campaign = _organised(request, pk)
    formset = DimensionFormSet(request.POST or None, instance=campaign)
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, _("The scoring dimensions are saved."))
        return redirect("studios:campaign_detail", pk=campaign.pk)
    return render(
        request, "studios/workflow/campaign_dimensions.html", {"campaign": campaign, "formset": formset}
    )


@login_required
def campaign_detail(request, pk):
    """The overview: counts per state and per child union, within what the user may see."""
    campaign = get_campaign(request, pk)
    user = request.user
    apps = access.scope(Application.objects.filter(campaign=campaign), user, via="filing_union")
    by_state = dict(apps.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    states = [(s.label, by_state.get(s.value, 0)) for s in Application.Status]
    children = list(services.child_unions(campaign))
    visible_children = [c for c in children if union_permissions.can_see_union(user, c)]
    if not visible_children:
        # Below the organiser's children: the user's own top unions are the rows.
        visible_children = [t for t in access.top_unions(user) if t.path.startswith(campaign.organiser.path)]
    rows = apps.values_list("filing_union__path", "status").annotate(n=Count("pk"))
    quotas = dict(Quota.objects.filter(campaign=campaign).values_list("union_id", "places"))
    per_child = []
    for child in visible_children:
        counts = {}
        for path, status, n in rows:
            if path.startswith(child.path):
                counts[status] = counts.get(status, 0) + n
        per_child.append(
            {
                "union": child,
                "total": sum(counts.values()),
                "in_review": sum(counts.get(s, 0) for s in ("submitted", "under_review", "recommended")),
                "beyond": sum(counts.get(s, 0) for s in ("receipt", "expert_review", "publicity", "named")),
                "named": counts.get("named", 0),
                "places": quotas.get(child.pk),
                "used": filing.quota_used(campaign, child) if child.pk in quotas else None,
            }
        )
    reviews_at = [u for u in review_unions(user) if u.path.startswith(campaign.organiser.path)]
    return render(
        request,
        "studios/workflow/campaign_detail.html",
        {
            "campaign": campaign,
            "states": states,
            "total": sum(by_state.values()),
            "per_child": per_child,
            "organises": permissions.can_organise(user, campaign),
            "manages_experts": permissions.can_manage_experts(user, campaign),
            "named_count": by_state.get(Application.Status.NAMED, 0),
            "reviews_at": reviews_at,
            "may_file": campaign.accepts_filing_on() and permissions.can_file_somewhere(user),
            "moves": workflow.available(campaign, user),
            "dimensions": campaign.dimensions.all(),
            "quotas": Quota.objects.filter(campaign=campaign).select_related("union"),
            "timeline": timeline(campaign),
        },
    )


# --- navigation and the home panel ("what to do next" per role) ---------------------------


# Not a union role: what the roles query answers for an account in an active expert pool.
IN_EXPERT_POOL = "~expert"


def _held(user):
    """The roles the user holds anywhere, and IN_EXPERT_POOL for an expert: one query per request,
    shared by the nav entries below."""
    if not hasattr(user, "_workflow_roles"):
        user._workflow_roles = {
            role for (role,) in compiled.rows("studios.roles", _roles_query, user=user.pk)
        }
    return user._workflow_roles


def _roles(user):
    return _held(user) - {IN_EXPERT_POOL}


def _roles_query(user):
    roles = Membership.objects.active().filter(user_id=user).order_by().values_list("role")
    pools = (
        ExpertProfile.objects.filter(user_id=user, is_active=True)
        .order_by()
        .annotate(role=Value(IN_EXPERT_POOL, output_field=CharField()))
        .values_list("role")
    )
    return roles.union(pools)


def nav_campaigns(user):
    return user.is_superuser or bool(_roles(user))


def nav_applications(user):
    return user.is_superuser or Role.STAFF in _roles(user)


def nav_assignments(user):
    # Experts hold no union role; those who also hold one find their assignments on the home page.
    # A studio lead or a logger holds none either, and is no expert: no menu entry leading nowhere.
    return not user.is_superuser and not _roles(user) and IN_EXPERT_POOL in _held(user)


def home_panel(request):
    """What awaits this person on the review path: to resubmit, to review, to send up, to assess, to name."""
    user = request.user
    items = []
    if permissions.can_file_somewhere(user):
        mine = access.scope(Application.objects.all(), user, via="filing_union", perm=access.FILE)
        counts = dict(mine.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
        if counts.get("returned"):
            items.append(
                (_("Applications returned for revision"), counts["returned"], "studios:my_applications", None)
            )
        if counts.get("draft"):
            items.append((_("Drafts not yet submitted"), counts["draft"], "studios:my_applications", None))
    reviews_at = review_unions(user)
    if reviews_at and not user.is_superuser:
        awaiting = (
            Application.objects.filter(current_union__in=reviews_at)
            .values_list("campaign", "status")
            .annotate(n=Count("pk"))
        )
        for campaign_pk, status, n in awaiting:
            if status in Application.REVIEW_STATES:
                items.append((_("Applications awaiting your review"), n, "studios:inbox", campaign_pk))
            elif status == Application.Status.RECOMMENDED:
                items.append((_("Recommendations to rank and send up"), n, "studios:ranking", campaign_pk))
            elif status == Application.Status.RECEIPT:
                items.append(
                    (_("Applications awaiting receipt (形式审查)"), n, "studios:receipt", campaign_pk)
                )
    pending = expert_services.assignments_for(user).filter(status__in=ExpertAssignment.PENDING_STATES).count()
    if pending:
        items.append((_("Applications awaiting your scores"), pending, "studios:my_assignments", None))
    if not user.is_superuser:
        # One grouped query for every campaign this person organises, not two counts per campaign.
        at_organiser = (
            Application.objects.filter(
                campaign__organiser__in=permissions.organiser_unions(user),
                status__in=(Application.Status.EXPERT_REVIEW, Application.Status.PUBLICITY),
            )
            .values_list("campaign", "status")
            .annotate(n=Count("*"))
            .order_by("campaign", "status")
        )
        for campaign_pk, status, n in at_organiser:
            if status == Application.Status.EXPERT_REVIEW:
                items.append(
                    (_("Applications in expert assessment"), n, "studios:campaign_experts", campaign_pk)
                )
            else:
                items.append((_("Studios on public notice"), n, "studios:campaign_publicity", campaign_pk))
    if not items and not permissions.can_file_somewhere(user) and not reviews_at:
        return None
    open_campaigns = [c for c in services.campaigns_for(user).filter(status=Campaign.Status.OPEN)[:5]]
    return {
        "template": "studios/workflow/panel.html",
        "items": [
            {"label": label, "count": n, "url": reverse(name, args=[arg]) if arg else reverse(name)}
            for label, n, name, arg in items
        ],
        "open_campaigns": open_campaigns,
    }
