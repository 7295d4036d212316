"""A union's review of an application: a verdict per criterion, a score, a decision, a rank."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from unions.models import TEXT_MAX_LENGTH


class Decision(models.TextChoices):
    RECOMMEND = "recommend", _("Recommend")
    RETURN = "return", _("Return for revision")
    REJECT = "reject", _("Do not recommend")


class VerdictChoice(models.TextChoices):
    MET = "met", _("Met (达标)")
    BASIC = "basic", _("Basically met (基本达标)")
    UNMET = "unmet", _("Not met (不达标)")


class Review(models.Model):
    """Written by the union the application awaits; kept for ever (a new round adds a new row)."""

    application = models.ForeignKey(
        "studios.Application", on_delete=models.PROTECT, related_name="reviews", verbose_name=_("application")
    )
    union = models.ForeignKey(
        "unions.Union", on_delete=models.PROTECT, related_name="reviews", verbose_name=_("reviewing union")
    )
    round = models.PositiveSmallIntegerField(_("round"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewer")
    )
    score = models.PositiveSmallIntegerField(_("score (0–100)"), validators=[MaxValueValidator(100)])
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reason = models.TextField(max_length=TEXT_MAX_LENGTH, verbose_name=_("reason / comment"), blank=True)
    # Order among this union's recommendations in the campaign, with the reason for it (优中选优).
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    rank_reason = models.TextField(
        max_length=TEXT_MAX_LENGTH, verbose_name=_("reason for the rank"), blank=True
    )
    # Set when the union sent its recommendations up: from then on the review is frozen.
    sent_up_at = models.DateTimeField(_("sent up at"), null=True, blank=True)
    created_at = models.DateTimeField(_("reviewed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["union", "decision", "round"])]

    def __str__(self):
        return f"{self.union} · {self.get_decision_display()}"

    @property
    def is_frozen(self):
        return self.sent_up_at is not None


class CriterionVerdict(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="verdicts", verbose_name=_("review")
    )
    criterion = models.ForeignKey(
        "studios.Criterion", on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    verdict = models.CharField(_("verdict"), max_length=10, choices=VerdictChoice.choices)
    comment = models.TextField(max_length=TEXT_MAX_LENGTH, verbose_name=_("comment"), blank=True)

    class Meta:
        verbose_name = _("criterion verdict")
        verbose_name_plural = _("criterion verdicts")
        ordering = ["review", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="unique_verdict_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion} · {self.get_verdict_display()}"
