"""Expert assessment (专家评定): the organiser's expert pool, assignments, scores, and the decision meeting."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from unions.models import TEXT_MAX_LENGTH


class ExpertProfile(models.Model):
    """An account in an organiser's expert pool. Experts hold no union role: they see only their assignments."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="expert_profiles",
        verbose_name=_("account"),
    )
    organiser = models.ForeignKey(
        "unions.Union", on_delete=models.PROTECT, related_name="experts", verbose_name=_("expert pool of")
    )
    field = models.CharField(_("field of expertise"), max_length=100)
    unit = models.CharField(_("work unit"), max_length=150)
    # The union of the expert's own unit, when it lies in the tree (for the conflict check).
    union = models.ForeignKey(
        "unions.Union",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("union of the work unit"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["organiser", "user__full_name_pinyin", "user__full_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "organiser"], name="unique_expert_per_pool")]

    def __str__(self):
        return f"{self.user}（{self.unit}）"


class ExpertAssignment(models.Model):
    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Awaiting the conflict declaration")
        DECLARED = "declared", _("No conflict declared, awaiting scores")
        SUBMITTED = "submitted", _("Scores submitted")
        CONFLICT = "conflict", _("Declared a conflict of interest (withdrawn)")

    # States in which the expert still has something to do.
    PENDING_STATES = (Status.ASSIGNED, Status.DECLARED)

    application = models.ForeignKey(
        "studios.Application",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("application"),
    )
    expert = models.ForeignKey(
        ExpertProfile, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("expert")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ASSIGNED)
    comment = models.TextField(max_length=TEXT_MAX_LENGTH, verbose_name=_("overall comment"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assigned by")
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The conflict declaration (回避声明): when the expert declared no conflict, or a conflict.
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    # The sum of the points over the campaign's dimensions (0–100), stored when submitted.
    total = models.DecimalField(_("total points"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        ordering = ["application", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="unique_expert_per_application")
        ]

    def __str__(self):
        return f"{self.expert} · {self.application}"

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED

    @property
    def is_declared(self):
        """The expert declared no conflict: the application is open to them."""
        return self.status in (self.Status.DECLARED, self.Status.SUBMITTED)

    @property
    def is_conflict(self):
        return self.status == self.Status.CONFLICT

    @property
    def may_be_removed(self):
        return self.status in self.PENDING_STATES


class ExpertScore(models.Model):
    assignment = models.ForeignKey(
        ExpertAssignment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("assignment")
    )
    dimension = models.ForeignKey(
        "studios.ScoringDimension", on_delete=models.PROTECT, related_name="+", verbose_name=_("dimension")
    )
    # Points, from 0 to the dimension's maximum (checked by services.experts.check_scores).
    score = models.PositiveSmallIntegerField(_("points"), validators=[MaxValueValidator(100)])

    class Meta:
        verbose_name = _("expert score")
        verbose_name_plural = _("expert scores")
        ordering = ["assignment", "dimension__position"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "dimension"], name="unique_score_per_dimension")
        ]

    def __str__(self):
        return f"{self.dimension.name}: {self.score}"


def minutes_path(instance, filename):
    return f"private/meetings/{instance.campaign_id}/{uuid.uuid4().hex}"


class Meeting(models.Model):
    """The decision meeting (会议研究) of the organiser."""

    campaign = models.ForeignKey(
        "studios.Campaign", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("campaign")
    )
    held_on = models.DateField(_("held on"))
    attendees = models.TextField(max_length=TEXT_MAX_LENGTH, verbose_name=_("attendees"))
    decisions = models.TextField(max_length=TEXT_MAX_LENGTH, verbose_name=_("what was decided"), blank=True)
    minutes = models.FileField(_("minutes"), upload_to=minutes_path, max_length=300, blank=True)
    minutes_name = models.CharField(_("minutes file name"), max_length=255, blank=True)
    minutes_content_type = models.CharField(_("content type"), max_length=100, blank=True)
    minutes_size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    minutes_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision meeting")
        verbose_name_plural = _("decision meetings")
        ordering = ["campaign", "held_on", "pk"]

    def __str__(self):
        return f"{self.campaign} · {self.held_on}"


class MeetingDecision(models.Model):
    """The meeting's decision on one application (approve / not approve), with the vote where one was taken.

    Only an application whose latest decision is to approve may go on public notice (公示):
    services.experts.approved_applications."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approve (to public notice)")
        NOT_APPROVE = "not_approve", _("Not approve")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("decision meeting")
    )
    application = models.ForeignKey(
        "studios.Application",
        on_delete=models.PROTECT,
        related_name="meeting_decisions",
        verbose_name=_("application"),
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    # An approval may name the studio in the campaign's exemplary tier (示范性), within its quota.
    exemplary = models.BooleanField(_("exemplary tier (示范性)"), default=False)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    votes_abstaining = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting decision")
        verbose_name_plural = _("meeting decisions")
        ordering = ["meeting", "application", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "application"], name="one_decision_per_meeting_and_application"
            )
        ]

    def __str__(self):
        return f"{self.application} · {self.get_decision_display()}"

    @property
    def was_voted(self):
        return any(v is not None for v in (self.votes_for, self.votes_against, self.votes_abstaining))


def visit_file_path(instance, filename):
    return f"private/site-visits/{instance.visit.application_id}/{uuid.uuid4().hex}"


class SiteVisit(models.Model):
    """An on-site inspection (现场考察) of an application by the organiser: when, who, what was found."""

    application = models.ForeignKey(
        "studios.Application",
        on_delete=models.PROTECT,
        related_name="site_visits",
        verbose_name=_("application"),
    )
    visited_on = models.DateField(_("visited on"))
    visitors = models.TextField(max_length=TEXT_MAX_LENGTH, verbose_name=_("who visited"))
    findings = models.TextField(max_length=TEXT_MAX_LENGTH, verbose_name=_("findings"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("on-site inspection")
        verbose_name_plural = _("on-site inspections")
        ordering = ["application", "-visited_on", "-pk"]

    def __str__(self):
        return f"{self.application} · {self.visited_on}"


class SiteVisitFile(models.Model):
    """A file of an on-site inspection (record, photos), checked like every upload."""

    visit = models.ForeignKey(
        SiteVisit, on_delete=models.CASCADE, related_name="files", verbose_name=_("visit")
    )
    file = models.FileField(_("file"), upload_to=visit_file_path, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("inspection file")
        verbose_name_plural = _("inspection files")
        ordering = ["visit", "pk"]

    def __str__(self):
        return self.name
