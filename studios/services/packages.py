"""Nomination packages: requesting a compile, the worker's moves, sending up; and who sees which package.

The package's moves are the table in studios/machines/package.py; the checks and effects
they name are here. Progress (percent and step) is not a state: the worker writes it to the
row directly, outside any transaction, so the page sees it at once. A second click while queued or compiling returns
the package as it is and queues nothing (the row is locked and its state checked).
"""

import contextlib
import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unions import access, jobs
from unions.models import Union

from .. import permissions, workflow
from ..models import Application, NominationPackage
from . import applications as filing

P = NominationPackage.Status
# Each delivery of the task counts one attempt (retries, and a redelivery after a worker was lost).
MAX_ATTEMPTS = 5
# A job queued or compiling with no sign of life for longer than the task's hard limit (plus a
# margin) was lost (e.g. the broker was flushed): then a new request may queue it again.
STALE_AFTER = datetime.timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 1800) + 600)

# --- checks and effects -------------------------------------------------------------


def check_compile(package, *, application_ids=None, **kwargs):
    if not application_ids:
        raise workflow.TransitionError(_("There are no recommendations to put in a package."))


def check_requeue(package, **kwargs):
    check_compile(package, **kwargs)
    if not is_stale(package):
        raise workflow.TransitionError(_("The package is already being compiled."))


def on_compile(package, *, by, application_ids, statement="", **kwargs):
    package.application_ids = list(application_ids)
    package.statement = statement or ""
    package.requested_by = by
    package.requested_at = timezone.now()
    package.recipient = Union.objects.get_parent(package.union)
    package.progress = 0
    package.step = _("Waiting for the worker")
    package.error = ""
    package.attempts = 0


def on_start(package, **kwargs):
    package.attempts += 1
    package.progress = 1
    package.step = _("Started (attempt %(n)s)") % {"n": package.attempts}


def on_finish(package, *, built, **kwargs):
    previous = package.file.name
    package.file.name = built.name
    package.sha256 = built.sha256
    package.size = built.size
    package.compiled_at = timezone.now()
    package.progress = 100
    package.step = _("Compiled")
    package.error = ""
    if previous and previous != built.name:
        # The old file goes only once the row points at the new one for good.
        transaction.on_commit(lambda: _delete_quietly(previous))


def on_fail(package, *, message, **kwargs):
    package.error = message
    package.step = ""


def stored_sha256(name):
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as stored:
        while chunk := stored.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def check_send(package, **kwargs):
    current = [a.pk for a in filing.recommendations(package.campaign, package.union)]
    if current != list(package.application_ids):
        raise workflow.TransitionError(
            _(
                "The recommendations or their ranking changed after the package was compiled; "
                "compile it again before sending."
            )
        )
    try:
        intact = package.file and stored_sha256(package.file.name) == package.sha256
    except FileNotFoundError:
        intact = False
    if not intact:
        raise workflow.TransitionError(_("The package file is missing or damaged; compile it again."))


def on_send(package, *, by, **kwargs):
    filing.send_up(
        campaign=package.campaign,
        union=package.union,
        by=by,
        comment=_("Sent in nomination package no. %(number)s") % {"number": package.pk},
    )
    package.sent_at = timezone.now()
    package.sent_by = by
    package.recipient = Union.objects.get_parent(package.union)
    package.step = ""


def _delete_quietly(name):
    with contextlib.suppress(OSError):
        default_storage.delete(name)


# --- reading ------------------------------------------------------------------------


def visible_packages(user):
    """Packages of the unions in the user's subtree: the sender's own and those of the unions below."""
    return access.scope(NominationPackage.objects.all(), user, via="union", perm=access.VIEW)


def received_packages(user):
    """Sent packages addressed to a union the user holds a role on."""
    qs = NominationPackage.objects.filter(status=P.SENT)
    if user.is_superuser:
        return qs
    return qs.filter(recipient__in=[u.pk for u in access.granted_unions(user, access.VIEW)])


def open_package(campaign, union):
    """The package in the making (not sent) of this union in this campaign, if any."""
    return NominationPackage.objects.filter(campaign=campaign, union=union).exclude(status=P.SENT).first()


def is_stale(package, now=None):
    if package.status not in NominationPackage.BUSY_STATES:
        return False
    # A running compile writes its progress (and updated_at) every few seconds; a lost one stops.
    since = package.updated_at or package.requested_at
    return since is not None and (now or timezone.now()) - since > STALE_AFTER


def is_outdated(package):
    """The recommendations (or their order) changed since the package was compiled."""
    if package.status == P.SENT:
        return False
    current = [a.pk for a in filing.recommendations(package.campaign, package.union)]
    return current != list(package.application_ids)


def applications_of(package):
    """The package's applications in rank order (2 queries)."""
    by_pk = Application.objects.select_related("studio", "filing_union", "current_union").in_bulk(
        package.application_ids
    )
    return [by_pk[pk] for pk in package.application_ids if pk in by_pk]


# --- acting -------------------------------------------------------------------------


def request_compile(*, campaign, union, by, statement=""):
    """Queue a compile of this union's recommendations; return (package, queued).

    While a compile is queued or running, a second request queues nothing and returns
    (package, False). The task is queued when the transaction commits; if the broker refuses
    it, the package comes back failed with a message to try again.
    """
    if not permissions.can_review_at(by, union):
        raise PermissionDenied(_("You may not do this."))
    from ..tasks import compile_package

    with transaction.atomic():
        # Two first clicks at once: the union row serialises them, so only one package is created.
        Union.objects.select_for_update().filter(pk=union.pk).first()
        package = (
            NominationPackage.objects.select_for_update()
            .filter(campaign=campaign, union=union)
            .exclude(status=P.SENT)
            .first()
        )
        if package is None:
            package = NominationPackage.objects.create(
                campaign=campaign, union=union, recipient=Union.objects.get_parent(union)
            )
        elif package.is_busy and not is_stale(package):
            return package, False
        ids = [a.pk for a in filing.recommendations(campaign, union)]
        action = "requeue" if package.is_busy else "compile"
        package = workflow.transition(package, action, by=by, application_ids=ids, statement=statement)
        transaction.on_commit(lambda: _dispatch(compile_package, package.pk))
    # After the commit the job was handed over, ran in-process, or was refused (then it failed).
    package.refresh_from_db()
    return package, True


def _dispatch(task, package_id):
    """Hand the job to the worker; if it cannot start, the package fails with a message to compile
    again (its frozen list and statement stay on the row, and a new request may queue it at once)."""
    jobs.hand_to_worker(
        task,
        package_id,
        fail=lambda message: fail_compile(package_id, message),
        unavailable=_(
            "The compile worker is unavailable right now; nothing was lost. Compile again in a few minutes."
        ),
        failed=_("The compile could not be started; nothing was lost. Compile again."),
    )


def send_package(*, package, by):
    """Send a ready package: its applications go to the parent's review (or expert assessment), its
    file and SHA-256 are frozen. One transaction. Returns the package."""
    with transaction.atomic():
        return workflow.transition(package, "send", by=by)


# --- the worker's side --------------------------------------------------------------


def start_compile(package_id):
    """Mark the package compiling and count the attempt; None when there is nothing to do
    (a duplicate delivery of a finished job) or the attempts are used up (then it is failed)."""
    with permissions.as_worker(), transaction.atomic():
        package = NominationPackage.objects.select_for_update().filter(pk=package_id).first()
        if package is None or not package.is_busy:
            return None
        if package.attempts >= MAX_ATTEMPTS:
            workflow.transition(
                package,
                "fail",
                by=package.requested_by,
                message=_("Compiling was interrupted %(n)s times; please compile the package again.")
                % {"n": package.attempts},
            )
            return None
        return workflow.transition(package, "start", by=package.requested_by)


def report_progress(package_id, percent, step):
    """Written at once, outside any transaction, so the polling page sees it."""
    NominationPackage.objects.filter(pk=package_id, status=P.COMPILING).update(
        progress=max(0, min(99, int(percent))), step=str(step)[:200], updated_at=timezone.now()
    )


def finish_compile(package, built):
    """Point the package at its new file (the old one is deleted after commit)."""
    try:
        with permissions.as_worker():
            return workflow.transition(package, "finish", by=package.requested_by, built=built)
    except Exception:
        _delete_quietly(built.name)
        raise


def fail_compile(package_id, message):
    with permissions.as_worker(), transaction.atomic():
        package = NominationPackage.objects.select_for_update().filter(pk=package_id).first()
        if package is None or not package.is_busy:
            return package
        return workflow.transition(package, "fail", by=package.requested_by, message=message)
