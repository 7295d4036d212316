"""The yearly assessment: open a round, summarise each studio's year from its ledgers, score, decide.

The ledgers belong to ledgers/, which studios/ never imports: the year's figures are
read through the reverse relations ledgers names on Studio (activities, trainings,
achievements, fund_entries), as correlated subqueries, one query for a whole round.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, DecimalField, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions, workflow
from ..models import Assessment, AssessmentResult, AssessmentRound, AssessmentScore, Naming, Studio
from . import reminders, titles

S = Assessment.Status

SUMMARY_FIELDS = (
    "activities",
    "training_headcount",
    "achievements",
    "patents",
    "innovations",
    "proposals",
    "economic_benefit",
    "funds_used",
)


def _related(name):
    return Studio._meta.get_field(name).related_model


def _year_subquery(relation, year, aggregate, output_field, **filters):
    """Subquery: `aggregate` over the studio's rows of `relation` dated in `year` (0 when none)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows = (
        _related(relation)
        .objects.filter(studio=OuterRef("pk"), date__gte=start, date__lte=end, **filters)
        .order_by()
        .values("studio")
        .annotate(value=aggregate)
        .values("value")
    )
    return Coalesce(Subquery(rows, output_field=output_field), Value(0), output_field=output_field)


def with_year_summary(studios, year):
    """Annotate each studio with the figures of its ledgers in `year`, in one query."""
    money = DecimalField(max_digits=14, decimal_places=2)
    integer = IntegerField()
    return studios.annotate(
        y_activities=_year_subquery("activities", year, Count("*"), integer),
        y_training_headcount=_year_subquery("trainings", year, Sum("headcount"), integer),
        y_achievements=_year_subquery("achievements", year, Count("*"), integer),
        y_patents=_year_subquery("achievements", year, Count("*"), integer, kind="patent"),
        y_innovations=_year_subquery("achievements", year, Count("*"), integer, kind="innovation"),
        y_proposals=_year_subquery("achievements", year, Count("*"), integer, kind="proposal"),
        y_economic_benefit=_year_subquery("achievements", year, Sum("economic_benefit"), money),
        y_funds_used=_year_subquery("fund_entries", year, Sum("amount"), money, direction="expenditure"),
    )


def _copy_summary(assessment, studio):
    for name in SUMMARY_FIELDS:
        value = getattr(studio, f"y_{name}") or 0
        setattr(assessment, name, Decimal(value) if name in ("economic_benefit", "funds_used") else value)
    assessment.summarised_at = timezone.now()


def refresh_summary(assessment):
    """Recompute the year's figures of one assessment (not saved; the caller saves)."""
    studio = with_year_summary(Studio.objects.filter(pk=assessment.studio_id), assessment.round.year).get()
    _copy_summary(assessment, studio)
    return assessment


def studios_to_assess(union, year):
    """Active namings granted by `union` before `year`, of studios still named: one per studio."""
    return (
        Naming.objects.filter(named_by=union, revoked=False, year__lt=year, studio__stage=Studio.Stage.NAMED)
        .select_related("studio")
        .order_by("studio_id", "-year", "-pk")
    )


def check_self_assess_by(day):
    if not isinstance(day, datetime.date) or day <= timezone.localdate():
        raise ValidationError(_("Please give a deadline after today."))


def open_round(*, union, year, by, self_assess_by=None):
    """Open the round of `union` for `year`: one assessment per studio it named, figures summarised;
    each studio's host union and leads are told what to self-assess by `self_assess_by` (by default
    30 days from today)."""
    if not permissions.can_open_round(by, union):
        raise PermissionDenied(_("You may not do this."))
    self_assess_by = self_assess_by or reminders.default_self_assess_by()
    check_self_assess_by(self_assess_by)
    if AssessmentRound.objects.filter(union=union, year=year).exists():
        raise ValidationError(
            _("The round of %(year)s is already open for this union."), params={"year": year}
        )
    with transaction.atomic():
        round_ = AssessmentRound.objects.create(
            union=union, year=year, opened_by=by, self_assess_by=self_assess_by
        )
        namings = {}
        for naming in studios_to_assess(union, year):
            namings.setdefault(naming.studio_id, naming)
        studios = with_year_summary(Studio.objects.filter(pk__in=namings), year)
        assessments = []
        for studio in studios:
            assessment = Assessment(round=round_, studio=studio, naming=namings[studio.pk])
            _copy_summary(assessment, studio)
            assessments.append(assessment)
        Assessment.objects.bulk_create(assessments)
        reminders.tell_round_opened(round_)
    return round_


def self_assess(*, assessment, by, text):
    return workflow.transition(assessment, "self_assess", by=by, text=text)


def score(*, assessment, by, scores, result, comment=""):
    """`scores` maps criterion pk → points (0–10)."""
    return workflow.transition(assessment, "score", by=by, comment=comment, scores=scores, result=result)


def decide(*, assessment, by, action, comment="", deadline=None):
    """keep / rectify (with `deadline`) / downgrade / revoke."""
    kwargs = {"deadline": deadline} if action == "rectify" else {}
    return workflow.transition(assessment, action, by=by, comment=comment, **kwargs)


def close_round(*, round_, by, comment=""):
    return workflow.transition(round_, "close", by=by, comment=comment)


# --- what the round's and each assessment's moves check and do (studios/machines/) -------------


UNDECIDED = (S.PENDING, S.SELF_ASSESSED, S.SCORED)


def nothing_undecided(round_, **kwargs):
    left = round_.assessments.filter(status__in=UNDECIDED).count()
    if left:
        raise workflow.TransitionError(
            _("%(count)s studios still await a decision; decide them before closing the round."),
            params={"count": left},
        )


def check_self_assessment(assessment, *, text="", **kwargs):
    if not (text or "").strip():
        raise workflow.TransitionError(_("Please write the self-assessment."))


def record_self_assessment(assessment, *, by, text="", **kwargs):
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


def check_keep(assessment, *, comment="", **kwargs):
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
    titles.check_downgrade(assessment.studio, naming=assessment.naming)


def downgrade(assessment, *, by, comment="", **kwargs):
    assessment.decision_reason = comment
    workflow.transition(assessment.studio, "downgrade", by=by, comment=comment, naming=assessment.naming)


def revoke(assessment, *, by, comment="", **kwargs):
    assessment.decision_reason = comment
    workflow.transition(assessment.studio, "revoke", by=by, comment=comment)
