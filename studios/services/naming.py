"""Naming (命名): the certificate number rule and granting the title when 公示 ends.

Certificate numbers read ``{campaign.certificate_prefix}-{campaign.year}-{serial:04d}``
(e.g. 省-2026-0001): the serial is one more than the highest serial already issued
under that prefix and year, across every campaign, so a number is never reused.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions, workflow
from ..models import Application, Campaign, Naming


def next_certificate_number(campaign):
    prefix = f"{campaign.certificate_prefix}-{campaign.year}-"
    numbers = Naming.objects.filter(certificate_number__startswith=prefix).values_list(
        "certificate_number", flat=True
    )
    serial = max((int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()), default=0) + 1
    return campaign.certificate_number(serial)


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
