"""The dashboard of a union's subtree and its tables as Excel.

The figures come from ledgers.overview.dashboard, a constant number of grouped
queries whatever the size of the subtree, cached by ledgers.overview.cache.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from unions import access, excel

from .. import cache, dashboard
from .common import root_union


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
    # The first column names the row (a union, a year): text, as wide as a union's name.
    columns = [excel.Column(table.headers[0], lambda row: row[0].value, excel.TEXT, width=28)] + [
        excel.Column(header, lambda row, i=i: row[i].value, excel.AUTO, width=None)
        for i, header in enumerate(table.headers)
        if i
    ]
    return excel.export_response(
        filename=f"{root.name}-{table.title}-{timezone.localdate().isoformat()}.xlsx",
        sheet_title=str(table.title),
        columns=columns,
        rows=table.rows,
    )
