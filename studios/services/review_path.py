"""What the application's moves check, do and announce (the table is studios/machines/application.py).

A check raises workflow.TransitionError with a message for the person; an effect does the
rest of a move (e.g. writes the review, moves the application up the tree); a notice is
sent after the move commits, to whoever must act next.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from unions.models import Role, Union
from unions.notifications import notify, users_with_roles

from .. import workflow
from ..models import Application, ExpertAssignment, Meeting, Objection
from ..models.review import Decision
from . import applications as filing
from . import experts, naming, reviews

S = Application.Status
FILERS = (Role.STAFF,)
REVIEWERS = (Role.REVIEWER, Role.HEAD)
DECIDERS = (Role.HEAD, Role.ADMIN)


# --- on whose behalf --------------------------------------------------------------


def acting_union(app):
    return getattr(app, "_acting_union", None) or app.current_union


def organiser(app):
    return app.campaign.organiser


def _act_from(app, union):
    app._acting_union = union


# --- checks -----------------------------------------------------------------------


def check_filing(app, **kwargs):
    today = timezone.localdate()
    campaign = app.campaign
    if not campaign.is_open:
        raise workflow.TransitionError(_("The campaign is not open for applications."))
    if today > campaign.closes_on:
        raise workflow.TransitionError(
            _("The campaign closed on %(date)s; no applications after the closing date."),
            params={"date": campaign.closes_on.isoformat()},
        )
    if today < campaign.opens_on:
        raise workflow.TransitionError(
            _("The campaign opens on %(date)s."), params={"date": campaign.opens_on.isoformat()}
        )
    if filing.open_application(campaign, app.studio, exclude=app) is not None:
        raise workflow.TransitionError(_("This studio already has an open application in this campaign."))
    unmet = filing.eligibility(campaign, app.studio, today)
    if unmet:
        raise workflow.TransitionError(
            _("The studio is not eligible: %(unmet)s"), params={"unmet": " ".join(unmet)}
        )
    if not app.plan:
        raise workflow.TransitionError(_("Attach the activity implementation plan (活动实施方案)."))
    missing = [
        c.name for c in campaign.criteria_set.criteria.all() if not app.statements.get(c.code, "").strip()
    ]
    if missing:
        raise workflow.TransitionError(
            _("Write a statement for every criterion: %(missing)s."), params={"missing": "、".join(missing)}
        )


def check_recommend(app, **kwargs):
    reviews.check_review_data(app, **kwargs)
    places = filing.quota_for(app.campaign, app.current_union)
    if places is not None and filing.quota_used(app.campaign, app.current_union) >= places:
        raise workflow.TransitionError(
            _("The quota of %(union)s is used up (%(places)s places); return or reject another first."),
            params={"union": app.current_union.name, "places": places},
        )


def check_send_up(app, **kwargs):
    if filing.is_organiser_level(app.campaign, app.current_union):
        raise workflow.TransitionError(_("The next level is the organiser: send to expert assessment."))


def check_send_to_experts(app, **kwargs):
    if not filing.is_organiser_level(app.campaign, app.current_union):
        raise workflow.TransitionError(_("The next level is not the organiser: send it up for review."))


def check_publicise(app, publicity=None, **kwargs):
    if publicity is None or publicity.campaign_id != app.campaign_id:
        raise workflow.TransitionError(_("Publish the public notice from the campaign's 公示 page."))
    if not Meeting.objects.filter(campaign=app.campaign).exists():
        raise workflow.TransitionError(_("Record the decision meeting (会议研究) first."))
    if not experts.approved_applications(app.campaign).filter(pk=app.pk).exists():
        raise workflow.TransitionError(
            _("The decision meeting has not approved %(studio)s for public notice."),
            params={"studio": app.studio.name},
        )
    if not app.assignments.filter(status=ExpertAssignment.Status.SUBMITTED).exists():
        raise workflow.TransitionError(
            _("No expert has submitted scores for %(studio)s yet."), params={"studio": app.studio.name}
        )


def check_not_name(app, **kwargs):
    if (
        app.status == S.PUBLICITY
        and not app.objections.filter(resolution=Objection.Resolution.UPHELD).exists()
    ):
        raise workflow.TransitionError(
            _("A studio on public notice is not named only when an objection is upheld.")
        )


def check_name(app, **kwargs):
    publicity = app.publicity
    if publicity is None or not publicity.has_ended():
        raise workflow.TransitionError(
            _("The public notice runs until %(date)s; naming takes effect after it ends."),
            params={"date": publicity.ends_on.isoformat() if publicity else "—"},
        )
    if app.objections.exclude(resolution=Objection.Resolution.DISMISSED).exists():
        raise workflow.TransitionError(_("An objection is still open or was upheld."))


# --- effects ----------------------------------------------------------------------


def on_submit(app, **kwargs):
    _act_from(app, app.filing_union)
    app.round += 1
    app.current_union = filing.first_reviewer(app)
    app.submitted_at = timezone.now()
    app.snapshot = filing.take_snapshot(app)


def on_withdraw(app, **kwargs):
    _act_from(app, app.filing_union)
    app.current_union = app.filing_union


def on_return_for_correction(app, **kwargs):
    _act_from(app, app.current_union)
    app.current_union = app.filing_union


def review_effect(decision):
    def effect(app, *, by, comment="", score=None, verdicts=None, **kwargs):
        union = app.current_union
        _act_from(app, union)
        rank = filing.next_rank(app.campaign, union) if decision == Decision.RECOMMEND else None
        reviews.write_review(
            app,
            union=union,
            by=by,
            decision=decision,
            score=score,
            reason=comment,
            verdicts=verdicts or {},
            rank=rank,
        )
        if decision != Decision.RECOMMEND:
            app.current_union = app.filing_union

    return effect


def freeze_and_move(to_parent):
    def effect(app, **kwargs):
        union = app.current_union
        _act_from(app, union)
        app.reviews.filter(
            union=union, decision=Decision.RECOMMEND, round=app.round, sent_up_at__isnull=True
        ).update(sent_up_at=timezone.now())
        app.current_union = Union.objects.get_parent(union) if to_parent else app.campaign.organiser

    return effect


def on_publicise(app, publicity=None, **kwargs):
    app.publicity = publicity


def on_name(app, *, by, campaign=None, numbers=None, **kwargs):
    app.naming = naming.grant_naming(app, by=by, campaign=campaign, numbers=numbers)


# --- notices ----------------------------------------------------------------------


def _link(app):
    return reverse("studios:application_detail", args=[app.pk])


def _tell(union, roles, text, app):
    notify(users_with_roles(union, roles), text, _link(app))


def notify_reviewers(app, log):
    _tell(
        app.current_union, REVIEWERS, _("%(studio)s awaits your review.") % {"studio": app.studio.name}, app
    )


def notify_filer(message):
    def send(app, log):
        text = str(message) % {"studio": app.studio.name, "union": log.union.name if log.union else ""}
        _tell(app.filing_union, FILERS, text, app)

    return send


def notify_receipt(app, log):
    text = _("%(studio)s reached the organiser: check and accept it (形式审查).") % {
        "studio": app.studio.name
    }
    notify(
        users_with_roles(app.campaign.organiser, REVIEWERS),
        text,
        reverse("studios:receipt", args=[app.campaign_id]),
    )


def notify_organiser(app, log):
    text = _("%(studio)s reached expert assessment: assign experts.") % {"studio": app.studio.name}
    notify(users_with_roles(app.campaign.organiser, REVIEWERS + DECIDERS), text, _link(app))
