"""Large Excel exports, written by the worker like nomination packages.

A province's lists run to thousands of rows (every studio it granted funds to, every studio a
search finds), too many to write inside a web request. Asking for one creates an `Export` and
hands it to the worker after the commit; the worker runs the page's own query *as the person
who asked* (their scope when it runs, so a role ended in between leaves them nothing), writes
the workbook row by row from a scratch file (openpyxl write-only: constant memory), stores it
in private storage and sends them a notice. Only they may download it. A studio's own ledger
(one studio's rows) still streams straight from the request (ledgers/views/pages.py).
"""

import logging
import tempfile
from itertools import islice

from django.core.files import File
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from studios import warnings
from studios.models import Naming, Studio
from unions import access, excel, jobs, notifications

from ..models import Export
from . import grants
from .forms import SearchForm
from .search import search_studios

log = logging.getLogger(__name__)
CHUNK = 1000


class ExportError(Exception):
    """The export cannot be written (its union left the person's scope, bad filters)."""


# --- what each kind writes -------------------------------------------------------------------


def _chunks(iterable, size=CHUNK):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _union(user, params):
    try:
        return access.get_union_or_404(user, int(params.get("union") or 0))
    except (Http404, TypeError, ValueError):
        raise ExportError(_("That union is not within your reach (any more).")) from None


def grants_sheet(user, params, today):
    """Every studio the union granted creation funds to (in a year, or every year), with spending by use."""
    union = _union(user, params)
    year = grants.year_of(params.get("year"))
    studios = grants.grants_by_studio(union, year)
    years = [year] if year else [r["year"] for r in grants.grants_by_year(union)]

    def rows():
        for chunk in _chunks(studios.iterator(chunk_size=CHUNK)):
            yield from grants.with_spending(chunk, years)

    columns = [
        excel.Column(_("studio"), lambda s: s.name, width=30),
        excel.Column(_("host union"), lambda s: s.host_union.name, width=24),
        excel.Column(_("granted (yuan)"), lambda s: s.granted, excel.MONEY),
        *[
            excel.Column(label, lambda s, i=i: s.by_use[i], excel.MONEY)
            for i, (_use, label) in enumerate(grants.USES)
        ],
        excel.Column(_("spent (yuan)"), lambda s: s.spent, excel.MONEY),
    ]
    title = _("Creation funds granted by %(union)s") % {"union": union.name}
    if year:
        title += f" · {year}"
    return title, columns, rows()


def studios_sheet(user, params, today):
    """The studios a search of the studio search page finds (its filters), with their warnings."""
    form = SearchForm(params)
    if not form.is_valid():
        raise ExportError(_("The filters of this export are not valid."))
    try:
        union, studios = search_studios(user, form.cleaned_data, today)
    except Http404:
        raise ExportError(_("That union is not within your reach (any more).")) from None
    studios = studios.select_related("host_union").order_by("name_pinyin", "name", "pk")
    stages = dict(Studio.Stage.choices)

    def rows():
        for chunk in _chunks(studios.iterator(chunk_size=CHUNK)):
            titles = {}
            for naming in Naming.objects.filter(studio__in=chunk, revoked=False).order_by("-year"):
                titles.setdefault(naming.studio_id, []).append(f"{naming.year} {naming.title_level}")
            for studio in chunk:
                yield studio, "；".join(titles.get(studio.pk, []))

    columns = [
        excel.Column(_("studio"), lambda r: r[0].name, width=30),
        excel.Column(_("named after"), lambda r: r[0].person_name),
        excel.Column(_("host union"), lambda r: r[0].host_union.name, width=24),
        excel.Column(_("host unit"), lambda r: r[0].unit, width=20),
        excel.Column(_("type"), lambda r: r[0].get_kind_display()),
        excel.Column(_("stage"), lambda r: stages.get(r[0].stage, r[0].stage)),
        excel.Column(_("titles held"), lambda r: r[1], width=24),
        excel.Column(_("last ledger entry"), lambda r: r[0].last_entry_on or _("none yet"), excel.DATE),
        excel.Column(_("last achievement"), lambda r: r[0].last_achievement_on or _("none yet"), excel.DATE),
        excel.Column(
            _("warnings"), lambda r: "；".join(str(f.message) for f in warnings.flags_of(r[0])), width=30
        ),
    ]
    title = _("Studios found") + (f" · {union.name}" if union else "")
    return title, columns, rows()


SHEETS = {Export.Kind.GRANTS: grants_sheet, Export.Kind.STUDIOS: studios_sheet}


# --- asking ----------------------------------------------------------------------------------


def request_export(*, user, kind, params):
    """Create the export and hand it to the worker after the commit. The filters are checked now
    (an export of a union out of reach is refused at once) and again when it runs."""
    if kind not in SHEETS:
        raise Http404
    params = {k: v for k, v in params.items() if k != "page" and v not in ("", None)}
    title, _columns, _rows = SHEETS[kind](user, params, timezone.localdate())
    export = Export.objects.create(requested_by=user, kind=kind, params=params, title=title[:200])
    transaction.on_commit(lambda: _dispatch(export.pk))
    return export


def _dispatch(export_id):
    from ..tasks import write_export

    jobs.hand_to_worker(
        write_export,
        export_id,
        fail=lambda message: _fail_unstarted(export_id, message),
        unavailable=_(
            "The export worker is unavailable right now; nothing was lost. Ask again in a few minutes."
        ),
        failed=_("The export could not be started; nothing was lost. Ask again."),
    )


def _fail_unstarted(export_id, message):
    Export.objects.filter(pk=export_id, status__in=(Export.Status.QUEUED, Export.Status.RUNNING)).update(
        status=Export.Status.FAILED, error=message[:500], finished_at=timezone.now()
    )


# --- the worker's side -----------------------------------------------------------------------


def write(export_id):
    """Write the export's workbook (the worker calls this). Idempotent: a finished export is left."""
    with transaction.atomic():
        export = (
            Export.objects.select_for_update().select_related("requested_by").filter(pk=export_id).first()
        )
        if export is None or not export.is_busy:
            return None
        export.status = Export.Status.RUNNING
        export.started_at = timezone.now()
        export.save(update_fields=["status", "started_at"])
    user = export.requested_by
    try:
        title, columns, rows = SHEETS[export.kind](user, export.params, timezone.localdate())
        counted = _Counted(rows)
        with tempfile.TemporaryFile(suffix=".xlsx") as out:
            excel.write_workbook(sheet_title=title, columns=columns, rows=counted, out=out)
            out.seek(0)
            name = f"{export.kind}-{timezone.localdate():%Y%m%d}-{export.pk}.xlsx"
            export.file.save(name, File(out), save=False)
    except ExportError as error:
        return _fail(export, str(error))
    except Exception as error:  # a bug or a broken row: say so, never loop
        log.exception("export %s failed", export_id)
        return _fail(export, _("Writing the export failed: %(error)s") % {"error": type(error).__name__})
    export.status = Export.Status.READY
    export.rows = counted.count
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "rows", "file", "finished_at"])
    notifications.notify(
        [user],
        _("Your Excel export “%(title)s” is ready (%(rows)d rows).")
        % {"title": export.title, "rows": export.rows},
        reverse("ledgers:exports"),
    )
    return export


def _fail(export, message):
    export.status = Export.Status.FAILED
    export.error = message[:500]
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "error", "finished_at"])
    return export


class _Counted:
    def __init__(self, rows):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def visible_exports(user):
    """A person's own exports: nobody else's, whatever their role."""
    return Export.objects.filter(requested_by=user)
