"""Creation funds (创建经费支持): a union grants money to a named studio; the grant is its own income line."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .ledger import FundEntry


class GrantSource(models.TextChoices):
    # The same codes as FundEntry.Source, so the income line carries the grant's source.
    UNION_FUNDS = FundEntry.Source.UNION_FUNDS.value, _("Union funds allocation")
    ADMINISTRATIVE = FundEntry.Source.ADMINISTRATIVE.value, _("Administrative support")


class GrantBatch(models.Model):
    """One grant document (文号) under which a union grants creation funds to many named studios at once.

    Each studio's money is its own `FundGrant` (and so its own income line); the batch holds the
    document, who granted it and the total. A union issues a 文号 once; a form submitted twice
    carries the same `key` and finds the batch already written.
    """

    union = models.ForeignKey(
        "unions.Union",
        on_delete=models.PROTECT,
        related_name="grant_batches",
        verbose_name=_("granting union"),
    )
    document_number = models.CharField(_("grant document number"), max_length=100)
    title = models.CharField(_("document title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))
    purpose = models.CharField(_("purpose"), max_length=300)
    source = models.CharField(_("source"), max_length=20, choices=GrantSource.choices)
    granted_on = models.DateField(_("granted on"))
    total = models.DecimalField(_("total (yuan)"), max_digits=14, decimal_places=2)
    key = models.CharField(_("submission key"), max_length=64, unique=True, editable=False)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("granted by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("batch grant")
        verbose_name_plural = _("batch grants")
        ordering = ["-granted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["union", "document_number"], name="grant_batch_document_once"),
            models.CheckConstraint(condition=models.Q(total__gt=0), name="grant_batch_total_positive"),
        ]

    def __str__(self):
        return f"{self.document_number} · {self.title}"


class FundGrant(models.Model):
    union = models.ForeignKey(
        "unions.Union", on_delete=models.PROTECT, related_name="fund_grants", verbose_name=_("granting union")
    )
    studio = models.ForeignKey(
        "studios.Studio", on_delete=models.PROTECT, related_name="fund_grants", verbose_name=_("studio")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    purpose = models.CharField(_("purpose"), max_length=300)
    document_number = models.CharField(_("document number"), max_length=100)
    source = models.CharField(_("source"), max_length=20, choices=GrantSource.choices)
    granted_on = models.DateField(_("granted on"))
    # The income line in the studio's funds ledger; the balance and 有经费 read it from there.
    fund_entry = models.OneToOneField(
        FundEntry, on_delete=models.PROTECT, related_name="grant", verbose_name=_("funds ledger line")
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("granted by")
    )
    # The document this grant was one line of, when the union granted to many studios at once.
    batch = models.ForeignKey(
        GrantBatch,
        on_delete=models.PROTECT,
        related_name="grants",
        null=True,
        blank=True,
        verbose_name=_("batch grant"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("creation-fund grant")
        verbose_name_plural = _("creation-fund grants")
        ordering = ["-year", "-granted_on", "-pk"]
        indexes = [models.Index(fields=["union", "year"]), models.Index(fields=["studio", "year"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="fund_grant_amount_positive")
        ]

    def __str__(self):
        return f"{self.studio} · {self.year} · {self.amount}"
