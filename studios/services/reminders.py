"""What the yearly assessment asks of people, and when: to-dos when a round opens, reminders before
a rectification deadline, and what is overdue.

- Opening a round tells every studio's host union (its staff, who file the self-assessment) and
  its leads what to self-assess and by when: one bulk insert of notices (`tell_round_opened`).
- `send_rectification_reminders` (run daily by Celery beat, or by `manage.py send_reminders`)
  tells the leads and the host union of a studio under rectification 7 days before its deadline
  and on the day. Each reminder sent is an `AssessmentReminder` row, unique per assessment and
  kind: a second run, or a run late in the day, sends nothing twice, and a run after a missed
  day still sends the reminder that fell due, once.
- Every date is the day in Asia/Shanghai (`timezone.localdate()`).
"""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from unions import access
from unions.models import Membership, Role
from unions.notifications import notify_each

from ..models import Assessment, AssessmentReminder, AssessmentRound, Studio, StudioUserObjectPermission
from ..permissions import LEAD

log = logging.getLogger(__name__)

S = Assessment.Status
K = AssessmentReminder.Kind

# How long the host union has to self-assess when the round's opener gives no date.
SELF_ASSESS_DAYS = 30
# The first reminder, this many days before a rectification deadline.
REMIND_DAYS_BEFORE = 7
# A day's reminder a run missed is still sent this long after the deadline (then the round page's
# overdue list speaks for it), so that a deadline long past never sends a late reminder.
LATE_DAYS = datetime.timedelta(days=7)
# Who of the host union hears: its staff file the self-assessment; its head answers for a rectification.
TODO_ROLES = (Role.STAFF,)
RECTIFY_ROLES = (Role.STAFF, Role.HEAD)


def default_self_assess_by(today=None):
    return (today or timezone.localdate()) + datetime.timedelta(days=SELF_ASSESS_DAYS)


# --- who hears of a studio: its leads and its host union, for many studios in two queries ------


def _people(studios, roles):
    """{studio pk: [(user, is_lead)]}: the studio's leads, then its host union's holders of `roles`."""
    studios = list(studios)
    found = {studio.pk: [] for studio in studios}
    grants = StudioUserObjectPermission.objects.filter(
        content_object_id__in=found,
        permission__codename=LEAD,
        permission__content_type__app_label="studios",
        user__is_active=True,
    ).select_related("user")
    for grant in grants.order_by("content_object_id", "user_id"):
        found[grant.content_object_id].append((grant.user, True))
    by_union = {}
    memberships = (
        Membership.objects.active()
        .filter(union__in={s.host_union_id for s in studios}, role__in=roles, user__is_active=True)
        .select_related("user")
        .order_by("union_id", "user_id")
    )
    for membership in memberships:
        by_union.setdefault(membership.union_id, []).append(membership.user)
    for studio in studios:
        found[studio.pk] += [(user, False) for user in by_union.get(studio.host_union_id, [])]
    return found


# --- the to-dos of a round opened ----------------------------------------------------------------


def tell_round_opened(round_):
    """Tell each studio's host union staff and leads what to self-assess and by when (after the commit).

    Each person gets one notice per studio; the host union's link opens the assessment (where it
    files), the lead's the studio's page (a lead reads the assessment there)."""
    assessments = list(round_.assessments.select_related("studio").order_by("studio__name", "pk"))
    people = _people([a.studio for a in assessments], TODO_ROLES)
    items = []
    for assessment in assessments:
        text = _(
            "%(union)s opened the assessment of %(year)s: please submit the self-assessment of "
            "%(studio)s by %(date)s."
        ) % {
            "union": round_.union.name,
            "year": round_.year,
            "studio": assessment.studio.name,
            "date": round_.self_assess_by.isoformat(),
        }
        for user, is_lead in people[assessment.studio.pk]:
            link = (
                reverse("studios:detail", args=[assessment.studio.pk])
                if is_lead
                else reverse("studios:assessment", args=[assessment.pk])
            )
            items.append((user, text, link))
    return notify_each(items)


def open_self_assessments(user, limit=10):
    """The self-assessments this person is asked for and has not filed, soonest deadline first:
    as staff of the studio's host union (or above) or as the studio's lead."""
    if not (user.is_authenticated and user.is_active) or user.is_superuser:
        return []
    pending = Assessment.objects.filter(status=S.PENDING, round__status=AssessmentRound.Status.OPEN)
    filed_by = access.subtree_q(user, access.FILE, via="studio__host_union")
    leads = Studio.objects.led_by(user).values("pk")
    rows = (
        pending.filter(filed_by | Q(studio__in=leads))
        .select_related("studio__host_union", "round__union")
        .order_by("round__self_assess_by", "studio__name", "pk")[:limit]
    )
    rows = list(rows)
    for row in rows:
        row.files_here = access.can(user, access.FILE, row.studio.host_union)
    return rows


# --- what is overdue in a round ------------------------------------------------------------------


def overdue(round_, today=None):
    """(rectifications past their deadline and not yet recorded as rectified, self-assessments not
    filed by the round's deadline), each a list of assessments with `days_late`."""
    today = today or timezone.localdate()
    rows = round_.assessments.select_related("studio__host_union").order_by("studio__name", "pk")
    rectify = list(rows.filter(status=S.RECTIFYING, rectify_deadline__lt=today))
    for row in rectify:
        row.days_late = (today - row.rectify_deadline).days
    unfiled = []
    if round_.self_assess_by and round_.self_assess_by < today:
        unfiled = list(rows.filter(status=S.PENDING))
        for row in unfiled:
            row.days_late = (today - round_.self_assess_by).days
    return rectify, unfiled


# --- rectification reminders ---------------------------------------------------------------------


def due_kind(deadline, today):
    """The reminder that has fallen due for a deadline on `today`: on the day (or later) the day's,
    within 7 days the week's, else none."""
    if deadline <= today:
        return K.RECTIFY_DAY
    if deadline - datetime.timedelta(days=REMIND_DAYS_BEFORE) <= today:
        return K.RECTIFY_WEEK
    return None


def _reminder_text(assessment, kind, today):
    values = {"studio": assessment.studio.name, "date": assessment.rectify_deadline.isoformat()}
    if kind == K.RECTIFY_WEEK:
        values["days"] = (assessment.rectify_deadline - today).days
        return (
            _(
                "The rectification of %(studio)s is due on %(date)s (%(days)s days left): "
                "please finish it and report how it rectified."
            )
            % values
        )
    if assessment.rectify_deadline == today:
        return _("The rectification of %(studio)s is due today, %(date)s.") % values
    return _("The rectification of %(studio)s was due on %(date)s and is not yet recorded as done.") % values


def send_rectification_reminders(today=None):
    """Send every rectification reminder due on `today` (the day in Asia/Shanghai) not sent before.

    Returns the number of reminders sent. A reminder is claimed by inserting its row (unique per
    assessment and kind) in the transaction that writes its notices, so two runs at once, or one
    after another, send it once. The day's reminder, once due, stands for the week's too: a run
    after a missed week sends the one that is due now, not both."""
    today = today or timezone.localdate()
    window = datetime.timedelta(days=REMIND_DAYS_BEFORE)
    candidates = (
        Assessment.objects.filter(
            status=S.RECTIFYING, rectify_deadline__gte=today - LATE_DAYS, rectify_deadline__lte=today + window
        )
        .exclude(reminders__kind=K.RECTIFY_DAY)
        .select_related("studio")
        .prefetch_related("reminders")
        .order_by("rectify_deadline", "pk")
    )
    due = []
    for assessment in candidates:
        kind = due_kind(assessment.rectify_deadline, today)
        if kind is None or kind in {r.kind for r in assessment.reminders.all()}:
            continue
        due.append((assessment, kind))
    if not due:
        return 0
    people = _people([a.studio for a, _kind in due], RECTIFY_ROLES)
    sent = 0
    for assessment, kind in due:
        try:
            with transaction.atomic():
                claims = [
                    AssessmentReminder(assessment=assessment, kind=kind, due_on=assessment.rectify_deadline)
                ]
                if kind == K.RECTIFY_DAY and not assessment.reminders.all():
                    # The week's reminder was never sent and is past: recorded as stood for by this one.
                    claims.append(
                        AssessmentReminder(
                            assessment=assessment, kind=K.RECTIFY_WEEK, due_on=assessment.rectify_deadline
                        )
                    )
                AssessmentReminder.objects.bulk_create(claims)
                text = _reminder_text(assessment, kind, today)
                items = [
                    (
                        user,
                        text,
                        reverse("studios:detail", args=[assessment.studio_id])
                        if is_lead
                        else reverse("studios:assessment", args=[assessment.pk]),
                    )
                    for user, is_lead in people[assessment.studio_id]
                ]
                notify_each(items)  # the notices with the claim; the e-mails after the commit
        except IntegrityError:  # another run claimed it first
            log.info("assessment %s: the %s reminder was already sent", assessment.pk, kind)
            continue
        sent += 1
    return sent
