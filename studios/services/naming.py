"""Naming (命名): the certificate number rule and granting the title when 公示 ends.

Certificate numbers come from studios.services.documents.CertificateNumbers (the campaign's
pattern, the organiser's sequence of the year, never reused). Naming a whole 公示 at once locks
the campaign and its sequence once and passes both to every naming.

A naming tells the studio's leads and its host union (an in-app notice and an e-mail, the
links absolute from SITE_URL), and its certificate and plaque carry a QR code of the public
verification page (`verify_url`), which shows a revoked title as revoked.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from unions.models import Role
from unions.notifications import notify, users_with_roles

from .. import permissions, workflow
from ..models import Application, Campaign, Naming
from . import studio as studio_services
from .documents import CertificateNumbers
from .experts import tier_of

# Who of the host union hears of a naming (the filer's staff hear of it from the application's move).
HOST_UNION_ROLES = (Role.STAFF, Role.HEAD, Role.ADMIN)


def verify_url(naming):
    """The public verification page of a certificate, absolute (a QR code outlives any request)."""
    return settings.SITE_URL.rstrip("/") + reverse("public:verify_number", args=[naming.certificate_number])


def grant_naming(application, *, by, campaign=None, numbers=None):
    """Create the Naming and move the studio to 已命名 (inside the application's "name" move).

    `campaign` (locked) and `numbers` come from name_all when several are named in one transaction."""
    if campaign is None:
        campaign = Campaign.objects.select_for_update().get(
            pk=application.campaign_id
        )  # one serial at a time
    if numbers is None:
        numbers = CertificateNumbers(campaign)
    naming = Naming.objects.create(
        studio=application.studio,
        level=campaign.naming_level,
        tier=tier_of(application),
        year=campaign.year,
        certificate_number=numbers.next(),
        named_by=campaign.organiser,
        named_on=timezone.localdate(),
    )
    with permissions.naming_studio():
        workflow.transition(
            application.studio,
            "name",
            by=by,
            comment=_("%(campaign)s, certificate %(number)s")
            % {"campaign": campaign.title, "number": naming.certificate_number},
        )
    transaction.on_commit(lambda: announce(naming, application))
    return naming


def announce(naming, application=None):
    """Tell the studio's leads and its host union that the studio is named (after the commit)."""
    studio = naming.studio
    text = _("%(studio)s has been named a %(level)s studio (certificate %(number)s).") % {
        "studio": studio.name,
        "level": naming.title_level,
        "number": naming.certificate_number,
    }
    told = set()
    if application is not None:  # the application's own notice already reached the filer's staff
        told = {u.pk for u in users_with_roles(application.filing_union, (Role.STAFF,))}
    people = list(studio_services.leads_of(studio)) + users_with_roles(studio.host_union, HOST_UNION_ROLES)
    return notify([u for u in people if u.pk not in told], text, reverse("studios:detail", args=[studio.pk]))


def name(*, application, by, comment=""):
    return workflow.transition(application, "name", by=by, comment=comment)


@transaction.atomic
def name_all(*, campaign, by):
    """Name every studio whose 公示 has ended without an upheld or open objection. Returns (named, waiting)."""
    named, waiting = [], []
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)  # one serial at a time
    numbers = CertificateNumbers(campaign)
    for application in Application.objects.filter(campaign=campaign, status=Application.Status.PUBLICITY):
        try:
            with transaction.atomic():
                named.append(
                    workflow.transition(application, "name", by=by, campaign=campaign, numbers=numbers)
                )
        except workflow.TransitionError as exc:
            waiting.append((application, " ".join(exc.messages)))
    return named, waiting
