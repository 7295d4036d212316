"""The nomination package (推荐材料包): what one union sends up in a campaign, compiled by a worker.

The row is also the compile job: the worker writes its progress (percent and the
current step) here and the page polls it, so no Celery result backend is needed.
`application_ids` is the ranked list frozen when the compile is requested: the
worker builds from it, so compiling the same package twice gives the same content.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from unions.models import TEXT_MAX_LENGTH


def package_path(instance, filename):
    # Every compile writes a new name; the row switches to it only once the zip is complete.
    return f"private/packages/{instance.campaign_id}/{instance.union_id}/{uuid.uuid4().hex}.zip"


class NominationPackage(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Not compiled yet")
        QUEUED = "queued", _("Queued for compiling")
        COMPILING = "compiling", _("Compiling")
        READY = "ready", _("Ready to send")
        FAILED = "failed", _("Compiling failed")
        SENT = "sent", _("Sent")

    # The worker is at work (or about to be): a second request must not queue another compile.
    BUSY_STATES = (Status.QUEUED, Status.COMPILING)

    campaign = models.ForeignKey(
        "studios.Campaign", on_delete=models.PROTECT, related_name="packages", verbose_name=_("campaign")
    )
    union = models.ForeignKey(
        "unions.Union",
        on_delete=models.PROTECT,
        related_name="packages_sent",
        verbose_name=_("sending union"),
    )
    # The parent union that receives the package once sent.
    recipient = models.ForeignKey(
        "unions.Union",
        on_delete=models.PROTECT,
        related_name="packages_received",
        null=True,
        blank=True,
        verbose_name=_("receiving union"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("current step"), max_length=200, blank=True)
    error = models.TextField(_("error message"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The ranked applications, frozen when the compile is requested.
    application_ids = models.JSONField(_("applications in rank order"), default=list, blank=True)
    # What the union writes in its cover letter about the review and 公示 it held.
    statement = models.TextField(
        max_length=TEXT_MAX_LENGTH, verbose_name=_("review and public notice at this level"), blank=True
    )
    # The cover letter's 文号: given once, on the first compile, and never reused (unique per union and year).
    letter_year = models.PositiveSmallIntegerField(_("year of the letter number"), null=True, blank=True)
    letter_serial = models.PositiveIntegerField(_("serial of the letter number"), null=True, blank=True)
    file = models.FileField(_("package file"), upload_to=package_path, max_length=300, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    compiled_at = models.DateTimeField(_("compiled at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("nomination package")
        verbose_name_plural = _("nomination packages")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One package in the making per union and campaign; sent ones are kept for ever.
            models.UniqueConstraint(
                fields=["campaign", "union"],
                condition=~Q(status="sent"),
                name="one_unsent_package_per_union_and_campaign",
            ),
            models.UniqueConstraint(
                fields=["union", "letter_year", "letter_serial"],
                name="unique_letter_number_per_union_and_year",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "status", "sent_at"]),
            models.Index(fields=["campaign", "union", "status"]),
        ]

    def __str__(self):
        return f"{self.union} · {self.campaign}"

    @property
    def is_busy(self):
        return self.status in self.BUSY_STATES

    @property
    def count(self):
        return len(self.application_ids)

    @property
    def letter_number(self):
        """The cover letter's 文号, e.g. 浙能工〔2026〕3号; empty until the first compile gives it."""
        if self.letter_serial is None:
            return ""
        prefix = self.union.document_prefix or self.union.name
        return f"{prefix}〔{self.letter_year}〕{self.letter_serial}号"

    @property
    def download_name(self):
        """The readable name a person downloads (the stored name is opaque)."""
        return f"{self.campaign.title}_{self.union.name}_推荐材料包.zip"
