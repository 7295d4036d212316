"""Public notice (公示) of the studios to be named, and the objections it receives."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unions.models import TEXT_MAX_LENGTH


class Publicity(models.Model):
    """A published list of studios to be named, for a period counted in working days."""

    campaign = models.ForeignKey(
        "studios.Campaign", on_delete=models.PROTECT, related_name="publicities", verbose_name=_("campaign")
    )
    starts_on = models.DateField(_("starts on"))
    # The last working day of the period on the Chinese holiday calendar (see services.publicity).
    ends_on = models.DateField(_("ends on"))
    working_days = models.PositiveSmallIntegerField(_("working days"))
    text = models.TextField(max_length=TEXT_MAX_LENGTH, verbose_name=_("notice text"), blank=True)
    # Who the public writes to or calls with an objection (printed on the public page).
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("published by")
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        ordering = ["campaign", "starts_on", "pk"]

    def __str__(self):
        return f"{self.campaign} · {self.starts_on}–{self.ends_on}"

    def has_ended(self, day=None):
        return (day or timezone.localdate()) > self.ends_on

    def is_running(self, day=None):
        day = day or timezone.localdate()
        return self.starts_on <= day <= self.ends_on

    def has_started(self, day=None):
        return (day or timezone.localdate()) >= self.starts_on

    def clean(self):
        """No backdating: a notice starts no earlier than the day it is published, nor than the
        decision meeting (`meeting_day`, set by the service from the campaign's meetings)."""
        starts, errors = [], {}
        published = (
            timezone.localtime(self.published_at).date() if self.published_at else timezone.localdate()
        )
        if self.starts_on and self.starts_on < published:
            starts.append(
                _("A public notice cannot start before the day it is published (%(day)s).")
                % {"day": published.isoformat()}
            )
        meeting_day = getattr(self, "meeting_day", None)
        if self.starts_on and meeting_day and self.starts_on < meeting_day:
            starts.append(
                _("A public notice cannot start before the decision meeting (%(day)s).")
                % {"day": meeting_day.isoformat()}
            )
        if starts:
            errors["starts_on"] = starts
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The notice cannot end before it starts.")
        if errors:
            raise ValidationError(errors)


def objection_path(instance, filename):
    # Private storage path; the original name is kept on the row, never trusted on disk.
    return f"private/objections/{instance.publicity_id}/{uuid.uuid4().hex}"


class Objection(models.Model):
    class Resolution(models.TextChoices):
        PENDING = "pending", _("Pending")
        UPHELD = "upheld", _("Upheld (not named)")
        DISMISSED = "dismissed", _("Dismissed")

    class Source(models.TextChoices):
        RECORDED = "recorded", _("Recorded by the organiser")
        PUBLIC = "public", _("Filed on the public page")

    publicity = models.ForeignKey(
        Publicity, on_delete=models.PROTECT, related_name="objections", verbose_name=_("public notice")
    )
    application = models.ForeignKey(
        "studios.Application",
        on_delete=models.PROTECT,
        related_name="objections",
        verbose_name=_("application"),
    )
    received_on = models.DateField(_("received on"))
    text = models.TextField(max_length=TEXT_MAX_LENGTH, verbose_name=_("objection"))
    # Null for an objection filed by the public on the public page.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.RECORDED)
    # Who objects (real name: a named person or a unit): required on the public page.
    objector_name = models.CharField(_("name of the objector"), max_length=50, blank=True)
    objector_phone = models.CharField(_("phone of the objector"), max_length=30, blank=True)
    objector_unit = models.CharField(_("unit of the objector"), max_length=150, blank=True)
    attachment = models.FileField(_("attachment"), upload_to=objection_path, max_length=300, blank=True)
    attachment_name = models.CharField(_("attachment file name"), max_length=255, blank=True)
    attachment_content_type = models.CharField(_("content type"), max_length=100, blank=True)
    attachment_size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    attachment_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    resolution = models.CharField(
        _("resolution"), max_length=20, choices=Resolution.choices, default=Resolution.PENDING
    )
    resolution_note = models.TextField(
        max_length=TEXT_MAX_LENGTH, verbose_name=_("reason / note"), blank=True
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["publicity", "received_on", "pk"]

    def __str__(self):
        return f"{self.application} · {self.get_resolution_display()}"
