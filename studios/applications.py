"""The path of an application up the union tree, as one table of moves.

    draft ──submit──▶ submitted (at the filing union's parent)
    returned ──resubmit──▶ submitted
    submitted / under_review ──recommend──▶ recommended (by the union it awaits; within quota)
    submitted / under_review / recommended ──return──▶ returned (to the filer, with reasons)
    submitted / under_review / recommended ──reject──▶ rejected
    recommended ──send_up──▶ under_review (at the parent)            } services.applications.send_up
    recommended ──send_to_experts──▶ expert_review (at the organiser) }
    expert_review ──publicise──▶ publicity (公示; after the meeting is recorded)
    expert_review / publicity ──not_name──▶ not_named
    publicity ──name──▶ named (公示 over, no objection upheld or open; creates the Naming)
    draft / submitted / returned ──withdraw──▶ withdrawn

Who: the filer's staff (FILE on the filing union) submit, resubmit and withdraw; a
reviewer or head acts only at exactly the union the application awaits (a company
reviewer never acts on behalf of the province, nor the province for the company);
the organiser's head or administrator decides 公示 and naming. The campaign's own
moves (open / close) and an expert's "submit scores" are here too, and the
studio's "name" move, which the application's naming makes.
"""

import contextvars

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unions import access
from unions.models import Role, Union
from unions.notifications import notify, users_with_roles

from . import workflow
from .models import Application, Campaign, ExpertAssignment, Meeting, Objection, ScoringDimension, Studio
from .models.review import Decision
from .services import applications as filing
from .services import experts, naming, reviews
from .services.campaigns import acts_at

S = Application.Status
FILERS = (Role.STAFF,)
REVIEWERS = (Role.REVIEWER, Role.HEAD)
DECIDERS = (Role.HEAD, Role.ADMIN)


# --- who --------------------------------------------------------------------------


def files_for(user, app):
    return access.can(user, access.FILE, app.filing_union)


def reviews_here(user, app):
    return acts_at(user, access.REVIEW, app.current_union)


def decides(user, app):
    return acts_at(user, access.APPROVE, app.campaign.organiser)


def acting_union(app):
    return getattr(app, "_acting_union", None) or app.current_union


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


def _review_effect(decision):
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


def _freeze_and_move(to_parent):
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


def on_name(app, *, by, **kwargs):
    app.naming = naming.grant_naming(app, by=by)


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


def notify_organiser(app, log):
    text = _("%(studio)s reached expert assessment: assign experts.") % {"studio": app.studio.name}
    notify(users_with_roles(app.campaign.organiser, REVIEWERS + DECIDERS), text, _link(app))


workflow.register(
    Application,
    "status",
    [
        workflow.Move(
            "submit",
            (S.DRAFT,),
            S.SUBMITTED,
            gettext_lazy("Submit"),
            files_for,
            check=check_filing,
            effect=on_submit,
            union=acting_union,
            notify=notify_reviewers,
        ),
        workflow.Move(
            "resubmit",
            (S.RETURNED,),
            S.SUBMITTED,
            gettext_lazy("Resubmit"),
            files_for,
            check=check_filing,
            effect=on_submit,
            union=acting_union,
            notify=notify_reviewers,
        ),
        workflow.Move(
            "withdraw",
            (S.DRAFT, S.SUBMITTED, S.RETURNED),
            S.WITHDRAWN,
            gettext_lazy("Withdraw"),
            files_for,
            effect=on_withdraw,
            union=acting_union,
        ),
        workflow.Move(
            "recommend",
            (S.SUBMITTED, S.UNDER_REVIEW),
            S.RECOMMENDED,
            gettext_lazy("Recommend"),
            reviews_here,
            check=check_recommend,
            effect=_review_effect(Decision.RECOMMEND),
            union=acting_union,
        ),
        workflow.Move(
            "return",
            (S.SUBMITTED, S.UNDER_REVIEW, S.RECOMMENDED),
            S.RETURNED,
            gettext_lazy("Return for revision"),
            reviews_here,
            check=reviews.check_review_data,
            effect=_review_effect(Decision.RETURN),
            union=acting_union,
            needs_comment=True,
            notify=notify_filer(gettext_lazy("%(studio)s was returned for revision by %(union)s.")),
        ),
        workflow.Move(
            "reject",
            (S.SUBMITTED, S.UNDER_REVIEW, S.RECOMMENDED),
            S.REJECTED,
            gettext_lazy("Do not recommend"),
            reviews_here,
            check=reviews.check_review_data,
            effect=_review_effect(Decision.REJECT),
            union=acting_union,
            needs_comment=True,
            notify=notify_filer(gettext_lazy("%(studio)s was not recommended by %(union)s.")),
        ),
        workflow.Move(
            "send_up",
            (S.RECOMMENDED,),
            S.UNDER_REVIEW,
            gettext_lazy("Send up"),
            reviews_here,
            check=check_send_up,
            effect=_freeze_and_move(True),
            union=acting_union,
            notify=notify_reviewers,
        ),
        workflow.Move(
            "send_to_experts",
            (S.RECOMMENDED,),
            S.EXPERT_REVIEW,
            gettext_lazy("Send to expert assessment"),
            reviews_here,
            check=check_send_to_experts,
            effect=_freeze_and_move(False),
            union=acting_union,
            notify=notify_organiser,
        ),
        workflow.Move(
            "publicise",
            (S.EXPERT_REVIEW,),
            S.PUBLICITY,
            gettext_lazy("Put on public notice"),
            decides,
            check=check_publicise,
            effect=on_publicise,
            union=lambda app: app.campaign.organiser,
            notify=notify_filer(gettext_lazy("%(studio)s is on public notice (公示) before naming.")),
        ),
        workflow.Move(
            "not_name",
            (S.EXPERT_REVIEW, S.PUBLICITY),
            S.NOT_NAMED,
            gettext_lazy("Do not name"),
            decides,
            check=check_not_name,
            union=lambda app: app.campaign.organiser,
            needs_comment=True,
            notify=notify_filer(gettext_lazy("%(studio)s was not named.")),
        ),
        workflow.Move(
            "name",
            (S.PUBLICITY,),
            S.NAMED,
            gettext_lazy("Name"),
            decides,
            check=check_name,
            effect=on_name,
            union=lambda app: app.campaign.organiser,
            notify=notify_filer(gettext_lazy("%(studio)s has been named.")),
        ),
    ],
)


# --- the studio's naming move -------------------------------------------------------


# Set only while an application's "name" move runs: the studio's "name" is never offered
# as a button of its own, nor can it be posted to the studio's generic move view.
naming_in_progress = contextvars.ContextVar("naming_in_progress", default=False)


def names_studio(user, studio):
    return naming_in_progress.get() and access.can(user, access.APPROVE, studio.host_union)


workflow.register(
    Studio,
    "stage",
    [
        workflow.Move(
            "name",
            (Studio.Stage.MATURE, Studio.Stage.NAMED),
            Studio.Stage.NAMED,
            gettext_lazy("Name"),
            names_studio,
            union=lambda studio: studio.host_union,
        ),
    ],
)


# --- the campaign -----------------------------------------------------------------


def organises(user, campaign):
    return acts_at(user, access.APPROVE, campaign.organiser)


def check_open(campaign, **kwargs):
    if campaign.closes_on < campaign.opens_on:
        raise workflow.TransitionError(_("The closing date is before the opening date."))
    if campaign.closes_on < timezone.localdate():
        raise workflow.TransitionError(_("The closing date has passed; change it before opening."))
    if not ScoringDimension.objects.filter(campaign=campaign).exists():
        raise workflow.TransitionError(_("Set at least one scoring dimension first."))


C = Campaign.Status
workflow.register(
    Campaign,
    "status",
    [
        workflow.Move(
            "open",
            (C.DRAFT, C.CLOSED),
            C.OPEN,
            gettext_lazy("Open"),
            organises,
            check=check_open,
            union=lambda c: c.organiser,
        ),
        workflow.Move(
            "close", (C.OPEN,), C.CLOSED, gettext_lazy("Close"), organises, union=lambda c: c.organiser
        ),
    ],
)


# --- an expert's scores -----------------------------------------------------------


def is_the_expert(user, assignment):
    return user.is_authenticated and assignment.expert.user_id == user.pk


def check_scores(assignment, *, scores=None, **kwargs):
    application = assignment.application
    if application.status != S.EXPERT_REVIEW:
        raise workflow.TransitionError(_("The application is no longer in expert assessment."))
    reason = experts.conflict_reason(assignment.expert, application)
    if reason:
        raise workflow.TransitionError(
            _("You cannot assess this studio: %(reason)s"), params={"reason": reason}
        )
    dimensions = list(application.campaign.dimensions.all())
    scores = scores or {}
    if any(scores.get(d.pk) is None or not 0 <= int(scores[d.pk]) <= 100 for d in dimensions):
        raise workflow.TransitionError(_("Score every dimension from 0 to 100."))


def on_scores(assignment, *, scores, comment="", **kwargs):
    dimensions = list(assignment.application.campaign.dimensions.all())
    experts.write_scores(assignment, {d.pk: scores[d.pk] for d in dimensions})
    assignment.total = experts.weighted_total(scores, dimensions)
    assignment.comment = comment or ""
    assignment.submitted_at = timezone.now()


A = ExpertAssignment.Status
workflow.register(
    ExpertAssignment,
    "status",
    [
        workflow.Move(
            "submit",
            (A.ASSIGNED,),
            A.SUBMITTED,
            gettext_lazy("Submit scores"),
            is_the_expert,
            check=check_scores,
            effect=on_scores,
            union=lambda a: a.application.campaign.organiser,
        ),
    ],
)
