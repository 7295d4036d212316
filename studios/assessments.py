"""Moves of the yearly assessment and of a title after it: keep, rectify by a deadline, downgrade, revoke.

Titles are not for life ("不搞终身制，每年考核、命名一次"). The naming union opens a
round; the grassroots union self-assesses; the naming union's reviewers score
each criterion and give a result; its head (APPROVE) records the decision. A
不合格 result, or a year without results (no patent, innovation, proposal or
measurable benefit), may only lead to rectification, downgrade or revocation.
The Studio moves ("revoke", "downgrade", "rectify") can also be made on their
own; a revoked naming is kept and marked, never deleted.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unions import access

from . import workflow
from .models import (
    Assessment,
    AssessmentResult,
    AssessmentRound,
    AssessmentScore,
    Naming,
    NamingLevel,
    Studio,
)

NAMED = Studio.Stage.NAMED.value
MATURE = Studio.Stage.MATURE.value
S = Assessment.Status


# --- the studio's title ------------------------------------------------------------------------


def active_namings(studio):
    """The studio's titles that are not revoked — read once per page when the page prefetched them."""
    prefetched = getattr(studio, "_prefetched_objects_cache", {}).get("namings")
    if prefetched is not None:
        return [n for n in prefetched if not n.revoked]
    return list(studio.namings.filter(revoked=False).select_related("named_by"))


def highest_naming(studio):
    namings = active_namings(studio)
    return max(namings, key=lambda n: NamingLevel.rank(n.level), default=None)


def may_decide_title(user, studio):
    """The head of the union that granted the studio's highest active title, or any union above it."""
    naming = highest_naming(studio)
    return naming is not None and access.can(user, access.APPROVE, naming.named_by)


def _naming_union(studio):
    naming = highest_naming(studio)
    return naming.named_by if naming else studio.host_union


def _revoke(naming, *, reason, today):
    naming.revoked = True
    naming.revoked_on = today
    naming.revoked_reason = reason
    naming.save(update_fields=["revoked", "revoked_on", "revoked_reason"])


def revoke_all_titles(studio, *, by, comment="", today=None, **kwargs):
    today = today or timezone.localdate()
    for naming in active_namings(studio):
        _revoke(naming, reason=comment, today=today)


def _lower_level(level):
    rank = NamingLevel.rank(level)
    return None if rank == 0 else list(NamingLevel)[rank - 1].value


def can_downgrade(studio, *, naming=None, **kwargs):
    naming = naming or highest_naming(studio)
    if naming is None or naming.revoked:
        raise workflow.TransitionError(_("This studio holds no active title."))
    if _lower_level(naming.level) is None:
        raise workflow.TransitionError(
            _("A company-level title cannot be downgraded further; revoke it instead.")
        )


def downgrade_title(studio, *, by, comment="", naming=None, today=None, **kwargs):
    """Mark the title revoked ("downgraded") and grant the next lower level in its place."""
    today = today or timezone.localdate()
    naming = naming or highest_naming(studio)
    lower = _lower_level(naming.level)
    _revoke(naming, reason=_("Downgraded: %(reason)s") % {"reason": comment}, today=today)
    if not studio.namings.filter(revoked=False, level=lower).exists():
        Naming.objects.create(
            studio=studio,
            level=lower,
            year=today.year,
            certificate_number=f"{naming.certificate_number}-D{today.year}",
            named_by=naming.named_by,
            named_on=today,
        )


workflow.register(
    Studio,
    "stage",
    [
        workflow.Move(
            action="revoke",
            sources=(NAMED,),
            target=MATURE,
            label=gettext_lazy("Revoke the title"),
            allowed=may_decide_title,
            effect=revoke_all_titles,
            union=_naming_union,
            needs_comment=True,
        ),
        workflow.Move(
            action="downgrade",
            sources=(NAMED,),
            target=NAMED,
            label=gettext_lazy("Downgrade the title"),
            allowed=may_decide_title,
            check=can_downgrade,
            effect=downgrade_title,
            union=_naming_union,
            needs_comment=True,
        ),
        workflow.Move(
            action="rectify",
            sources=(NAMED,),
            target=NAMED,
            label=gettext_lazy("Order rectification by a deadline"),
            allowed=may_decide_title,
            union=_naming_union,
            needs_comment=True,
        ),
    ],
)


# --- the assessment round ----------------------------------------------------------------------

UNDECIDED = (S.PENDING, S.SELF_ASSESSED, S.SCORED)


def approver_of_round(user, round_):
    return access.can(user, access.APPROVE, round_.union)


def nothing_undecided(round_, **kwargs):
    left = round_.assessments.filter(status__in=UNDECIDED).count()
    if left:
        raise workflow.TransitionError(
            _("%(count)s studios still await a decision; decide them before closing the round."),
            params={"count": left},
        )


workflow.register(
    AssessmentRound,
    "status",
    [
        workflow.Move(
            action="close",
            sources=(AssessmentRound.Status.OPEN.value,),
            target=AssessmentRound.Status.CLOSED.value,
            label=gettext_lazy("Close the round"),
            allowed=approver_of_round,
            check=nothing_undecided,
            union=lambda r: r.union,
        ),
    ],
)


# --- one studio's assessment -------------------------------------------------------------------


def staff_of_studio(user, assessment):
    return assessment.round.is_open and access.can(user, access.FILE, assessment.studio.host_union)


def reviewer_of_round(user, assessment):
    return assessment.round.is_open and access.can(user, access.REVIEW, assessment.round.union)


def approver(user, assessment):
    return access.can(user, access.APPROVE, assessment.round.union)


def _round_union(assessment):
    return assessment.round.union


def check_self_assessment(assessment, *, text="", **kwargs):
    if not (text or "").strip():
        raise workflow.TransitionError(_("Please write the self-assessment."))


def record_self_assessment(assessment, *, by, text="", **kwargs):
    from .services.assessments import refresh_summary

    assessment.self_assessment = text.strip()
    assessment.self_assessed_by = by
    refresh_summary(assessment)


def check_scores(assessment, *, scores=None, result="", **kwargs):
    criteria = {c.pk for c in assessment.studio.criteria_set.criteria.all()}
    if result not in AssessmentResult.values:
        raise workflow.TransitionError(_("Please choose a result."))
    if not scores or set(scores) != criteria:
        raise workflow.TransitionError(_("Please score every criterion."))


def record_scores(assessment, *, by, comment="", scores=None, result="", **kwargs):
    from .services.assessments import refresh_summary

    AssessmentScore.objects.bulk_create(
        [
            AssessmentScore(assessment=assessment, criterion_id=pk, score=score)
            for pk, score in scores.items()
        ],
        update_conflicts=True,
        unique_fields=["assessment", "criterion"],
        update_fields=["score"],
    )
    assessment.result = result
    assessment.review_comment = comment
    assessment.scored_by = by
    refresh_summary(assessment)


def may_keep(assessment, *, comment="", **kwargs):
    if assessment.status == S.SCORED and assessment.must_be_decided:
        raise workflow.TransitionError(
            _(
                "A studio that failed, or showed no results in the year, cannot simply keep its title: "
                "order rectification, downgrade or revoke it."
            )
        )
    if assessment.status == S.RECTIFYING and not (comment or "").strip():
        raise workflow.TransitionError(_("Please say how the studio rectified."))


def keep(assessment, *, by, comment="", **kwargs):
    assessment.decision_reason = comment


def failing_only(assessment, **kwargs):
    if assessment.status == S.SCORED and not assessment.must_be_decided:
        raise workflow.TransitionError(
            _("Only a studio that failed, or showed no results in the year, can lose or lower its title.")
        )


def check_rectify(assessment, *, deadline=None, **kwargs):
    failing_only(assessment)
    if not isinstance(deadline, datetime.date) or deadline <= timezone.localdate():
        raise workflow.TransitionError(_("Please give a deadline after today."))


def rectify(assessment, *, by, comment="", deadline=None, **kwargs):
    assessment.rectify_deadline = deadline
    assessment.decision_reason = comment
    note = _("Rectify by %(date)s: %(reason)s") % {"date": deadline.isoformat(), "reason": comment}
    workflow.transition(assessment.studio, "rectify", by=by, comment=note)


def check_downgrade(assessment, **kwargs):
    failing_only(assessment)
    can_downgrade(assessment.studio, naming=assessment.naming)


def downgrade(assessment, *, by, comment="", **kwargs):
    assessment.decision_reason = comment
    workflow.transition(assessment.studio, "downgrade", by=by, comment=comment, naming=assessment.naming)


def revoke(assessment, *, by, comment="", **kwargs):
    assessment.decision_reason = comment
    workflow.transition(assessment.studio, "revoke", by=by, comment=comment)


workflow.register(
    Assessment,
    "status",
    [
        workflow.Move(
            action="self_assess",
            sources=(S.PENDING.value, S.SELF_ASSESSED.value),
            target=S.SELF_ASSESSED.value,
            label=gettext_lazy("Submit the self-assessment"),
            allowed=staff_of_studio,
            check=check_self_assessment,
            effect=record_self_assessment,
            union=lambda a: a.studio.host_union,
        ),
        workflow.Move(
            action="score",
            sources=(S.PENDING.value, S.SELF_ASSESSED.value, S.SCORED.value),
            target=S.SCORED.value,
            label=gettext_lazy("Score and give a result"),
            allowed=reviewer_of_round,
            check=check_scores,
            effect=record_scores,
            union=_round_union,
        ),
        workflow.Move(
            action="keep",
            sources=(S.SCORED.value, S.RECTIFYING.value),
            target=S.PASSED.value,
            label=gettext_lazy("Keep the title"),
            allowed=approver,
            check=may_keep,
            effect=keep,
            union=_round_union,
        ),
        workflow.Move(
            action="rectify",
            sources=(S.SCORED.value,),
            target=S.RECTIFYING.value,
            label=gettext_lazy("Order rectification by a deadline"),
            allowed=approver,
            check=check_rectify,
            effect=rectify,
            union=_round_union,
            needs_comment=True,
        ),
        workflow.Move(
            action="downgrade",
            sources=(S.SCORED.value, S.RECTIFYING.value),
            target=S.DOWNGRADED.value,
            label=gettext_lazy("Downgrade the title"),
            allowed=approver,
            check=check_downgrade,
            effect=downgrade,
            union=_round_union,
            needs_comment=True,
        ),
        workflow.Move(
            action="revoke",
            sources=(S.SCORED.value, S.RECTIFYING.value),
            target=S.REVOKED.value,
            label=gettext_lazy("Revoke the title"),
            allowed=approver,
            check=failing_only,
            effect=revoke,
            union=_round_union,
            needs_comment=True,
        ),
    ],
)
