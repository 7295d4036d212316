"""Actions on a studio: register it, prove its criteria with evidence, appoint its lead.

Keyword-only arguments, one transaction each, the changed object returned. Stage
changes go through studios.workflow.transition() (the moves are studios/machines/lifecycle.py).
"""

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import DEFAULT_DB_ALIAS, transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from unions import access, compiled
from unions.services import set_password_link

from .. import completeness, workflow
from ..models import Evidence, EvidenceFile, Studio, StudioUserObjectPermission
from ..permissions import LEAD, LOG

User = get_user_model()


# --- evidence ---------------------------------------------------------------------


def evidence_for(studio, criterion):
    return Evidence.objects.filter(studio=studio, criterion=criterion).first()


@transaction.atomic
def save_evidence_statement(*, studio, criterion, description):
    evidence, _created = Evidence.objects.get_or_create(studio=studio, criterion=criterion)
    evidence.description = description
    evidence.save(update_fields=["description", "updated_at"])
    return evidence


@transaction.atomic
def add_evidence_file(*, studio, criterion, upload, info, by, kind, rule_kind="", title=""):
    """Store one checked upload (`info` from unions.uploads.check_upload) as evidence."""
    evidence, _created = Evidence.objects.get_or_create(studio=studio, criterion=criterion)
    evidence_file = EvidenceFile(
        evidence=evidence,
        kind=kind,
        rule_kind=rule_kind if kind == EvidenceFile.Kind.RULE_DOCUMENT else "",
        title=title,
        original_name=info.original_name[:255],
        content_type=info.content_type,
        size=info.size,
        sha256=info.sha256,
        uploaded_by=by,
    )
    evidence_file.file.save(info.original_name, info.stored_file(upload), save=False)
    try:
        evidence_file.save()
        evidence.save(update_fields=["updated_at"])
    except Exception:
        # The row was not written: the file must not stay behind on disk.
        evidence_file.file.delete(save=False)
        raise
    return evidence_file


@transaction.atomic
def delete_evidence_file(*, evidence_file):
    storage, name = evidence_file.file.storage, evidence_file.file.name
    evidence_file.delete()
    transaction.on_commit(lambda: storage.delete(name))
    return evidence_file


# --- the lead and the accounts that may log ledgers ---------------------------------


def _holders(studio, codename):
    return (
        User.objects.filter(
            pk__in=StudioUserObjectPermission.objects.filter(
                content_object=studio, permission__codename=codename
            ).values("user_id")
        )
        .order_by("full_name_pinyin", "full_name", "username")
        .distinct()
    )


def leads_of(studio):
    return _holders(studio, LEAD)


def loggers_of(studio):
    """Accounts allowed to log ledgers who are not the lead."""
    return _holders(studio, LOG).exclude(pk__in=leads_of(studio).values("pk"))


def _grants_query(studio):
    fields = [f"user__{f.attname}" for f in User._meta.concrete_fields]
    return (
        StudioUserObjectPermission.objects.filter(
            content_object_id=studio, permission__codename__in=(LEAD, LOG)
        )
        .order_by("user__full_name_pinyin", "user__full_name", "user__username", "user_id")
        .values_list("permission__codename", *fields)
    )


def leads_and_loggers(studio):
    """(leads, loggers) of the studio, as leads_of() and loggers_of() give them, in one
    compiled-once query."""
    names = [f.attname for f in User._meta.concrete_fields]
    leads, loggers = {}, {}
    for codename, *values in compiled.rows("studios.leads_and_loggers", _grants_query, studio=studio.pk):
        user = User.from_db(DEFAULT_DB_ALIAS, names, values)
        (leads if codename == LEAD else loggers)[user.pk] = user
    return list(leads.values()), [user for pk, user in loggers.items() if pk not in leads]


def _grant(user, perm, studio):
    assign_perm(f"studios.{perm}", user, studio)
    access.forget(user)


def _revoke(user, perm, studio):
    remove_perm(f"studios.{perm}", user, studio)
    access.forget(user)


@transaction.atomic
def assign_lead(*, studio, user):
    """Make `user` the studio's one lead: they lead it and log its ledgers; a former lead loses both."""
    for former in leads_of(studio).exclude(pk=user.pk):
        remove_lead(studio=studio, user=former)
    _grant(user, LEAD, studio)
    _grant(user, LOG, studio)
    return studio


@transaction.atomic
def remove_lead(*, studio, user):
    _revoke(user, LEAD, studio)
    _revoke(user, LOG, studio)
    return studio


@transaction.atomic
def create_lead_account(*, request, studio, username, full_name, email, phone=""):
    """Create an account for the studio's lead, appoint it, and e-mail a link to set the password."""
    user = User(username=username, full_name=full_name, email=email, phone=phone)
    user.set_unusable_password()
    user.save()
    assign_lead(studio=studio, user=user)
    link = set_password_link(request, user)
    context = {"user": user, "studio": studio, "link": link}
    transaction.on_commit(
        lambda: send_mail(
            _("You have been appointed lead of an innovation studio"),
            render_to_string("studios/email/lead_invite.txt", context),
            None,
            [email],
            fail_silently=True,
        )
    )
    return user, link


@transaction.atomic
def allow_member_logging(*, studio, user):
    """Let `user` log this studio's ledgers (and so see the studio)."""
    _grant(user, LOG, studio)
    return studio


@transaction.atomic
def revoke_member_logging(*, studio, user):
    if studio.pk in set(Studio.objects.led_by(user).values_list("pk", flat=True)):
        return studio  # the lead always logs; remove the lead instead
    _revoke(user, LOG, studio)
    return studio


# --- maturity -----------------------------------------------------------------------


def all_conditions_met(studio, **kwargs):
    """What the "mature" move checks: every criterion of the studio's set is met."""
    missing = [
        f"{criterion.name}（{'、'.join(verdict.missing)}）" if verdict.missing else criterion.name
        for criterion, verdict in completeness.evaluate(studio)
        if verdict.status != completeness.Status.MET
    ]
    if missing:
        raise workflow.TransitionError(
            _(
                "A studio becomes mature only when all its basic conditions are met "
                "(培养一个、成熟一个、命名一个). Still missing: %(missing)s."
            ),
            params={"missing": "；".join(missing)},
            code="incomplete",
        )


def mature_if_complete(studio, *, by):
    """Move a cultivating studio whose criteria are all met to 成熟 (through the workflow); else leave it."""
    if studio.stage == Studio.Stage.CULTIVATING and completeness.all_met(studio):
        return workflow.transition(studio, "mature", by=by, comment=_("All basic conditions are met."))
    return studio
