"""Public notice (公示) of the studios to be named, and the objections it receives."""

from django.conf import settings
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


class Objection(models.Model):
    class Resolution(models.TextChoices):
        PENDING = "pending", _("Pending")
        UPHELD = "upheld", _("Upheld (not named)")
        DISMISSED = "dismissed", _("Dismissed")

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
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
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
