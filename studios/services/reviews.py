"""Reviewing at each union: a verdict per criterion, a score, a decision; and reading the reviews back."""

from django.utils.translation import gettext as _

from .. import workflow
from ..models import CriterionVerdict, Review
from ..models.review import Decision, VerdictChoice

ACTION_FOR_DECISION = {Decision.RECOMMEND: "recommend", Decision.RETURN: "return", Decision.REJECT: "reject"}


def record_review(*, application, by, decision, score, reason, verdicts):
    """verdicts: {criterion_pk: (verdict, comment)} covering the campaign's criteria. Returns the application."""
    return workflow.transition(
        application,
        ACTION_FOR_DECISION[Decision(decision)],
        by=by,
        comment=reason,
        score=score,
        verdicts=verdicts,
    )


def check_review_data(application, *, score=None, verdicts=None, **kwargs):
    """Raise TransitionError unless the score and the per-criterion verdicts are complete and valid."""
    if score is None or not (0 <= int(score) <= 100):
        raise workflow.TransitionError(_("Give a score from 0 to 100."))
    criteria = list(application.campaign.criteria_set.criteria.all())
    verdicts = verdicts or {}
    missing = [c.name for c in criteria if verdicts.get(c.pk, ("", ""))[0] not in VerdictChoice.values]
    if missing:
        raise workflow.TransitionError(
            _("Give a verdict for every criterion: %(missing)s."), params={"missing": "、".join(missing)}
        )


def write_review(application, *, union, by, decision, score, reason, verdicts, rank=None):
    review = Review.objects.create(
        application=application,
        union=union,
        round=application.round,
        reviewer=by,
        score=int(score),
        decision=decision,
        reason=reason or "",
        rank=rank,
    )
    CriterionVerdict.objects.bulk_create(
        CriterionVerdict(review=review, criterion_id=pk, verdict=verdict, comment=comment or "")
        for pk, (verdict, comment) in verdicts.items()
    )
    return review


def reviews_of(application):
    """Every review of the application, oldest first, with verdicts (3 queries)."""
    return (
        Review.objects.filter(application=application)
        .select_related("union", "reviewer")
        .prefetch_related("verdicts__criterion")
        .order_by("created_at", "pk")
    )


def latest_reasons(application):
    """The last return (or rejection) review: what the filer must correct."""
    return (
        Review.objects.filter(application=application, decision__in=[Decision.RETURN, Decision.REJECT])
        .select_related("union", "reviewer")
        .prefetch_related("verdicts__criterion")
        .order_by("-created_at", "-pk")
        .first()
    )
