"""Expert assessment: the pool, conflict-of-interest exclusion, assignments, scores, and the meeting record.

Conflict of interest: an expert is excluded from an application when the expert's
work unit is the studio's unit (or the unit of a union on its way up), or when the
expert's own union, or any union they hold a role in, lies in the studio's branch —
the subtree of the organiser's child union that the studio belongs to (e.g. an expert
from any union of 浙江省能源集团 is excluded from every 浙能 studio).
"""

import statistics
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from unions import access
from unions.models import Membership, Union

from .. import permissions, workflow
from ..models import (
    Application,
    ExpertAssignment,
    ExpertProfile,
    ExpertScore,
    Meeting,
    MeetingDecision,
    NamingTier,
    SiteVisit,
    SiteVisitFile,
)

User = get_user_model()
ASSESS = "studios.assess_application"


def branch_of(application):
    """The organiser's child union on the way to the studio's host union (or the host union itself)."""
    host = application.studio.host_union
    organiser = application.campaign.organiser
    steplen = host.steplen
    depth = organiser.depth + 1
    path = host.path[: depth * steplen]
    return Union.objects.filter(path=path).first() or host


def conflict_reason(expert, application):
    """Why this expert may not assess this application, or None."""
    branch = branch_of(application)
    host = application.studio.host_union
    unit = (expert.unit or "").strip()
    on_the_way = Union.objects.filter(path__startswith=branch.path).filter(
        path__in=[host.path[:i] for i in range(host.steplen, len(host.path) + 1, host.steplen)]
    )
    units = {application.studio.unit.strip()} | {u.unit.strip() for u in on_the_way}
    if unit and unit in units - {""}:
        return _("The expert works in the studio's own unit (%(unit)s).") % {"unit": unit}
    unions = [expert.union] if expert.union_id else []
    unions += [
        m.union for m in Membership.objects.active().filter(user=expert.user_id).select_related("union")
    ]
    for union in unions:
        if union.path.startswith(branch.path):
            return _("The expert belongs to %(union)s, in the studio's own branch of the union tree.") % {
                "union": union.name
            }
    return None


@transaction.atomic
def add_expert(*, organiser, username, full_name, email, field, unit, union=None):
    """Put an account (created when new, without a password until set by link) into the pool."""
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username, full_name=full_name, email=email)
        user.set_unusable_password()
        user.save()
    profile, _new = ExpertProfile.objects.update_or_create(
        user=user,
        organiser=organiser,
        defaults={"field": field, "unit": unit, "union": union, "is_active": True},
    )
    return profile, created


@transaction.atomic
def assign_expert(*, application, expert, by):
    application = Application.objects.select_related("campaign__organiser", "studio__host_union").get(
        pk=application.pk
    )
    if not permissions.can_manage_experts(by, application.campaign):
        raise PermissionDenied(_("You may not do this."))
    if application.status != Application.Status.EXPERT_REVIEW:
        raise workflow.TransitionError(
            _("Experts are assigned only while the application is in expert assessment.")
        )
    if expert.organiser_id != application.campaign.organiser_id or not expert.is_active:
        raise workflow.TransitionError(_("This expert is not in the organiser's pool."))
    reason = conflict_reason(expert, application)
    if reason:
        raise workflow.TransitionError(
            _("%(expert)s cannot assess this studio: %(reason)s"),
            params={"expert": expert.user, "reason": reason},
        )
    assignment, created = ExpertAssignment.objects.get_or_create(
        application=application, expert=expert, defaults={"assigned_by": by}
    )
    if created:
        # The application opens to the expert only after the conflict declaration (回避声明).
        from django.urls import reverse

        from unions.notifications import notify

        link = reverse("studios:application_assess", args=[application.pk])
        text = _("Please assess %(studio)s (%(campaign)s).") % {
            "studio": application.studio.name,
            "campaign": application.campaign.title,
        }
        transaction.on_commit(lambda: notify([expert.user], text, link))
    return assignment


@transaction.atomic
def unassign_expert(*, assignment, by):
    if not permissions.can_manage_experts(by, assignment.application.campaign):
        raise PermissionDenied(_("You may not do this."))
    if assignment.is_submitted:
        raise workflow.TransitionError(_("An expert who has submitted scores stays on the record."))
    if assignment.is_conflict:
        raise workflow.TransitionError(_("A declared conflict of interest stays on the record."))
    remove_perm(ASSESS, assignment.expert.user, assignment.application)
    access.forget(assignment.expert.user)
    assignment.delete()


def declare_no_conflict(*, assignment, by):
    """The expert declares no conflict of interest (回避声明); the application then opens to them."""
    return workflow.transition(assignment, "declare_no_conflict", by=by)


def declare_conflict(*, assignment, by, reason=""):
    """The expert declares a conflict: they are withdrawn from the application, and the organiser is told."""
    return workflow.transition(assignment, "declare_conflict", by=by, comment=reason)


def check_still_in_assessment(assignment, **kwargs):
    if assignment.application.status != Application.Status.EXPERT_REVIEW:
        raise workflow.TransitionError(_("The application is no longer in expert assessment."))


def on_declare_no_conflict(assignment, **kwargs):
    assignment.declared_at = timezone.now()
    assign_perm(ASSESS, assignment.expert.user, assignment.application)
    access.forget(assignment.expert.user)


def on_declare_conflict(assignment, **kwargs):
    assignment.declared_at = timezone.now()
    remove_perm(ASSESS, assignment.expert.user, assignment.application)
    access.forget(assignment.expert.user)


def notify_conflict(assignment, log):
    from django.urls import reverse

    from unions.models import Role
    from unions.notifications import notify, users_with_roles

    application = assignment.application
    text = _(
        "%(expert)s declared a conflict of interest with %(studio)s and is withdrawn: assign another expert."
    ) % {
        "expert": assignment.expert.user.display_name,
        "studio": application.studio.name,
    }
    notify(
        users_with_roles(application.campaign.organiser, (Role.REVIEWER, Role.HEAD)),
        text,
        reverse("studios:campaign_experts", args=[application.campaign_id]),
    )


def submit_scores(*, assignment, by, scores, comment=""):
    """scores: {dimension_pk: points from 0 to the dimension's maximum} for every dimension of the campaign."""
    return workflow.transition(assignment, "submit", by=by, comment=comment, scores=scores)


def check_scores(assignment, *, scores=None, **kwargs):
    """What an expert's "submit" move checks."""
    application = assignment.application
    if application.status != Application.Status.EXPERT_REVIEW:
        raise workflow.TransitionError(_("The application is no longer in expert assessment."))
    reason = conflict_reason(assignment.expert, application)
    if reason:
        raise workflow.TransitionError(
            _("You cannot assess this studio: %(reason)s"), params={"reason": reason}
        )
    dimensions = list(application.campaign.dimensions.all())
    scores = scores or {}
    for d in dimensions:
        if scores.get(d.pk) is None or not 0 <= int(scores[d.pk]) <= d.max_points:
            raise workflow.TransitionError(
                _("Score %(dimension)s from 0 to %(points)s points."),
                params={"dimension": d.name, "points": d.max_points},
            )


def record_scores(assignment, *, scores, comment="", **kwargs):
    """What an expert's "submit" move does: the points, their sum, the comment."""
    dimensions = list(assignment.application.campaign.dimensions.all())
    write_scores(assignment, {d.pk: scores[d.pk] for d in dimensions})
    assignment.total = points_total(scores, dimensions)
    assignment.comment = comment or ""
    assignment.submitted_at = timezone.now()


def points_total(scores, dimensions):
    """scores {dimension_pk: points}; their sum over the dimensions (the maxima sum to 100), 2 decimals."""
    total = sum(Decimal(int(scores[d.pk])) for d in dimensions)
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def write_scores(assignment, scores):
    ExpertScore.objects.bulk_create(
        ExpertScore(assignment=assignment, dimension_id=pk, score=int(value)) for pk, value in scores.items()
    )


TRIM_FROM = 5  # experts who scored, at least, before the highest and lowest total may be dropped


def summary(totals, *, trim=False, threshold=None):
    """totals: [(assignment, total)]. The mean (over what is kept), median and spread, whether the spread
    is above the threshold, and the assignments dropped (the highest and the lowest, with `trim` and at
    least TRIM_FROM totals)."""
    ranked = sorted(totals, key=lambda pair: pair[1])
    dropped = [ranked[-1][0], ranked[0][0]] if trim and len(ranked) >= TRIM_FROM else []
    kept = ranked[1:-1] if dropped else ranked
    values = [total for _assignment, total in ranked]
    spread = _q(max(values) - min(values)) if values else None
    return {
        "mean": _q(statistics.fmean([t for _a, t in kept])) if kept else None,
        "median": _q(statistics.median(values)) if values else None,
        "spread": spread,
        "outlier": spread is not None and threshold is not None and spread > threshold,
        "dropped": dropped,
    }


def score_table(campaign):
    """Per application at the expert stage or beyond: totals per expert, mean, median, spread, the flag
    of a spread above the campaign's threshold, the totals dropped (2 queries)."""
    applications = (
        Application.objects.filter(
            campaign=campaign,
            status__in=[
                Application.Status.EXPERT_REVIEW,
                Application.Status.PUBLICITY,
                Application.Status.NAMED,
                Application.Status.NOT_NAMED,
            ],
        )
        .select_related("studio", "filing_union")
        .prefetch_related("assignments__expert__user")
        .order_by("studio__name_pinyin", "studio__name", "pk")
    )
    rows = []
    for application in applications:
        assignments = [a for a in application.assignments.all() if not a.is_conflict]
        totals = [(a, a.total) for a in assignments if a.is_submitted and a.total is not None]
        figures = summary(totals, trim=campaign.trim_extremes, threshold=campaign.score_spread_threshold)
        for a in assignments:
            a.is_dropped = a in figures["dropped"]
        rows.append(
            {
                "application": application,
                "assignments": assignments,
                "submitted": len(totals),
                "assigned": len(assignments),
                **figures,
            }
        )
    rows.sort(key=lambda r: (r["mean"] is None, -(r["mean"] or 0)))
    return rows


def _q(value):
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def assignments_for(user):
    return (
        ExpertAssignment.objects.filter(expert__user=user)
        .exclude(status=ExpertAssignment.Status.CONFLICT)
        .select_related("application__studio", "application__campaign", "expert")
        .order_by("status", "-assigned_at")
    )


def meeting_candidates(campaign):
    """The applications a meeting decides on: those in expert assessment."""
    return (
        Application.objects.filter(campaign=campaign, status=Application.Status.EXPERT_REVIEW)
        .select_related("studio", "filing_union")
        .order_by("studio__name_pinyin", "studio__name", "pk")
    )


def approved_applications(campaign):
    """The applications of the campaign that may go on public notice (公示): in expert assessment, and the
    latest decision meeting that decided on them approved them."""
    latest = (
        MeetingDecision.objects.filter(application=OuterRef("pk"))
        .order_by("-meeting__held_on", "-meeting__pk")
        .values("decision")[:1]
    )
    return (
        meeting_candidates(campaign)
        .annotate(meeting_decision=Subquery(latest))
        .filter(meeting_decision=MeetingDecision.Decision.APPROVE)
    )


def latest_decisions(campaign):
    """{application pk: its latest MeetingDecision} for the campaign (1 query)."""
    found = {}
    for d in (
        MeetingDecision.objects.filter(meeting__campaign=campaign)
        .select_related("meeting")
        .order_by("meeting__held_on", "meeting__pk")
    ):
        found[d.application_id] = d
    return found


@transaction.atomic
def record_meeting(
    *,
    campaign,
    by,
    held_on,
    attendees,
    decisions="",
    minutes=None,
    minutes_info=None,
    approve=(),
    outcomes=None,
    exemplary=(),
):
    """The decision meeting (会议研究): who attended, what was decided, and per application the decision
    with the vote where one was taken. `outcomes`: {application: (decision, for, against, abstaining)};
    `approve`: applications approved without a vote (shorthand); `exemplary`: the approved applications
    the meeting names in the campaign's exemplary tier (示范性), never more than its quota."""
    outcomes = dict(outcomes or {})
    for application in approve:
        outcomes.setdefault(application, (MeetingDecision.Decision.APPROVE, None, None, None))
    allowed = {a.pk for a in meeting_candidates(campaign)}
    for application in outcomes:
        if application.pk not in allowed:
            raise workflow.TransitionError(
                _("%(studio)s is not in expert assessment: the meeting cannot decide on it."),
                params={"studio": application.studio.name},
            )
    exemplary_pks = {a.pk for a in exemplary}
    check_exemplary(campaign, outcomes, exemplary_pks)
    meeting = Meeting(
        campaign=campaign, held_on=held_on, attendees=attendees, decisions=decisions, recorded_by=by
    )
    if minutes is not None and minutes_info is not None:
        meeting.minutes.save(minutes_info.original_name, minutes_info.stored_file(minutes), save=False)
        meeting.minutes_name = minutes_info.original_name[:255]
        meeting.minutes_content_type = minutes_info.content_type
        meeting.minutes_size = minutes_info.size
        meeting.minutes_sha256 = minutes_info.sha256
    meeting.save()
    MeetingDecision.objects.bulk_create(
        MeetingDecision(
            meeting=meeting,
            application=application,
            decision=decision,
            votes_for=votes_for,
            votes_against=votes_against,
            votes_abstaining=abstaining,
            exemplary=application.pk in exemplary_pks,
        )
        for application, (decision, votes_for, votes_against, abstaining) in outcomes.items()
    )
    return meeting


# The states of an application whose exemplary mark holds one of the tier's places.
EXEMPLARY_HOLDING = (Application.Status.EXPERT_REVIEW, Application.Status.PUBLICITY, Application.Status.NAMED)


def exemplary_applications(campaign):
    """The pks of the campaign's applications whose latest decision approves them in the exemplary tier
    and that are still on their way to the title or hold it (the places of the tier in use)."""
    holding = set(
        Application.objects.filter(campaign=campaign, status__in=EXEMPLARY_HOLDING).values_list(
            "pk", flat=True
        )
    )
    return {
        pk
        for pk, d in latest_decisions(campaign).items()
        if pk in holding and d.exemplary and d.decision == MeetingDecision.Decision.APPROVE
    }


def check_exemplary(campaign, outcomes, exemplary_pks):
    """Refuse an exemplary mark on an application not approved here, on a campaign without the tier, or
    beyond the tier's quota (counting the places held by earlier meetings' marks)."""
    if not exemplary_pks:
        return
    if not campaign.has_exemplary_tier:
        raise workflow.TransitionError(_("This campaign names no exemplary tier (示范性)."))
    approved_here = {
        a.pk for a, outcome in outcomes.items() if outcome[0] == MeetingDecision.Decision.APPROVE
    }
    for application in outcomes:
        if application.pk in exemplary_pks and application.pk not in approved_here:
            raise workflow.TransitionError(
                _("%(studio)s is not approved: only an approved application can be named exemplary."),
                params={"studio": application.studio.name},
            )
    if exemplary_pks - approved_here:
        raise workflow.TransitionError(_("Only an application this meeting approves can be named exemplary."))
    decided_here = {a.pk for a in outcomes}
    held = exemplary_applications(campaign) - decided_here
    if len(held) + len(exemplary_pks) > campaign.exemplary_quota:
        raise workflow.TransitionError(
            _(
                "The exemplary tier has %(quota)s places and %(held)s are taken by earlier decisions: "
                "at most %(left)s more may be named exemplary."
            ),
            params={
                "quota": campaign.exemplary_quota,
                "held": len(held),
                "left": max(campaign.exemplary_quota - len(held), 0),
            },
        )


def tier_of(application):
    """The tier the title of `application` is granted in: exemplary when its latest decision says so."""
    decision = (
        MeetingDecision.objects.filter(application=application)
        .order_by("-meeting__held_on", "-meeting__pk")
        .first()
    )
    if decision is not None and decision.exemplary and decision.decision == MeetingDecision.Decision.APPROVE:
        return NamingTier.EXEMPLARY
    return NamingTier.ORDINARY


# The states in which the organiser may inspect an application on site (现场考察).
VISIT_STATES = (Application.Status.EXPERT_REVIEW, Application.Status.PUBLICITY)


@transaction.atomic
def record_site_visit(*, application, by, visited_on, visitors, findings, files=()):
    """files: [(upload, uploads.UploadInfo)], already checked."""
    if not permissions.can_manage_experts(by, application.campaign):
        raise PermissionDenied(_("You may not do this."))
    if application.status not in VISIT_STATES:
        raise workflow.TransitionError(
            _("An inspection is recorded while the application is in expert assessment.")
        )
    visit = SiteVisit.objects.create(
        application=application, visited_on=visited_on, visitors=visitors, findings=findings, recorded_by=by
    )
    for upload, info in files:
        row = SiteVisitFile(
            visit=visit,
            name=info.original_name[:255],
            content_type=info.content_type,
            size=info.size,
            sha256=info.sha256,
        )
        row.file.save(info.original_name, info.stored_file(upload), save=False)
        row.save()
    return visit
