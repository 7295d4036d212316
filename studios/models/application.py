"""The application (申报): one studio in one campaign, with its plan, statements and frozen snapshot."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase


def plan_path(instance, filename):
    # Private storage; the original name is kept on the row, never trusted on disk.
    return f"private/applications/{instance.campaign_id}/{uuid.uuid4().hex}"


class ApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=Application.CLOSED_STATES)

    def awaiting(self, union):
        """Waiting for this union's review."""
        return self.filter(current_union=union, status__in=Application.REVIEW_STATES)


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted, awaiting review")
        UNDER_REVIEW = "under_review", _("Under review")
        RECOMMENDED = "recommended", _("Recommended, to be sent up")
        RETURNED = "returned", _("Returned for revision")
        REJECTED = "rejected", _("Not recommended")
        RECEIPT = "receipt", _("Awaiting receipt at the organiser (形式审查)")
        EXPERT_REVIEW = "expert_review", _("Expert assessment")
        PUBLICITY = "publicity", _("To be named (public notice)")
        NAMED = "named", _("Named")
        NOT_NAMED = "not_named", _("Not named")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # States with no way forward: they free the studio for another application.
    CLOSED_STATES = (Status.REJECTED, Status.NAMED, Status.NOT_NAMED, Status.WITHDRAWN)
    # States in which `current_union` must review (record a decision).
    REVIEW_STATES = (Status.SUBMITTED, Status.UNDER_REVIEW)
    # States in which the filer holds the pen.
    FILER_STATES = (Status.DRAFT, Status.RETURNED)

    campaign = models.ForeignKey(
        "studios.Campaign", on_delete=models.PROTECT, related_name="applications", verbose_name=_("campaign")
    )
    studio = models.ForeignKey(
        "studios.Studio", on_delete=models.PROTECT, related_name="applications", verbose_name=_("studio")
    )
    filing_union = models.ForeignKey(
        "unions.Union",
        on_delete=models.PROTECT,
        related_name="filed_applications",
        verbose_name=_("filed by union"),
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # The union whose review (or, for draft/returned, whose filing) the application awaits.
    current_union = models.ForeignKey(
        "unions.Union",
        on_delete=models.PROTECT,
        related_name="awaiting_applications",
        verbose_name=_("awaiting"),
    )
    # Incremented on every (re)submission; reviews carry the round they belong to.
    round = models.PositiveSmallIntegerField(_("round"), default=0)

    plan = models.FileField(
        _("activity implementation plan"), upload_to=plan_path, max_length=300, blank=True
    )
    plan_name = models.CharField(_("plan file name"), max_length=255, blank=True)
    plan_content_type = models.CharField(_("content type"), max_length=100, blank=True)
    plan_size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    plan_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    # {criterion code: the filer's statement}
    statements = models.JSONField(_("statements per criterion"), default=dict, blank=True)
    # Frozen on each submission: the studio, its 七有 completeness, ledger figures and
    # evidence file list (with SHA-256) exactly as the reviewers saw them.
    snapshot = models.JSONField(_("snapshot at submission"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    publicity = models.ForeignKey(
        "studios.Publicity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("public notice"),
    )
    naming = models.OneToOneField(
        "studios.Naming",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("naming granted"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "pk"]
        permissions = [("assess_application", _("Assess this application as an expert"))]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "studio"],
                condition=~Q(status__in=["rejected", "named", "not_named", "withdrawn"]),
                name="one_open_application_per_studio_and_campaign",
            )
        ]
        indexes = [
            models.Index(fields=["campaign", "current_union", "status"]),
            models.Index(fields=["filing_union", "status"]),
        ]

    def __str__(self):
        return f"{self.studio} · {self.campaign}"

    @property
    def is_open(self):
        return self.status not in self.CLOSED_STATES

    @property
    def filer_may_edit(self):
        return self.status in self.FILER_STATES


class ApplicationUserObjectPermission(UserObjectPermissionBase):
    """Per-object grants: an expert assigned to an application may see and assess it."""

    content_object = models.ForeignKey(Application, on_delete=models.CASCADE, verbose_name=_("application"))

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("grant on an application")
        verbose_name_plural = _("grants on applications")
