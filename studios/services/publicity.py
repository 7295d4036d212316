"""公示: working-day periods on the Chinese holiday calendar, publishing, objections and their resolution.

A period of N working days begins on its start day (counted when that day is a
working day) and ends on its N-th working day. Working days follow the State
Council's holiday calendar through the `chinesecalendar` package, including the
weekend make-up days (调休); for a year the package does not cover yet, Monday to
Friday count as working days.
"""

import datetime

import chinese_calendar
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import workflow
from ..models import Application, Objection, Publicity


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
        .order_by("studio__name", "pk")
    )


@transaction.atomic
def publish(*, campaign, applications, starts_on, by, text=""):
    """Publish the list of studios to be named; each application moves to 公示."""
    applications = list(applications)
    if not applications:
        raise workflow.TransitionError(_("Choose at least one application to put on the public notice."))
    days = campaign.publicity_working_days
    publicity = Publicity.objects.create(
        campaign=campaign,
        starts_on=starts_on,
        ends_on=add_working_days(starts_on, days),
        working_days=days,
        text=text,
        published_by=by,
    )
    for application in applications:
        workflow.transition(application, "publicise", by=by, publicity=publicity)
    return publicity


@transaction.atomic
def record_objection(*, publicity, application, received_on, text, by):
    if application.publicity_id != publicity.pk or application.status != Application.Status.PUBLICITY:
        raise workflow.TransitionError(_("This studio is not on this public notice."))
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
