"""Downloads of the official documents: an application's 申报表 (PDF, Word), a named studio's certificate.

Each fetches its object through the same scope as its page (an application through
applications.get_application, a studio through the studio page's scope), so a document
never shows more than the page it is downloaded from.
"""

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .. import permissions
from ..documents.application_form import application_form_docx, application_form_pdf
from ..documents.certificate import certificate_pdf, plaque_pdf
from ..models import Naming, Studio
from ..packages.entries import application_entry
from ..services import applications as filing
from ..services import naming as naming_services
from .applications import get_application

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(data, filename, content_type):
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=filename, content_type=content_type)


def _entry(request, app):
    if not app.snapshot or app.filer_may_edit:
        # A draft (or a returned application being corrected): the form as it would be submitted now.
        app.snapshot = filing.take_snapshot(app)
    entry = application_entry(app, timezone.localdate())
    if not permissions.can_see_reviews(request.user, app):
        entry.reviews = []  # an expert sees the form as filed, not the other levels' opinions
    return entry


def _form(request, pk, render):
    app = get_application(request, pk)
    if app.studio_id is None:
        raise Http404
    entry = _entry(request, app)
    criteria = list(app.campaign.criteria_set.criteria.all())
    return app, render(entry, campaign=app.campaign, criteria=criteria, recipient=app.campaign.organiser)


@login_required
def application_form(request, pk):
    """The 申报表 of one application as a PDF."""
    app, data = _form(request, pk, application_form_pdf)
    return _download(data, f"{app.studio.name}_申报表.pdf", PDF)


@login_required
def application_form_word(request, pk):
    """The same 申报表 as a Word file."""
    app, data = _form(request, pk, application_form_docx)
    return _download(data, f"{app.studio.name}_申报表.docx", DOCX)


def _naming(request, pk, naming_pk):
    """A title of a studio the user sees, not revoked, of a studio still named."""
    studio = get_object_or_404(Studio.objects.visible_to(request.user), pk=pk)
    return get_object_or_404(
        Naming.objects.select_related("studio", "named_by"),
        pk=naming_pk,
        studio=studio,
        revoked=False,
        studio__stage=Studio.Stage.NAMED,
    )


def verify_url(request, naming):
    """Where the QR code leads: the certificate's public verification page (absolute, from SITE_URL)."""
    return naming_services.verify_url(naming)


@login_required
def certificate(request, pk, naming_pk):
    naming = _naming(request, pk, naming_pk)
    data = certificate_pdf(naming, verify_url=verify_url(request, naming))
    return _download(data, f"{naming.studio.name}_证书_{naming.certificate_number}.pdf", PDF)


@login_required
def plaque(request, pk, naming_pk):
    naming = _naming(request, pk, naming_pk)
    data = plaque_pdf(naming, verify_url=verify_url(request, naming))
    return _download(data, f"{naming.studio.name}_牌匾_{naming.certificate_number}.pdf", PDF)
