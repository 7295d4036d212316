"""Naming (命名): the certificate number rule and granting the title when 公示 ends.

Certificate numbers come from studios.services.documents.next_certificate_number (the
campaign's pattern, the organiser's sequence of the year, never reused).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions, workflow
from ..models import Application, Campaign, Naming
from .documents import next_certificate_number


def grant_naming(application, *, by):
    """Create the Naming and move the studio to 已命名 (inside the application's "name" move)."""
    campaign = Campaign.objects.select_for_update().get(pk=application.campaign_id)  # one serial at a time
    naming = Naming.objects.create(
        studio=application.studio,
        level=campaign.naming_level,
        year=campaign.year,
        certificate_number=next_certificate_number(campaign),
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
    return naming


def name(*, application, by, comment=""):
    return workflow.transition(application, "name", by=by, comment=comment)


@transaction.atomic
def name_all(*, campaign, by):
    """Name every studio whose 公示 has ended without an upheld or open objection. Returns (named, waiting)."""
    named, waiting = [], []
    for application in Application.objects.filter(campaign=campaign, status=Application.Status.PUBLICITY):
        try:
            with transaction.atomic():
                named.append(workflow.transition(application, "name", by=by))
        except workflow.TransitionError as exc:
            waiting.append((application, " ".join(exc.messages)))
    return named, waiting
