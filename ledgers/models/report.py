"""The yearly statistics (统计年报) a union files upward, frozen when filed, and the API's tokens and calls."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class YearlyReport(models.Model):
    """A union's filed yearly report: the figures of its subtree as they stood when it was filed.

    Never changed after it is written: later ledger edits change the live figures, not a filed
    report. Filing the same union and year again writes a new version beside the old one (a
    correction filed upward); the highest version is the one in force.
    """

    union = models.ForeignKey(
        "unions.Union", on_delete=models.PROTECT, related_name="yearly_reports", verbose_name=_("union")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    figures = models.JSONField(_("figures"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("yearly statistics report")
        verbose_name_plural = _("yearly statistics reports")
        ordering = ["-year", "union__path", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year", "version"], name="unique_yearly_report_version")
        ]

    def __str__(self):
        return f"{self.union} {self.year} v{self.version}"


class ApiToken(models.Model):
    """A key another system reads the API with, scoped to its union's subtree; only its hash is kept."""

    union = models.ForeignKey(
        "unions.Union", on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("union")
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("Which system uses it, e.g. the city's portal.")
    )
    prefix = models.CharField(_("key prefix"), max_length=12, db_index=True)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None


class ApiCall(models.Model):
    """One call of the API: which token (none when it came without a valid one), what, the answer, when."""

    token = models.ForeignKey(
        ApiToken,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("token"),
    )
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=300)
    status = models.PositiveSmallIntegerField(_("status"))
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["token", "at"])]

    def __str__(self):
        return f"{self.method} {self.path} {self.status}"
