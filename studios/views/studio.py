"""Pages of a studio: the list, the studio page with its 七有 checklist, evidence, lead and moves.

Every view fetches the studio through Studio.objects.visible_to(), so a studio outside the
user's scope is a 404; a view that changes it checks permissions.can_edit_studio() too.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from unions import access, compiled, pinyin, uploads
from unions.changes import change_log
from unions.models import Union

from .. import completeness, hooks, permissions, warnings, workflow
from ..forms.studio import (
    EvidenceFileForm,
    EvidenceStatementForm,
    ExistingAccountForm,
    MoveForm,
    NewLeadForm,
    StudioForm,
)
from ..models import (
    EvidenceFile,
    Honour,
    Naming,
    NamingTier,
    Studio,
    StudioType,
    StudioUserObjectPermission,
    Topic,
)
from ..services import changes as change_services
from ..services import studio as services

User = get_user_model()

NEXT_STEP = {
    Studio.Stage.CULTIVATING: gettext_lazy("Prove the seven basic conditions, then declare it mature"),
    Studio.Stage.MATURE: gettext_lazy("May be put forward in an application for naming"),
    Studio.Stage.NAMED: gettext_lazy("Keeps its title through the yearly assessment"),
    Studio.Stage.DISSOLVED: gettext_lazy("Dissolved: its record is kept, read-only"),
}
# Files a browser may show inline; everything else is downloaded.
INLINE_TYPES = {"application/pdf"} | uploads.FAMILIES[uploads.IMAGE]
# The kind of file each criterion asks for first.
DEFAULT_KIND = {
    "identity": EvidenceFile.Kind.PLAQUE_PHOTO,
    "site": EvidenceFile.Kind.SITE_PHOTO,
    "rules": EvidenceFile.Kind.RULE_DOCUMENT,
}


def _visible(request, pk):
    return get_object_or_404(Studio.objects.visible_to(request.user).select_related("host_union"), pk=pk)


def _editable(request, pk):
    """The studio, for a view that changes it: 404 unless the user may edit it."""
    studio = _visible(request, pk)
    if not permissions.can_edit_studio(request.user, studio):
        raise Http404
    return studio


def _lead_grants():
    return Prefetch(
        "studiouserobjectpermission_set",
        queryset=StudioUserObjectPermission.objects.filter(permission__codename="lead_studio").select_related(
            "user"
        ),
        to_attr="lead_grants",
    )


# --- list ------------------------------------------------------------------------


UNION_SELECT_MAX = 100


@login_required
def studio_list(request):
    user = request.user
    exemplary = Naming.objects.filter(studio=OuterRef("pk"), tier=NamingTier.EXEMPLARY, revoked=False)
    studios = (
        Studio.objects.visible_to(user)
        .select_related("host_union")
        .prefetch_related(_lead_grants())
        .annotate(exemplary=Exists(exemplary))
    )
    q = request.GET.get("q", "").strip()
    if q:
        studios = studios.filter(pinyin.matches("name", q) | pinyin.matches("person_name", q))
    stage = request.GET.get("stage", "")
    if stage in Studio.Stage.values:
        studios = studios.filter(stage=stage)
    kind = request.GET.get("kind", "")
    if kind in StudioType.values:
        studios = studios.filter(kind=kind)
    # A short list of host unions is a select; a province's thousands are searched by name instead.
    unions = list(
        access.unions_for(user)
        .filter(level=Union.Level.GRASSROOTS)
        .only("pk", "name", "path")[: UNION_SELECT_MAX + 1]
    )
    union_pk = request.GET.get("union", "")
    union_name = request.GET.get("union_name", "").strip()
    if len(unions) > UNION_SELECT_MAX:
        unions = []
        chosen = access.unions_for(user).filter(pk=union_pk).first() if union_pk.isdigit() else None
        if union_name:
            studios = studios.filter(host_union__name__icontains=union_name)
    else:
        chosen = next((u for u in unions if str(u.pk) == union_pk), None)
    if chosen is not None:
        studios = studios.within(chosen)
    page = Paginator(studios.order_by("name_pinyin", "name", "pk"), 25).get_page(request.GET.get("page"))
    # The studio's link reversed once per page, the row's pk put in (not a {% url %} per row).
    before, after = reverse("studios:detail", args=[987654321]).split("987654321")
    for studio in page:
        studio.next_step = NEXT_STEP[studio.stage]
        studio.leads = [grant.user for grant in studio.lead_grants]
        studio.detail_url = f"{before}{studio.pk}{after}"
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "studios/studio_list.html",
        {
            "page": page,
            "q": q,
            "stage": stage,
            "kind": kind,
            "union_pk": union_pk,
            "unions": unions if len(unions) > 1 else [],
            "union_name": union_name,
            "union_search": not unions and access.has_any(user, access.VIEW),
            "stages": Studio.Stage.choices,
            "kinds": StudioType.choices,
            "querystring": filters.urlencode(),
            "can_register": permissions.can_register_studio(user),
        },
    )


# --- the studio page -------------------------------------------------------------------


STUDIO_GRANTS = ("studios.lead_studio", "studios.log_ledger")  # what Studio.visible_to adds


def _detail_query(user, pk, today):
    return (
        warnings.annotate_flags(Studio.objects.visible_to(user), today)
        .select_related("host_union", "criteria_set")
        .prefetch_related(
            Prefetch("namings", queryset=Naming.objects.select_related("named_by").order_by("-year", "pk"))
        )
        .filter(pk=pk)
    )


@login_required
def studio_detail(request, pk):
    user = request.user
    # Compiled once per scope (its paths and grants are in the key), the studio's pk put in.
    today = timezone.localdate()  # the warnings' thresholds are counted from it
    key = ("studios.detail", today, access.scope_key(user, object_perm=STUDIO_GRANTS, model=Studio))
    found = compiled.instances(key, lambda pk: _detail_query(user, pk, today), pk=pk)
    if not found:
        raise Http404
    studio = found[0]
    files = list(
        EvidenceFile.objects.filter(evidence__studio=studio)
        .select_related("evidence")
        .order_by("uploaded_at", "pk")
    )
    studio._evidence_files = files  # evaluate() reuses this read
    checklist = []
    for criterion, verdict in completeness.evaluate(studio):
        criterion_files = [f for f in files if f.evidence.criterion_id == criterion.pk]
        checklist.append({"criterion": criterion, "verdict": verdict, "files": criterion_files})
    sections = [
        render_to_string(s["template"], {**s, "section": s, "studio": studio}, request=request)
        for s in (section(studio, request) for section in hooks.studio_sections)
        if s
    ]
    actions = [act for provider in hooks.studio_actions for act in provider(studio, request)]
    # The studio's own moves and those of its lead-change and dissolution requests, in time order.
    timeline = change_services.studio_timeline(studio)
    can_edit = permissions.can_edit_studio(user, studio)
    leads, loggers = services.leads_and_loggers(studio)
    return render(
        request,
        "studios/studio_detail.html",
        {
            "studio": studio,
            "checklist": checklist,
            "met_count": sum(1 for row in checklist if row["verdict"].status == completeness.Status.MET),
            "next_step": NEXT_STEP[studio.stage],
            "namings": studio.namings.all(),  # prefetched, with the move checks and sections
            "sections": sections,
            "actions": actions,
            "timeline": timeline,
            "moves": workflow.available(studio, user),
            "can_edit": can_edit,
            "can_manage_loggers": permissions.can_manage_loggers(user, studio),
            "can_file_change": permissions.can_file_change(user, studio),
            "leads": leads,
            "loggers": loggers,
            "move_form": MoveForm(),
            "logger_form": ExistingAccountForm(),
        },
    )


# --- register and edit -------------------------------------------------------------------


@login_required
def studio_create(request):
    if not permissions.can_register_studio(request.user):
        raise PermissionDenied
    form = StudioForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        studio = form.save()
        messages.success(request, _("Studio “%(name)s” was registered.") % {"name": studio.name})
        return redirect("studios:detail", pk=studio.pk)
    return render(request, "studios/studio_form.html", {"form": form})


def _labels(choices):
    names = dict(choices)
    return lambda codes: "、".join(str(names.get(code, code)) for code in codes or ())


# How the history names the values of the studio's JSON fields (lists and maps of codes).
HISTORY_LABELS = {
    "topics": _labels(Topic.choices),
    "person_honours": _labels(Honour.choices),
    "person_honour_years": lambda years: "、".join(
        f"{dict(Honour.choices).get(code, code)} {year}" for code, year in (years or {}).items()
    ),
}


@login_required
def studio_history(request, pk):
    """Every change of the studio's record: who, when, what from what to what."""
    studio = get_object_or_404(Studio.objects.visible_to(request.user), pk=pk)
    entries = change_log(studio, labels=HISTORY_LABELS)
    return render(request, "studios/studio_history.html", {"studio": studio, "entries": entries})


@login_required
def studio_edit(request, pk):
    studio = _editable(request, pk)
    form = StudioForm(request.POST or None, instance=studio, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("studios:detail", pk=studio.pk)
    return render(request, "studios/studio_form.html", {"form": form, "studio": studio})


# --- evidence ------------------------------------------------------------------------------


@login_required
def evidence(request, pk, criterion_pk):
    studio = _visible(request, pk)
    criterion = get_object_or_404(studio.criteria_set.criteria, pk=criterion_pk)
    can_edit = permissions.can_edit_studio(request.user, studio)
    current = services.evidence_for(studio, criterion)
    statement_form = EvidenceStatementForm(initial={"description": current.description if current else ""})
    file_form = EvidenceFileForm(
        initial={"kind": DEFAULT_KIND.get(criterion.rule, EvidenceFile.Kind.DOCUMENT)}
    )
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if "upload" in request.POST:
            file_form = EvidenceFileForm(request.POST, request.FILES)
            if file_form.is_valid():
                data = file_form.cleaned_data
                services.add_evidence_file(
                    studio=studio,
                    criterion=criterion,
                    upload=data["file"],
                    info=file_form.upload_info,
                    by=request.user,
                    kind=data["kind"],
                    rule_kind=data["rule_kind"],
                    title=data["title"],
                )
                messages.success(request, _("The file was added."))
                return redirect("studios:evidence", pk=studio.pk, criterion_pk=criterion.pk)
        else:
            statement_form = EvidenceStatementForm(request.POST)
            if statement_form.is_valid():
                services.save_evidence_statement(
                    studio=studio, criterion=criterion, description=statement_form.cleaned_data["description"]
                )
                messages.success(request, _("Saved."))
                return redirect("studios:evidence", pk=studio.pk, criterion_pk=criterion.pk)
    files = current.files.select_related("uploaded_by") if current else []
    return render(
        request,
        "studios/studio_evidence.html",
        {
            "studio": studio,
            "criterion": criterion,
            "verdict": completeness.judge(studio, criterion),
            "evidence": current,
            "files": files,
            "can_edit": can_edit,
            "statement_form": statement_form,
            "file_form": file_form,
        },
    )


@login_required
def evidence_file(request, pk, file_pk):
    studio = _visible(request, pk)
    stored = get_object_or_404(EvidenceFile, pk=file_pk, evidence__studio=studio)
    inline = request.GET.get("inline") == "1" and stored.content_type in INLINE_TYPES
    return uploads.private_file_response(
        stored.file, stored.original_name, stored.content_type, inline=inline
    )


@login_required
@require_POST
def evidence_file_delete(request, pk, file_pk):
    studio = _editable(request, pk)
    stored = get_object_or_404(
        EvidenceFile.objects.select_related("evidence"), pk=file_pk, evidence__studio=studio
    )
    criterion_pk = stored.evidence.criterion_id
    services.delete_evidence_file(evidence_file=stored)
    messages.success(request, _("The file “%(name)s” was deleted.") % {"name": stored.original_name})
    return redirect("studios:evidence", pk=studio.pk, criterion_pk=criterion_pk)


# --- lifecycle moves -------------------------------------------------------------------------


@login_required
@require_POST
def move(request, pk, action):
    studio = _visible(request, pk)
    form = MoveForm(request.POST)
    form.is_valid()
    try:
        moved = workflow.transition(
            studio, action, by=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except workflow.TransitionError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, workflow.done_message(moved, action))
    return redirect("studios:detail", pk=studio.pk)


# --- the lead and the accounts that log ledgers --------------------------------------------------


@login_required
def lead(request, pk):
    studio = _editable(request, pk)
    existing_form = ExistingAccountForm(prefix="existing", appointer=request.user, studio=studio)
    new_form = NewLeadForm(prefix="new")
    if request.method == "POST" and request.POST.get("mode") == "existing":
        existing_form = ExistingAccountForm(
            request.POST, prefix="existing", appointer=request.user, studio=studio
        )
        if existing_form.is_valid():
            services.assign_lead(studio=studio, user=existing_form.account)
            messages.success(
                request, _("%(name)s now leads the studio.") % {"name": existing_form.account.display_name}
            )
            return redirect("studios:detail", pk=studio.pk)
    elif request.method == "POST" and request.POST.get("mode") == "new":
        new_form = NewLeadForm(request.POST, prefix="new")
        if new_form.is_valid():
            user, link = services.create_lead_account(request=request, studio=studio, **new_form.cleaned_data)
            messages.success(
                request,
                _("Account %(name)s was created and an e-mail with a link to set the password was sent.")
                % {"name": user.display_name},
            )
            return render(
                request, "studios/studio_lead_invited.html", {"studio": studio, "invited": user, "link": link}
            )
    return render(
        request,
        "studios/studio_lead_form.html",
        {
            "studio": studio,
            "existing_form": existing_form,
            "new_form": new_form,
            "leads": services.leads_of(studio),
        },
    )


@login_required
@require_POST
def lead_remove(request, pk, user_pk):
    studio = _editable(request, pk)
    user = get_object_or_404(services.leads_of(studio), pk=user_pk)
    services.remove_lead(studio=studio, user=user)
    messages.success(request, _("%(name)s no longer leads the studio.") % {"name": user.display_name})
    return redirect("studios:detail", pk=studio.pk)


def _managing_loggers(request, pk):
    studio = _visible(request, pk)
    access.require(permissions.can_manage_loggers(request.user, studio))
    return studio


@login_required
@require_POST
def logger_add(request, pk):
    studio = _managing_loggers(request, pk)
    form = ExistingAccountForm(request.POST, appointer=request.user, studio=studio)
    if form.is_valid():
        services.allow_member_logging(studio=studio, user=form.account)
        messages.success(
            request, _("%(name)s may now log this studio's ledgers.") % {"name": form.account.display_name}
        )
    else:
        for error in form.errors.get("username", []):
            messages.error(request, error)
    return redirect(reverse("studios:detail", args=[studio.pk]) + "#loggers")


@login_required
@require_POST
def logger_revoke(request, pk, user_pk):
    studio = _managing_loggers(request, pk)
    user = get_object_or_404(services.loggers_of(studio), pk=user_pk)
    services.revoke_member_logging(studio=studio, user=user)
    messages.success(
        request, _("%(name)s may no longer log this studio's ledgers.") % {"name": user.display_name}
    )
    return redirect(reverse("studios:detail", args=[studio.pk]) + "#loggers")


# --- navigation and home panels (registered in StudiosConfig.ready) ------------------------------


def nav_visible(user):
    return permissions.can_see_studios(user)


def staff_panel(request):
    """For staff: register a studio, and the cultivating studios whose conditions are all met."""
    user = request.user
    if not permissions.can_file_somewhere(user) or user.is_superuser:
        return None
    cultivating = list(
        Studio.objects.editable_by(user)
        .filter(stage=Studio.Stage.CULTIVATING)
        .select_related("criteria_set")
        .prefetch_related("criteria_set__criteria")
        .order_by("-updated_at", "pk")[:5]
    )
    ready = [studio for studio in cultivating if completeness.all_met(studio)]
    return {
        "template": "studios/panel_staff.html",
        "ready": ready,
        "cultivating_count": len(cultivating),
        "can_register": permissions.can_register_studio(user),
    }


def lead_panel(request):
    """For a studio lead: their studio's checklist at a glance and where to log an activity."""
    studios = list(Studio.objects.led_by(request.user).select_related("criteria_set")[:5])
    if not studios:
        return None
    rows = []
    for studio in studios:
        checklist = completeness.evaluate(studio)
        rows.append(
            {
                "studio": studio,
                "met": sum(1 for _c, v in checklist if v.status == completeness.Status.MET),
                "total": len(checklist),
                "not_met": [c.name for c, v in checklist if v.status != completeness.Status.MET],
                "log_url": _log_activity_url(studio),
            }
        )
    return {"template": "studios/panel_lead.html", "rows": rows}


def _log_activity_url(studio):
    # ledgers/ names its pages; studios/ only knows the URL name, never the module.
    try:
        return reverse("ledgers:add", kwargs={"studio_pk": studio.pk, "ledger": "activities"})
    except NoReverseMatch:
        return reverse("studios:detail", args=[studio.pk]) + "#ledgers"
