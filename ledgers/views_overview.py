"""Pages of the overview: the dashboard of a union's subtree, its Excel tables, the studio search, grants.

Every page fetches its union through unions.access (a union outside the user's
scope is a 404) and reads its figures from ledgers.dashboard, a constant number
of grouped queries whatever the size of the subtree.
"""

import datetime
import io
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from studios import warnings
from studios.models import Naming, NamingLevel, Studio, StudioType, Topic
from unions import access
from unions.models import Union

from . import dashboard, grants, overview_cache
from .models import FundEntry, GrantSource

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def nav_visible(user):
    return access.has_any(user, access.VIEW)


def _root(request):
    """The union whose subtree is shown: ?union=<pk> within scope, else the user's own top union."""
    user = request.user
    pk = request.GET.get("union", "")
    if pk:
        if not pk.isdigit():
            raise Http404
        return access.get_union_or_404(user, int(pk))
    if user.is_superuser:
        root = Union.objects.filter(depth=1).first()
    else:
        tops = access.top_unions(user)
        root = tops[0] if tops else None
    if root is None:
        raise Http404
    return root


# --- the dashboard ---------------------------------------------------------------------------


@login_required
def dashboard_view(request):
    root = _root(request)
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
    body = overview_cache.cached(("dashboard", root.pk, today.isoformat(), get_language()), figures)
    tops = access.top_unions(request.user) if not request.user.is_superuser else []
    return render(
        request,
        "ledgers/overview/dashboard.html",
        {
            "root": root,
            "year": today.year,
            "body": body,
            "tops": tops if len(tops) > 1 else [],
            "parent": _parent_in_scope(request.user, root),
        },
    )


def _parent_in_scope(user, union):
    if union.depth <= 1:
        return None
    parent = Union.objects.filter(path=union.path[: -Union.steplen]).first()
    return parent if parent is not None and access.can(user, access.VIEW, parent) else None


@login_required
def dashboard_xlsx(request, key):
    root = _root(request)
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


# --- the studio search (the drill-down behind every figure) ----------------------------------


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Studio, person or unit"), required=False)
    union = forms.IntegerField(required=False, widget=forms.HiddenInput)
    own = forms.BooleanField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=gettext_lazy("type"), required=False)
    stage = forms.ChoiceField(label=gettext_lazy("stage"), required=False)
    level = forms.ChoiceField(label=gettext_lazy("naming level"), required=False)
    topic = forms.ChoiceField(label=gettext_lazy("main topic"), required=False)
    flag = forms.ChoiceField(label=gettext_lazy("warnings"), required=False)
    named_year = forms.IntegerField(
        label=gettext_lazy("named in"), required=False, min_value=1949, max_value=2100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("all"))]
        self.fields["kind"].choices = everything + list(StudioType.choices)
        self.fields["stage"].choices = everything + list(Studio.Stage.choices)
        self.fields["level"].choices = everything + list(NamingLevel.choices)
        self.fields["topic"].choices = everything + list(Topic.choices)
        self.fields["flag"].choices = everything + [
            ("any", _("Falling behind (any warning)")),
            ("quiet", _("No ledger entry in the last 90 days")),
            ("no_results", _("No achievement in the last 12 months")),
        ]


def search_studios(user, data, today):
    """The studios of the user's scope matching the search `data` (cleaned), annotated with warnings."""
    studios = access.scope(Studio.objects.all(), user, via="host_union")
    union = None
    if data.get("union"):
        union = access.get_union_or_404(user, data["union"])
        studios = studios.filter(host_union=union) if data.get("own") else studios.within(union)
    q = (data.get("q") or "").strip()
    if q:
        studios = studios.filter(
            Q(name__icontains=q)
            | Q(person_name__icontains=q)
            | Q(unit__icontains=q)
            | Q(host_union__name__icontains=q)
        )
    for name in ("kind", "stage"):
        if data.get(name):
            studios = studios.filter(**{name: data[name]})
    if data.get("topic"):
        studios = studios.filter(topics__icontains=f'"{data["topic"]}"')
    if data.get("level"):
        studios = studios.filter(
            stage=Studio.Stage.NAMED,
            pk__in=Naming.objects.filter(revoked=False, level=data["level"]).values("studio_id"),
        )
    if data.get("named_year"):
        studios = studios.filter(pk__in=Naming.objects.filter(year=data["named_year"]).values("studio_id"))
    studios = warnings.annotate_flags(studios, today)
    flag = data.get("flag")
    if flag == "any":
        studios = studios.filter(Q(is_quiet=True) | Q(lacks_results=True))
    elif flag == "quiet":
        studios = studios.filter(is_quiet=True)
    elif flag == "no_results":
        studios = studios.filter(lacks_results=True)
    return union, studios


@login_required
def studio_search(request):
    form = SearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    union, studios = search_studios(request.user, data, timezone.localdate())
    studios = studios.select_related("host_union").prefetch_related(
        Prefetch("namings", queryset=Naming.objects.filter(revoked=False).order_by("-year"), to_attr="titles")
    )
    page = Paginator(studios.order_by("name", "pk"), 25).get_page(request.GET.get("page"))
    for studio in page:
        studio.flags = warnings.flags_of(studio)
    return render(request, "ledgers/overview/search.html", {"form": form, "page": page, "union": union})


# --- creation funds ------------------------------------------------------------------------


class GrantForm(forms.Form):
    union = forms.ModelChoiceField(queryset=Union.objects.none(), label=gettext_lazy("granting union"))
    year = forms.IntegerField(label=gettext_lazy("year"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(
        label=gettext_lazy("amount (yuan)"), max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )
    source = forms.ChoiceField(label=gettext_lazy("source"), choices=GrantSource.choices)
    purpose = forms.CharField(label=gettext_lazy("purpose"), max_length=300)
    document_number = forms.CharField(label=gettext_lazy("document number"), max_length=100)
    granted_on = forms.DateField(
        label=gettext_lazy("granted on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, unions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = Union.objects.filter(pk__in=[u.pk for u in unions])
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["granted_on"].initial = today
        if unions:
            self.fields["union"].initial = unions[0].pk


@login_required
def grant_create(request, studio_pk):
    studio = access.get_or_404(
        Studio.objects.select_related("host_union"),
        request.user,
        via="host_union",
        perm=access.APPROVE,
        pk=studio_pk,
    )
    unions = grants.granting_unions(request.user, studio)
    if not unions:
        raise Http404
    form = GrantForm(request.POST or None, unions=unions)
    if request.method == "POST" and form.is_valid():
        try:
            grant = grants.grant_funds(studio=studio, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field_name, errors in error.message_dict.items():
                    form.add_error(field_name, errors)
            else:
                form.add_error(None, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(
                request,
                _("%(amount)s yuan granted to %(studio)s; it is in the studio's funds ledger.")
                % {"amount": grant.amount, "studio": studio.name},
            )
            return redirect(f"{_grants_url()}?union={grant.union_id}&year={grant.year}")
    return render(request, "ledgers/overview/grant_form.html", {"form": form, "studio": studio})


def _grants_url():
    return reverse("ledgers:grants")


USES = FundEntry.Use.choices


def _grant_figures(request):
    root = _root(request)
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else None
    studios = grants.grants_by_studio(root, year)
    return root, year, studios


@login_required
def grants_view(request):
    root, year, studios = _grant_figures(request)
    page = Paginator(studios, 25).get_page(request.GET.get("page"))
    rows = list(page)
    years = [r["year"] for r in grants.grants_by_year(root)]
    spending = grants.spending_by_use([s.pk for s in rows], [year] if year else years)
    for studio in rows:
        studio.by_use = [spending.get((studio.pk, use), 0) for use, _label in USES]
        studio.spent = sum(studio.by_use)
    by_year = grants.grants_by_year(root)
    spent_by_year = grants.spent_by_year(root)
    for item in by_year:
        uses = spent_by_year.get(item["year"], {})
        item["by_use"] = [uses.get(use, 0) for use, _label in USES]
        item["spent"] = sum(item["by_use"])
    return render(
        request,
        "ledgers/overview/grants.html",
        {
            "root": root,
            "year": year,
            "page": page,
            "rows": rows,
            "uses": [label for _use, label in USES],
            "by_year": by_year,
            "years": years,
        },
    )


# --- a section of the studio page (studios.hooks.studio_sections) ---------------------------


def studio_grants_section(studio, request):
    """The creation funds a named studio received, and the grant button for a union above it."""
    received = list(studio.fund_grants.select_related("union").order_by("-year", "-granted_on"))
    may_grant = studio.is_named and bool(grants.granting_unions(request.user, studio))
    if not received and not may_grant:
        return None
    return {"template": "ledgers/overview/_studio_grants.html", "received": received, "may_grant": may_grant}
