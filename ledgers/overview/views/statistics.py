"""The yearly statistics (统计年报): the live figures of a year, filing them, the filed reports and their files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unions import access, excel

from ... import statistics
from ...models import YearlyReport
from ...permissions import can_file_report
from .. import statistics_files
from ..forms import StatisticsYearForm
from .common import root_union


def _year(request):
    form = StatisticsYearForm(request.GET or None)
    if form.is_bound and form.is_valid() and form.cleaned_data.get("year"):
        return form, form.cleaned_data["year"]
    return form, timezone.localdate().year - 1  # the report is of the year last closed


@login_required
def statistics_view(request):
    root = root_union(request)
    form, year = _year(request)
    report = statistics.latest_reports([root], year).get(root.pk)
    figures = report.figures if report else statistics.compute(root, year)
    return render(
        request,
        "ledgers/statistics/report.html",
        {
            "root": root,
            "year": year,
            "form": form,
            "report": report,
            "tables": statistics.present(figures),
            "total": figures["totals"]["studios"],
            "filings": statistics.filing_status(root, year),
            "can_file": can_file_report(request.user, root),
        },
    )


@login_required
@require_POST
def statistics_file(request):
    root = root_union(request)
    form = StatisticsYearForm(request.POST)
    access.require(can_file_report(request.user, root))
    if not form.is_valid() or not form.cleaned_data.get("year"):
        messages.error(request, _("Choose the year the report is for."))
        return redirect(f"{reverse('ledgers:statistics')}?union={root.pk}")
    report = statistics.file_report(union=root, year=form.cleaned_data["year"], by=request.user)
    messages.success(
        request,
        _("The %(year)s report of %(union)s is filed (version %(version)s); later edits will not change it.")
        % {"year": report.year, "union": root.name, "version": report.version},
    )
    return redirect("ledgers:statistics_report", pk=report.pk)


@login_required
def statistics_filings(request):
    """Every union below that files, by level: its report of the year in force, or not filed yet."""
    root = root_union(request)
    form, year = _year(request)
    return render(
        request,
        "ledgers/statistics/filings.html",
        {"root": root, "year": year, "form": form, "groups": statistics.filing_status(root, year)},
    )


def _report(request, pk):
    return access.get_or_404(
        YearlyReport.objects.select_related("union", "filed_by"), request.user, via="union", pk=pk
    )


@login_required
def statistics_report(request, pk):
    report = _report(request, pk)
    versions = YearlyReport.objects.filter(union=report.union, year=report.year).select_related("filed_by")
    return render(
        request,
        "ledgers/statistics/filed.html",
        {
            "report": report,
            "versions": versions.order_by("-version"),
            "tables": statistics.present(report.figures),
            "total": report.figures["totals"]["studios"],
        },
    )


def _filename(report, suffix):
    name = _("%(union)s yearly statistics %(year)s, version %(version)s") % {
        "union": report.union.name,
        "year": report.year,
        "version": report.version,
    }
    return f"{name}.{suffix}"


@login_required
def statistics_xlsx(request, pk):
    report = _report(request, pk)
    out = excel.scratch_file()
    statistics_files.write_xlsx(report, out)
    return excel.file_response(out, _filename(report, "xlsx"))


@login_required
def statistics_pdf(request, pk):
    report = _report(request, pk)
    response = HttpResponse(statistics_files.render_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, _filename(report, "pdf"))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def statistics_studios(request):
    """The studios behind one figure of the report (live: the studios as they are now)."""
    root = root_union(request)
    _form, year = _year(request)
    section, row = request.GET.get("section", ""), request.GET.get("row", "")
    studios = statistics.studios_behind(root, year, section, row)
    if studios is None:
        raise Http404
    page = Paginator(studios.select_related("host_union").order_by("name_pinyin", "name", "pk"), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "ledgers/statistics/studios.html",
        {"root": root, "year": year, "label": statistics.row_label(section, row), "page": page},
    )
