"""Importing existing studios and their historic titles (services/history_import.py): a union's
administrator uploads one workbook for the studios of their subtree: upload → the whole file
checked → the preview (studios and titles to be added, those already on the platform, the
revocations) → "apply" plans again and saves it whole. The upload waits in between through
unions/staging.py (bound to the administrator, this import and this union; it expires)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unions import access, staging
from unions.imports import PreviewGroup
from unions.onboarding import WorkbookForm
from unions.permissions import can_manage_union
from unions.uploads import EXCEL, check_upload

from ..models import NamingLevel, StudioType
from ..services import history_import

PURPOSE = "history"
PREVIEW_ROWS = 20


def _managed_union(user, pk):
    union = access.get_union_or_404(user, pk)
    if not can_manage_union(user, union):
        raise Http404
    return union


def _staged(request, union):
    return {"owner": request.user, "purpose": PURPOSE, "target": union.pk}


@login_required
def template(request, union_pk):
    _managed_union(request.user, union_pk)
    return history_import.template_response()


def _studio_values(row):
    return [row["name"], row["person_name"], row["union_code"], StudioType(row["kind"]).label]


def _title_values(row):
    return [
        row["studio"],
        NamingLevel(row["level"]).label,
        row["year"],
        row["certificate_number"],
        row["revoked_on"].isoformat() if row["revoked_on"] else "",
    ]


def _groups(plan):
    studio_headers = [_("studio name"), _("named after"), _("code of the host union"), _("type")]
    title_headers = [_("studio name"), _("naming level"), _("year"), _("certificate number"), _("revoked on")]
    groups = [
        ("new-studios", _("studios to be added"), plan.new_studios, studio_headers, _studio_values),
        (
            "held-studios",
            _("studios already on the platform"),
            plan.held_studios,
            studio_headers,
            _studio_values,
        ),
        ("new-titles", _("titles to be recorded"), plan.new_titles, title_headers, _title_values),
        ("held-titles", _("titles recorded already"), plan.held_titles, title_headers, _title_values),
        ("revocations", _("revocations to be recorded"), plan.revocations, title_headers, _title_values),
    ]
    return [
        PreviewGroup(key, title, len(rows), headers, [(n, values(row)) for n, row in rows[:PREVIEW_ROWS]])
        for key, title, rows, headers, values in groups
    ]


@login_required
def upload(request, union_pk):
    union = _managed_union(request.user, union_pk)
    form = WorkbookForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_upload(upload, families=(EXCEL,))
            plan = history_import.plan(upload, root=union, by=request.user)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            errors = plan.errors
            if not errors:
                token = staging.stage(upload, **_staged(request, union))
                return render(
                    request,
                    "studios/history_import_preview.html",
                    {"union": union, "plan": plan, "token": token, "groups": _groups(plan)},
                )
    return render(request, "studios/history_import.html", {"union": union, "form": form, "errors": errors})


@login_required
@require_POST
def apply(request, union_pk):
    union = _managed_union(request.user, union_pk)
    staged = _staged(request, union)
    token = request.POST.get("token", "")
    try:
        with staging.open_staged(token, **staged) as upload:
            imported = history_import.apply(upload, root=union, by=request.user)
    except staging.Expired:
        messages.error(request, _("This preview has expired or was applied already; upload the file again."))
        return redirect("studios:history_import", union_pk=union.pk)
    except ValidationError:
        messages.error(
            request, _("The file no longer fits the studios and titles; upload it again to see why.")
        )
        return redirect("studios:history_import", union_pk=union.pk)
    finally:
        staging.discard(token, **staged)
    messages.success(
        request,
        _(
            "Studios: %(created)d added, %(held)d already on the platform. Titles: %(titles)d "
            "recorded, %(titles_held)d already recorded, %(revoked)d revocations recorded."
        )
        % {
            "created": imported.studios_created,
            "held": imported.studios_held,
            "titles": imported.titles_created,
            "titles_held": imported.titles_held,
            "revoked": imported.titles_revoked,
        },
    )
    return redirect("studios:history_import", union_pk=union.pk)
