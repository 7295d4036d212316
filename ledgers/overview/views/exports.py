"""Large Excel exports (ledgers/overview/exports.py): ask for one, watch it being written, download it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unions.excel import XLSX
from unions.uploads import private_file_response

from ...models import Export
from ...permissions import can_download_export
from .. import exports


@login_required
@require_POST
def export_request(request, kind):
    """Asked from a list page (grants, studio search) with that page's filters in the query string."""
    try:
        export = exports.request_export(user=request.user, kind=kind, params=request.GET.dict())
    except exports.ExportError as error:
        messages.error(request, str(error))
        return redirect("ledgers:exports")
    export.refresh_from_db()
    if export.status == Export.Status.FAILED:
        messages.error(request, export.error)
    else:
        messages.success(
            request,
            _("“%(title)s” is being written in the background; you will get a notice when it is ready.")
            % {"title": export.title},
        )
    return redirect("ledgers:exports")


@login_required
def export_list(request):
    page = Paginator(exports.visible_exports(request.user), 25).get_page(request.GET.get("page"))
    context = {"page": page, "busy": any(e.is_busy for e in page)}
    if request.htmx:
        return render(request, "ledgers/exports/_rows.html", context)
    return render(request, "ledgers/exports/list.html", context)


@login_required
def export_download(request, pk):
    export = get_object_or_404(Export, pk=pk)
    if not can_download_export(request.user, export):
        raise Http404
    return private_file_response(export.file, f"{export.title}.xlsx", XLSX)
