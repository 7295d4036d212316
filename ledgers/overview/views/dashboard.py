"""The dashboard of a union's subtree and its tables as Excel.

The figures come from ledgers.overview.dashboard, a constant number of grouped
queries whatever the size of the subtree, cached by ledgers.overview.cache.
"""

import datetime
import io
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from unions import access

from .. import cache, dashboard
from .common import root_union

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def dashboard_view(request):
    root = root_union(request)
    today = timezone.localdate()

    def figures():
        overview = dashboard.Overview(root, today=today)
        context = {
            "root": root,
            "total": overview.total_studios(),
            "tables": overview.tables(),
            "charts": overview.charts(),
        }
        return render_to_string("ledgers/overview/_dashboard_body.html", context)

    # The figures depend on the union, the day and the language only, never on who asks.
    body = cache.cached(("dashboard", root.pk, today.isoformat(), get_language()), figures)
    tops = access.top_unions(request.user) if not request.user.is_superuser else []
    return render(
        request,
        "ledgers/overview/dashboard.html",
        {
            "root": root,
            "year": today.year,
            "body": body,
            "tops": tops if len(tops) > 1 else [],
            "parent": dashboard.parent_in_scope(request.user, root),
        },
    )


@login_required
def dashboard_xlsx(request, key):
    root = root_union(request)
    overview = dashboard.Overview(root, today=timezone.localdate())
    table = next((t for t in overview.tables() if t.key == key), None)
    if table is None:
        raise Http404
    return xlsx_response(
        f"{root.code}-{key}.xlsx", str(table.title), table.headers, [[c.value for c in r] for r in table.rows]
    )


def _cell(ws, value):
    if isinstance(value, bool) or value is None:
        value = "" if value is None else str(value)
    if isinstance(value, Decimal):
        return WriteOnlyCell(ws, value=float(value))
    if isinstance(value, int | float):
        return WriteOnlyCell(ws, value=value)
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    # Text stays text: a leading "=" never becomes a formula.
    cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    cell.data_type = "s"
    return cell


def xlsx_response(filename, title, headers, rows):
    """One sheet: a bold header row, then the rows (numbers as numbers, text as text)."""
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Sheet1")
    header = []
    for label in headers:
        cell = _cell(ws, str(label))
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for row in rows:
        ws.append([_cell(ws, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
