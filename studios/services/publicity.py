"""公示: working-day periods on the Chinese holiday calendar, publishing, objections and their resolution.

A period of N working days begins on its start day (counted when that day is a
working day) and ends on its N-th working day. Working days follow the State
Council's holiday calendar through the `chinesecalendar` package, including the
weekend make-up days (调休); for a year the package does not cover yet, Monday to
Friday count as working days.

The order of the steps: a notice starts no earlier than the day it is published (no
backdating) and no earlier than the campaign's decision meeting (Publicity.clean); naming
waits until it has run all its working days with no objection open or upheld
(review_path.check_name); an upheld objection moves the application to 不予命名 through the
transition engine, with the reason. The public files objections on the public page while the
notice runs, under their real name, a few per client address and hour.
"""

import datetime

import chinese_calendar
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from unions.models import Role
from unions.notifications import notify, users_with_roles

from .. import workflow
from ..models import Application, Objection, Publicity

# Who hears of an objection filed by the public: the organiser's reviewers, heads and administrators.
OBJECTION_READERS = (Role.REVIEWER, Role.HEAD, Role.ADMIN)


def is_workday(day):
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def add_working_days(start, days):
    """The last day of a period of `days` working days beginning on `start`."""
    if days < 1:
        raise ValueError("days must be at least 1")
    day, counted = start, 0
    while True:
        if is_workday(day):
            counted += 1
            if counted == days:
                return day
        day += datetime.timedelta(days=1)


def on_publicity(campaign):
    return (
        Application.objects.filter(campaign=campaign, status=Application.Status.PUBLICITY)
        .select_related("studio", "filing_union", "publicity")
        .order_by("studio__name_pinyin", "studio__name", "pk")
    )


def meeting_day(campaign):
    """The day of the campaign's (latest) decision meeting, or None before there is one."""
    return campaign.meetings.aggregate(day=Max("held_on"))["day"]


@transaction.atomic
def publish(*, campaign, applications, starts_on, by, text="", contact_person="", contact_phone=""):
    """Publish the list of studios to be named; each application moves to 公示."""
    applications = list(applications)
    if not applications:
        raise workflow.TransitionError(_("Choose at least one application to put on the public notice."))
    days = campaign.publicity_working_days
    publicity = Publicity(
        campaign=campaign,
        starts_on=starts_on,
        ends_on=add_working_days(starts_on, days),
        working_days=days,
        text=text,
        contact_person=contact_person,
        contact_phone=contact_phone,
        published_by=by,
    )
    publicity.meeting_day = meeting_day(campaign)
    try:
        publicity.clean()
    except ValidationError as error:
        raise workflow.TransitionError(error.message_dict) from error
    publicity.save()
    for application in applications:
        workflow.transition(application, "publicise", by=by, publicity=publicity)
    return publicity


@transaction.atomic
def record_objection(*, publicity, application, received_on, text, by):
    if application.publicity_id != publicity.pk or application.status != Application.Status.PUBLICITY:
        raise workflow.TransitionError(_("This studio is not on this public notice."))
    if received_on > timezone.localdate() or received_on < publicity.starts_on:
        raise workflow.TransitionError(
            _("An objection is received between the start of the notice (%(start)s) and today."),
            params={"start": publicity.starts_on.isoformat()},
        )
    return Objection.objects.create(
        publicity=publicity, application=application, received_on=received_on, text=text, recorded_by=by
    )


@transaction.atomic
def resolve_objection(*, objection, resolution, note, by):
    """Upheld: the studio is not named (with the reason). Dismissed: noted; naming may proceed."""
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.resolution != Objection.Resolution.PENDING:
        raise workflow.TransitionError(_("This objection has already been resolved."))
    if not (note or "").strip():
        raise workflow.TransitionError(_("Please give a reason."))
    objection.resolution = resolution
    objection.resolution_note = note
    objection.resolved_by = by
    objection.resolved_at = timezone.now()
    objection.save()
    if resolution == Objection.Resolution.UPHELD:
        workflow.transition(objection.application, "not_name", by=by, comment=note)
    return objection


# --- objections from the public page ----------------------------------------------------------


def on_notice(publicity):
    """The applications of this notice still on it (an upheld objection has removed the others)."""
    return (
        Application.objects.filter(publicity=publicity, status=Application.Status.PUBLICITY)
        .select_related("studio")
        .order_by("studio__name_pinyin", "studio__name", "pk")
    )


def _rate_key(address):
    return f"public-objection:{address or 'unknown'}"


def objections_left(address):
    """How many more objections this client address may file in the current hour."""
    return max(settings.PUBLIC_OBJECTIONS_PER_HOUR - (cache.get(_rate_key(address)) or 0), 0)


def _count_objection(address):
    key = _rate_key(address)
    if cache.add(key, 1, timeout=60 * 60):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=60 * 60)


@transaction.atomic
def file_public_objection(
    *, publicity, application, name, phone, unit, text, address, attachment=None, attachment_info=None
):
    """An objection from the public page, under a real name: while the notice runs, against a
    studio still on it, a few per client address and hour. The organiser hears of it at once."""
    today = timezone.localdate()
    if not publicity.is_running(today):
        raise workflow.TransitionError(
            _("Objections are received from %(start)s to %(end)s only."),
            params={"start": publicity.starts_on.isoformat(), "end": publicity.ends_on.isoformat()},
        )
    if application.publicity_id != publicity.pk or application.status != Application.Status.PUBLICITY:
        raise workflow.TransitionError(_("This studio is not on this public notice."))
    if not all((value or "").strip() for value in (name, phone, unit)):
        raise workflow.TransitionError(_("Give your real name, phone and unit."))
    if objections_left(address) <= 0:
        raise workflow.TransitionError(
            _(
                "Too many objections were filed from your address in the last hour (at most %(limit)s). "
                "Please try again later, or write to the contact person of the notice."
            ),
            params={"limit": settings.PUBLIC_OBJECTIONS_PER_HOUR},
        )
    objection = Objection(
        publicity=publicity,
        application=application,
        received_on=today,
        text=text,
        source=Objection.Source.PUBLIC,
        objector_name=name.strip(),
        objector_phone=phone.strip(),
        objector_unit=unit.strip(),
    )
    if attachment is not None and attachment_info is not None:
        objection.attachment.save(
            attachment_info.original_name, attachment_info.stored_file(attachment), save=False
        )
        objection.attachment_name = attachment_info.original_name[:255]
        objection.attachment_content_type = attachment_info.content_type
        objection.attachment_size = attachment_info.size
        objection.attachment_sha256 = attachment_info.sha256
    objection.save()
    _count_objection(address)
    transaction.on_commit(lambda: _announce(objection, application))
    return objection


def _announce(objection, application):
    organiser = objection.publicity.campaign.organiser
    text = _("An objection to %(studio)s was filed on the public notice.") % {
        "studio": application.studio.name
    }
    link = reverse("studios:campaign_publicity", args=[objection.publicity.campaign_id])
    notify(users_with_roles(organiser, OBJECTION_READERS), text, f"{link}#objection-{objection.pk}")
