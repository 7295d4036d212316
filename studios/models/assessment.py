"""The yearly assessment (年度考核): a round per naming union and year, one assessment per named studio."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from unions.models import TEXT_MAX_LENGTH

MAX_CRITERION_SCORE = 10


class AssessmentRound(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    union = models.ForeignKey(
        "unions.Union",
        on_delete=models.PROTECT,
        related_name="assessment_rounds",
        verbose_name=_("naming union"),
    )
    year = models.PositiveSmallIntegerField(_("year assessed"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    # The day by which every studio's host union files its self-assessment (rounds opened before
    # the deadline was asked for have none).
    self_assess_by = models.DateField(_("self-assess by"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        ordering = ["-year", "union__path"]
        constraints = [models.UniqueConstraint(fields=["union", "year"], name="unique_assessment_round")]

    def __str__(self):
        return f"{self.union} · {self.year}"

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class AssessmentResult(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    PASS = "pass", _("Pass")
    BASIC_PASS = "basic_pass", _("Basic pass")
    FAIL = "fail", _("Fail")


class Assessment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting self-assessment")
        SELF_ASSESSED = "self_assessed", _("Self-assessed")
        SCORED = "scored", _("Scored, awaiting decision")
        PASSED = "passed", _("Title kept")
        RECTIFYING = "rectifying", _("Rectifying by a deadline")
        DOWNGRADED = "downgraded", _("Downgraded")
        REVOKED = "revoked", _("Title revoked")

    round = models.ForeignKey(
        AssessmentRound,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("assessment round"),
    )
    studio = models.ForeignKey(
        "studios.Studio", on_delete=models.PROTECT, related_name="assessments", verbose_name=_("studio")
    )
    naming = models.ForeignKey(
        "studios.Naming",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("naming assessed"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    # The year's ledger summary, computed from the ledgers (refreshed when scored), never typed in.
    activities = models.PositiveIntegerField(_("activities"), default=0)
    training_headcount = models.PositiveIntegerField(_("trainings (人次)"), default=0)
    achievements = models.PositiveIntegerField(_("achievements"), default=0)
    patents = models.PositiveIntegerField(_("patents"), default=0)
    innovations = models.PositiveIntegerField(_("technical innovations"), default=0)
    proposals = models.PositiveIntegerField(_("rationalisation proposals"), default=0)
    economic_benefit = models.DecimalField(
        _("economic benefit (10,000 yuan)"), max_digits=14, decimal_places=2, default=0
    )
    funds_used = models.DecimalField(_("funds used (yuan)"), max_digits=14, decimal_places=2, default=0)
    summarised_at = models.DateTimeField(_("summarised at"), null=True, blank=True)
    self_assessment = models.TextField(
        max_length=TEXT_MAX_LENGTH, verbose_name=_("self-assessment"), blank=True
    )
    self_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    result = models.CharField(_("result"), max_length=20, choices=AssessmentResult.choices, blank=True)
    review_comment = models.TextField(
        max_length=TEXT_MAX_LENGTH, verbose_name=_("reviewers' opinion"), blank=True
    )
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    rectify_deadline = models.DateField(_("rectify by"), null=True, blank=True)
    decision_reason = models.TextField(
        max_length=TEXT_MAX_LENGTH, verbose_name=_("reason for the decision"), blank=True
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["round", "studio__name_pinyin", "studio__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "studio"], name="unique_assessment_per_round")
        ]
        indexes = [models.Index(fields=["studio", "status"])]

    def __str__(self):
        return f"{self.studio} · {self.round.year}"

    @property
    def has_results(self):
        """Any patent, innovation, proposal or measurable benefit in the year."""
        return bool(self.patents or self.innovations or self.proposals or self.economic_benefit > 0)

    @property
    def must_be_decided(self):
        """不合格, or no results in the year: only revocation, downgrade or rectification may follow."""
        return self.result == AssessmentResult.FAIL or not self.has_results

    @property
    def total_score(self):
        return sum(s.score for s in self.scores.all())


class AssessmentScore(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("assessment")
    )
    criterion = models.ForeignKey(
        "studios.Criterion", on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    score = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(MAX_CRITERION_SCORE)])

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        ordering = ["criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="unique_assessment_score")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"


class AssessmentReminder(models.Model):
    """A reminder sent about one assessment: at most one of each kind, so a rerun sends nothing twice."""

    class Kind(models.TextChoices):
        RECTIFY_WEEK = "rectify_week", _("Rectification due in 7 days")
        RECTIFY_DAY = "rectify_day", _("Rectification due today")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("assessment")
    )
    kind = models.CharField(_("reminder"), max_length=20, choices=Kind.choices)
    due_on = models.DateField(_("due on"))
    sent_at = models.DateTimeField(_("reminded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment reminder")
        verbose_name_plural = _("assessment reminders")
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "kind"], name="unique_assessment_reminder")
        ]

    def __str__(self):
        return f"{self.assessment} · {self.get_kind_display()}"
