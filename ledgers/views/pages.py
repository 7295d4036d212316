"""Pages of a studio's ledgers: lists with filters and Excel export, forms, imports, private files.

Every view first fetches the studio through `get_studio` (scope → 404), and every
write checks `require_log` (the lead and the accounts the lead allowed → else 403).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unions import excel as unions_excel
from unions import staging
from unions.changes import change_log
from unions.imports import PreviewGroup
from unions.uploads import EXCEL, check_upload, private_file_response

from .. import excel, figures, importing, services
from ..forms import FilterForm, ImportForm, MemberLeftForm, VoidForm
from ..models import AchievementProof, ActivityPhoto, Alliance, Member
from ..permissions import can_log
from ..sections import ledger_links, studio_summary
from .common import get_studio, require_log
from .specs import IMPORTABLE, SPECS, import_context

PAGE_SIZE = 25


def _spec(ledger, importable=False):
    spec = SPECS.get(ledger)
    if spec is None or (importable and ledger not in IMPORTABLE):
        raise Http404
    return spec


def _filtered(spec, studio, request):
    """The ledger's rows under the filters of the query string, and the bound filter form."""
    data = request.GET.copy()
    if spec.with_status and not data.get("status"):
        data["status"] = "current"
    filters = FilterForm(
        data, kind_label=spec.kind_label, kind_choices=spec.kind_choices, with_status=spec.with_status
    )
    rows = spec.queryset(studio)
    if filters.is_valid():
        cleaned = filters.cleaned_data
        if cleaned.get("date_from"):
            rows = rows.filter(**{f"{spec.date_field}__gte": cleaned["date_from"]})
        if cleaned.get("date_to"):
            rows = rows.filter(**{f"{spec.date_field}__lte": cleaned["date_to"]})
        if spec.kind_field and cleaned.get("kind"):
            rows = rows.filter(**{spec.kind_field: cleaned["kind"]})
        status = cleaned.get("status")
        if status == "current":
            rows = rows.filter(left_on__isnull=True)
        elif status == "former":
            rows = rows.filter(left_on__isnull=False)
    else:
        rows = rows.none()
    return rows, filters


@login_required
def overview(request, studio_pk):
    studio = get_studio(request, studio_pk)
    context = studio_summary(studio, request)
    return render(request, "ledgers/overview.html", {**context, "studio": studio})


_SENTINEL = 987654321


def _row_urls(studio, slug):
    """(before, after) the row's pk of each per-row link: reversed once per page, not once per row."""
    urls = {
        "edit": reverse("ledgers:edit", args=[studio.pk, slug, _SENTINEL]),
        "photo": reverse("ledgers:photo", args=[studio.pk, _SENTINEL]),
        "proof": reverse("ledgers:proof", args=[studio.pk, _SENTINEL]),
        "member_left": reverse("ledgers:member_left", args=[studio.pk, _SENTINEL]),
        "void": reverse("ledgers:void", args=[studio.pk, slug, _SENTINEL]),
        "history": reverse("ledgers:history", args=[studio.pk, slug, _SENTINEL]),
    }
    return {name: tuple(url.split(str(_SENTINEL))) for name, url in urls.items()}


@login_required
def ledger_list(request, studio_pk, ledger):
    studio = get_studio(request, studio_pk)
    spec = _spec(ledger)
    rows, filters = _filtered(spec, studio, request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "studio": studio,
        "spec": spec,
        "filters": filters,
        "page": page,
        "rows": page.object_list,
        "can_write": can_log(request.user, studio),
        "importable": ledger in IMPORTABLE,
        "links": ledger_links(studio),
        "query": request.GET.urlencode(),
        "row_urls": _row_urls(studio, spec.slug),
    }
    if spec.slug == "funds":
        context["rows"] = rows = list(page.object_list)
        for row in rows:
            row.balance = figures.money(row.balance)
        context["totals"] = figures.fund_totals(studio)
    return render(request, "ledgers/list.html", context)


@login_required
def export(request, studio_pk, ledger):
    studio = get_studio(request, studio_pk)
    spec = _spec(ledger)
    rows, _filters = _filtered(spec, studio, request)
    rows = rows.filter(
        voided_at__isnull=True
    )  # the list shows voided rows struck through; exports leave them out
    today = timezone.localdate().isoformat()
    return unions_excel.export_response(
        filename=f"{studio.name}-{spec.title}-{today}.xlsx",
        sheet_title=spec.title,
        columns=spec.columns,
        rows=rows.iterator(chunk_size=2000),
    )


@login_required
def edit(request, studio_pk, ledger, pk=None):
    studio = get_studio(request, studio_pk)
    require_log(request.user, studio)
    spec = _spec(ledger)
    instance = get_object_or_404(spec.model, studio=studio, pk=pk) if pk else None
    extra = {"owner": request.user} if spec.files_field else {}  # its files kept across a failed try
    form = spec.form(
        request.POST or None,
        request.FILES or None,
        instance=instance if instance is not None else spec.model(studio=studio),
        studio=studio,
        **extra,
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form._meta.fields if name in form.cleaned_data}
        files = form.cleaned_data.get(spec.files_field, []) if spec.files_field else []
        try:
            spec.save(studio=studio, data=data, files=files, by=request.user, instance=instance)
        except ValidationError as exc:
            form.add_error(spec.error_field, exc)
        else:
            if spec.files_field:
                form.saved()
            messages.success(request, _("Saved in the %(ledger)s.") % {"ledger": spec.title})
            return redirect("ledgers:list", studio_pk=studio.pk, ledger=spec.slug)
    if request.method == "POST" and spec.files_field:
        form.keep_files()
    return render(
        request,
        "ledgers/form.html",
        {
            "studio": studio,
            "spec": spec,
            "form": form,
            "instance": instance,
            "current": _("Edit") if instance else spec.add_label,
        },
    )


@login_required
def void(request, studio_pk, ledger, pk):
    """Void (作废) a row entered by mistake, with a reason: it stays in the ledger, struck through."""
    studio = get_studio(request, studio_pk)
    require_log(request.user, studio)
    spec = _spec(ledger)
    entry = get_object_or_404(spec.model, studio=studio, pk=pk)  # live rows only: voided is final
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.void_entry(entry=entry, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error("reason", exc)
        else:
            messages.success(
                request,
                _("“%(entry)s” was voided: it stays in the %(ledger)s, struck through, and counts nowhere.")
                % {"entry": entry, "ledger": spec.title},
            )
            return redirect("ledgers:list", studio_pk=studio.pk, ledger=spec.slug)
    return render(
        request,
        "ledgers/void.html",
        {"studio": studio, "spec": spec, "entry": entry, "form": form, "current": _("Void")},
    )


@login_required
def history(request, studio_pk, ledger, pk):
    """Who changed the row, when, and what from what to what; voided rows included."""
    studio = get_studio(request, studio_pk)
    spec = _spec(ledger)
    entry = get_object_or_404(spec.model.with_voided, studio=studio, pk=pk)
    return render(
        request,
        "ledgers/history.html",
        {
            "studio": studio,
            "spec": spec,
            "entry": entry,
            "entries": change_log(entry),
            "current": _("History"),
        },
    )


@login_required
def member_left(request, studio_pk, pk):
    studio = get_studio(request, studio_pk)
    require_log(request.user, studio)
    member = get_object_or_404(Member, studio=studio, pk=pk, left_on__isnull=True)
    form = MemberLeftForm(request.POST or None, member=member, initial={"left_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        services.member_left(member=member, left_on=form.cleaned_data["left_on"])
        messages.success(
            request, _("%(name)s left the studio; the archive keeps the record.") % {"name": member.name}
        )
        return redirect("ledgers:list", studio_pk=studio.pk, ledger="members")
    return render(request, "ledgers/member_left.html", {"studio": studio, "member": member, "form": form})


@login_required
def import_template(request, studio_pk, ledger):
    get_studio(request, studio_pk)  # scope: 404 outside it
    spec = _spec(ledger, importable=True)
    suffix = _("import template")
    return excel.template_response(
        filename=f"{spec.title}-{suffix}.xlsx",
        sheet_title=spec.title,
        columns=spec.import_columns,
        notes=spec.import_notes(),
    )


def _staged(request, studio, spec):
    return {"owner": request.user, "purpose": f"ledger:{spec.slug}", "target": studio.pk}


@login_required
def import_rows(request, studio_pk, ledger):
    """Upload → the whole file checked → the preview (what is created, what is held and skipped)."""
    studio = get_studio(request, studio_pk)
    spec = _spec(ledger, importable=True)
    require_log(request.user, studio)
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_upload(upload, families=(EXCEL,))
            plan = importing.plan(
                upload, spec=spec, studio=studio, by=request.user, context=import_context(studio, spec)
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            row_errors = plan.errors
            if not row_errors:
                token = staging.stage(upload, **_staged(request, studio, spec))
                return render(
                    request,
                    "ledgers/import_preview.html",
                    {
                        "studio": studio,
                        "spec": spec,
                        "plan": plan,
                        "token": token,
                        "groups": _preview_groups(plan),
                    },
                )
    return render(
        request,
        "ledgers/import.html",
        {"studio": studio, "spec": spec, "form": form, "row_errors": row_errors},
    )


def _preview_groups(plan):
    first = importing.PREVIEW_ROWS
    return [
        PreviewGroup(
            key,
            title,
            len(rows),
            plan.headers,
            [(number, plan.shown[number]) for number, _row in rows[:first]],
        )
        for key, title, rows in (
            ("new", _("rows to be added"), plan.new),
            ("held", _("rows already in the ledger, not added again"), plan.held),
        )
    ]


@login_required
@require_POST
def import_apply(request, studio_pk, ledger):
    """Apply a previewed file: read again from the staged upload, checked again, saved whole."""
    studio = get_studio(request, studio_pk)
    spec = _spec(ledger, importable=True)
    require_log(request.user, studio)
    staged = _staged(request, studio, spec)
    token = request.POST.get("token", "")
    try:
        with staging.open_staged(token, **staged) as upload:
            imported = importing.apply(
                upload, spec=spec, studio=studio, by=request.user, context=import_context(studio, spec)
            )
    except staging.Expired:
        messages.error(request, _("This preview has expired or was applied already; upload the file again."))
        return redirect("ledgers:import", studio_pk=studio.pk, ledger=spec.slug)
    except ValidationError:
        messages.error(request, _("The file no longer fits the ledger; upload it again to see why."))
        return redirect("ledgers:import", studio_pk=studio.pk, ledger=spec.slug)
    finally:
        staging.discard(token, **staged)
    message = _("%(count)d rows were imported into the %(ledger)s.") % {
        "count": len(imported.saved),
        "ledger": spec.title,
    }
    if imported.skipped:
        message += " " + _(
            "%(count)d rows of the file were already in the ledger and were not added again."
        ) % {"count": imported.skipped}
    messages.success(request, message)
    return redirect("ledgers:list", studio_pk=studio.pk, ledger=spec.slug)


@login_required
def activity_photo(request, studio_pk, pk):
    studio = get_studio(request, studio_pk)
    # A shared activity's photos are seen from every member studio's list too.
    shared = Q(activity__alliance__in=Alliance.objects.filter(members=studio))
    photo = get_object_or_404(ActivityPhoto.objects.filter(Q(activity__studio=studio) | shared), pk=pk)
    return private_file_response(photo.file, photo.original_name, photo.content_type, inline=True)


@login_required
def achievement_proof(request, studio_pk, pk):
    studio = get_studio(request, studio_pk)
    proof = get_object_or_404(AchievementProof, pk=pk, achievement__studio=studio)
    inline = proof.content_type.startswith("image/") or proof.content_type == "application/pdf"
    return private_file_response(proof.file, proof.original_name, proof.content_type, inline=inline)


@login_required
@require_POST
def delete_file(request, studio_pk, kind, pk):
    """Remove a photo of an activity or a proof of an achievement (the lead's correction)."""
    studio = get_studio(request, studio_pk)
    require_log(request.user, studio)
    if kind == "photo":
        row = get_object_or_404(ActivityPhoto, pk=pk, activity__studio=studio)
        ledger, owner_pk = "activities", row.activity_id
    elif kind == "proof":
        row = get_object_or_404(AchievementProof, pk=pk, achievement__studio=studio)
        ledger, owner_pk = "achievements", row.achievement_id
    else:
        raise Http404
    services.delete_file(row=row)
    messages.success(request, _("The file “%(name)s” was removed.") % {"name": row.original_name})
    return redirect("ledgers:edit", studio_pk=studio.pk, ledger=ledger, pk=owner_pk)
