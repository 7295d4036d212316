"""Creation funds: grant to a named studio, what a union granted against what was spent, the studio-page section."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from studios.models import Studio
from unions import access, excel

from ...models import GrantBatch
from ...permissions import can_grant, can_grant_batch, granting_unions
from .. import batches, earmark, grants
from ..forms import BatchGrantForm, EarmarkForm, GrantForm
from .common import root_union


@login_required
def grant_create(request, studio_pk):
    studio = access.get_or_404(
        Studio.objects.select_related("host_union"),
        request.user,
        via="host_union",
        perm=access.APPROVE,
        pk=studio_pk,
    )
    unions = granting_unions(request.user, studio)
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
            return redirect(f"{reverse('ledgers:grants')}?union={grant.union_id}&year={grant.year}")
    return render(request, "ledgers/overview/grant_form.html", {"form": form, "studio": studio})


@login_required
def grants_view(request):
    root = root_union(request)
    year = grants.year_of(request.GET.get("year"))
    page = Paginator(grants.grants_by_studio(root, year), 25).get_page(request.GET.get("page"))
    by_year = grants.grants_by_year_with_spending(root)
    years = [item["year"] for item in by_year]
    rows = grants.with_spending(list(page), [year] if year else years)
    return render(
        request,
        "ledgers/overview/grants.html",
        {
            "root": root,
            "year": year,
            "page": page,
            "rows": rows,
            "uses": [label for _use, label in grants.USES],
            "by_year": by_year,
            "years": years,
            "batches": list(GrantBatch.objects.filter(union=root).order_by("-granted_on", "-pk")[:10]),
            "may_grant_batch": can_grant_batch(request.user, root),
        },
    )


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field_name, errors in error.message_dict.items():
            form.add_error(field_name if field_name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def batch_create(request):
    """Grant creation funds to many named studios of the union's subtree under one document."""
    root = root_union(request)
    access.require(can_grant_batch(request.user, root))
    form = BatchGrantForm(request.POST or None, union=root, studios=batches.eligible_studios(root))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch, created = batches.grant_batch(
                union=root,
                amounts=form.amounts,
                year=data["year"],
                document_number=data["document_number"],
                title=data["title"],
                purpose=data["purpose"],
                source=data["source"],
                granted_on=data["granted_on"],
                by=request.user,
                key=data["key"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if created:
                messages.success(
                    request,
                    _(
                        "%(total)s yuan granted to %(count)d studios under %(number)s; each is in its funds ledger."
                    )
                    % {"total": batch.total, "count": len(form.amounts), "number": batch.document_number},
                )
            else:
                messages.info(request, _("This batch was already granted; nothing was granted twice."))
            return redirect("ledgers:grant_batch", pk=batch.pk)
    return render(request, "ledgers/overview/batch_form.html", {"form": form, "root": root})


@login_required
def batch_detail(request, pk):
    batch = access.get_or_404(
        GrantBatch.objects.select_related("union", "granted_by"), request.user, via="union", pk=pk
    )
    return render(
        request, "ledgers/overview/batch.html", {"batch": batch, "lines": batches.batch_lines(batch)}
    )


def _earmark(request, today):
    """The report's union, its form, years and studios (only those with an idle grant if asked)."""
    root = root_union(request)
    form = EarmarkForm(request.GET)
    year_from, year_to, idle_only = form.choice()
    studios = earmark.granted_studios(root, year_from, year_to)
    idle = earmark.idle_studio_ids(root, year_from, year_to, today)
    if idle_only:
        studios = studios.filter(pk__in=idle)
    return root, form, (year_from, year_to, idle_only), studios, idle


@login_required
def earmark_view(request):
    """专款专用: per studio of the subtree, granted against spent by use, what is left, idle grants."""
    today = timezone.localdate()
    root, form, (year_from, year_to, idle_only), studios, idle = _earmark(request, today)
    page = Paginator(studios, 25).get_page(request.GET.get("page"))
    rows = earmark.with_earmark(list(page), year_from, year_to, today)
    return render(
        request,
        "ledgers/overview/earmark.html",
        {
            "root": root,
            "form": form,
            "year_from": year_from,
            "year_to": year_to,
            "idle_only": idle_only,
            "page": page,
            "rows": rows,
            "uses": [label for _use, label in grants.USES],
            "totals": {**earmark.totals(root, year_from, year_to), "idle": len(idle)},
        },
    )


@login_required
def earmark_xlsx(request):
    today = timezone.localdate()
    root, _form, (year_from, year_to, _idle_only), studios, _idle = _earmark(request, today)

    def rows():
        chunk = []
        for studio in studios.iterator(chunk_size=500):
            chunk.append(studio)
            if len(chunk) == 500:
                yield from earmark.with_earmark(chunk, year_from, year_to, today)
                chunk = []
        yield from earmark.with_earmark(chunk, year_from, year_to, today)

    columns = [
        excel.Column(_("studio"), lambda s: s.name, width=30),
        excel.Column(_("host union"), lambda s: s.host_union.name, width=24),
        excel.Column(_("granted (yuan)"), lambda s: s.granted, excel.NUMBER),
        *[
            excel.Column(label, lambda s, i=i: s.by_use[i], excel.NUMBER)
            for i, (_use, label) in enumerate(grants.USES)
        ],
        excel.Column(_("spent (yuan)"), lambda s: s.spent, excel.NUMBER),
        excel.Column(_("left (yuan)"), lambda s: s.left, excel.NUMBER),
        excel.Column(
            _("no spending within a year of the grant"),
            lambda s: "；".join(f"{day:%Y-%m-%d}" for day in s.idle_since),
            width=30,
        ),
    ]
    span = f"{year_from}" if year_from == year_to else f"{year_from}-{year_to}"
    return excel.export_response(
        filename=f"{root.code}-earmark-{span}.xlsx",
        sheet_title=f"{span} {_('Earmarked funds')}",
        columns=columns,
        rows=rows(),
    )


def studio_grants_section(studio, request):
    """The creation funds a named studio received, and the grant button for a union above it."""
    received = list(studio.fund_grants.select_related("union").order_by("-year", "-granted_on"))
    may_grant = can_grant(request.user, studio)
    if not received and not may_grant:
        return None
    return {"template": "ledgers/overview/_studio_grants.html", "received": received, "may_grant": may_grant}
