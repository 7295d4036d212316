"""A large Excel export, written by the worker (like a nomination package), for the person who asked."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Export(models.Model):
    class Kind(models.TextChoices):
        GRANTS = "grants", _("Creation funds by studio")
        STUDIOS = "studios", _("Studio search results")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being written")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="exports",
        verbose_name=_("requested by"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # What the list was filtered by (the query string of the page it was asked from), and a title.
    params = models.JSONField(_("filters"), default=dict)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Excel export")
        verbose_name_plural = _("Excel exports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self):
        return self.title

    @property
    def is_busy(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
