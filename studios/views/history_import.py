"""Importing existing studios and their historic titles (services/history_import.py): a union's
administrator uploads one workbook for the studios of their subtree."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from unions import access
from unions.onboarding import WorkbookForm
from unions.permissions import can_manage_union
from unions.uploads import EXCEL, check_upload

from ..services import history_import


def _managed_union(user, pk):
    union = access.get_union_or_404(user, pk)
    if not can_manage_union(user, union):
        raise Http404
    return union


@login_required
def template(request, union_pk):
    _managed_union(request.user, union_pk)
    return history_import.template_response()


@login_required
def upload(request, union_pk):
    union = _managed_union(request.user, union_pk)
    form = WorkbookForm(request.POST or None, request.FILES or None)
    errors, imported = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_upload(upload, families=(EXCEL,))
            imported, errors = history_import.import_history(upload, root=union, by=request.user)
        except ValidationError as exc:
            form.add_error("file", exc)
            imported = None
        else:
            if not errors:
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
            else:
                imported = None
    return render(
        request,
        "studios/history_import.html",
        {"union": union, "form": form, "errors": errors, "imported": imported},
    )
