"""Downloads of the official documents: an application's 申报表 (PDF, Word), a named studio's certificate,
the organiser's naming decision, a public notice, the experts' score sheets and their summary.

Each fetches its object through the same scope as its page (an application through
applications.get_application, a studio through the studio page's scope), so a document
never shows more than the page it is downloaded from.
"""

import datetime
import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from unions.uploads import private_file_response
from unions.views.manage import managed_union_or_404

from .. import permissions
from ..documents.application_form import application_form_docx, application_form_pdf
from ..documents.certificate import certificate_pdf, plaque_pdf
from ..documents.notices import decision_pdf, publicity_pdf, score_sheets_pdf, score_summary_pdf
from ..documents.seal_preview import seal_preview_png
from ..models import Application, ExpertAssignment, Naming, Publicity, Studio
from ..packages.entries import application_entry
from ..services import applications as filing
from ..services import campaigns as campaign_services
from ..services import naming as naming_services
from ..services.documents import issue_decision
from .applications import get_application, get_campaign

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


def _organiser_documents(request, pk):
    """A campaign whose organiser documents the user may print: the organiser's reviewers and heads."""
    campaign = get_campaign(request, pk)
    if not permissions.can_manage_experts(request.user, campaign):
        raise Http404
    return campaign


@login_required
def naming_decision(request, pk):
    """The organiser's naming decision (命名决定): the named studios by union, with certificate numbers.

    Its first print with a studio named issues it (文号, day, stored file); every later print is that
    file, whatever was revoked or changed since. Before any naming: an unsealed, unnumbered draft.
    """
    campaign = _organiser_documents(request, pk)
    filename = f"{campaign.title}_命名决定.pdf"
    if campaign.decision_file and campaign.decision_file.storage.exists(campaign.decision_file.name):
        return private_file_response(campaign.decision_file, filename, PDF)
    named = Application.objects.filter(campaign=campaign, naming__isnull=False)
    if campaign.decision_issued_on:  # issued, but its file is gone from storage: made again as of its day
        named = named.filter(naming__named_on__lte=campaign.decision_issued_on)
    named = list(
        named.select_related("studio__host_union", "naming", "filing_union").order_by(
            "naming__certificate_number"
        )
    )
    children = list(campaign_services.child_unions(campaign))
    if campaign.decision_issued_on:
        issued = timezone.make_aware(
            datetime.datetime.combine(campaign.decision_issued_on, datetime.time(12))
        )
        return _download(decision_pdf(campaign, named, children=children, generated_at=issued), filename, PDF)
    if not named:
        return _download(decision_pdf(campaign, named, children=children), filename, PDF)
    stored = issue_decision(
        campaign,
        today=timezone.localdate(),
        make=lambda issuing: decision_pdf(issuing, named, children=children),
    )
    return private_file_response(stored, filename, PDF)


@login_required
def publicity_notice(request, campaign_pk, pk):
    """A public notice (公示) as the printed notice: the list, the dates, how to object, the contact."""
    campaign = _organiser_documents(request, campaign_pk)
    notice = get_object_or_404(
        Publicity.objects.select_related("campaign__organiser"), pk=pk, campaign=campaign
    )
    applications = list(
        notice.applications.select_related("studio", "filing_union").order_by(
            "studio__name_pinyin", "studio__name"
        )
    )
    try:
        public_url = request.build_absolute_uri(reverse("public:publicity", args=[notice.pk]))
    except NoReverseMatch:
        public_url = ""
    data = publicity_pdf(notice, applications, public_url=public_url)
    return _download(data, f"{campaign.title}_公示_{notice.starts_on.isoformat()}.pdf", PDF)


ASSIGNMENTS = ExpertAssignment.objects.select_related(
    "application__studio", "application__filing_union", "application__campaign", "expert__user"
).prefetch_related("scores__dimension")


@login_required
def score_sheet(request, pk):
    """One expert's score sheet of one application: for the expert to sign, and for the organiser."""
    assignment = get_object_or_404(ASSIGNMENTS, pk=pk)
    own = assignment.expert.user_id == request.user.pk
    if not own and not permissions.can_manage_experts(request.user, assignment.application.campaign):
        raise Http404
    data = score_sheets_pdf([assignment])
    name = assignment.expert.user.full_name or assignment.expert.user.username
    return _download(data, f"{assignment.application.studio.name}_评分表_{name}.pdf", PDF)


@login_required
def score_sheets(request, pk):
    """Every submitted score sheet of the campaign, application by application (the organiser's file)."""
    campaign = _organiser_documents(request, pk)
    assignments = list(
        ASSIGNMENTS.filter(application__campaign=campaign, submitted_at__isnull=False).order_by(
            "application__studio__name_pinyin", "application__studio__name", "pk"
        )
    )
    if not assignments:
        raise Http404
    return _download(score_sheets_pdf(assignments), f"{campaign.title}_专家评分表.pdf", PDF)


@login_required
def score_summary(request, pk):
    """The experts' totals per application and their mean, for the organiser."""
    campaign = _organiser_documents(request, pk)
    assignments = list(ASSIGNMENTS.filter(application__campaign=campaign).order_by("application__pk", "pk"))
    return _download(score_summary_pdf(campaign, assignments), f"{campaign.title}_评分汇总表.pdf", PDF)


@login_required
def seal_preview(request, union_pk):
    """The union's e-seal over a sample stamp box (PNG), for those who may manage the union."""
    union = managed_union_or_404(request.user, union_pk)
    response = FileResponse(io.BytesIO(seal_preview_png(union)), content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
