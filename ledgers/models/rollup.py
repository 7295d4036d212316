"""Ledger figures rolled up per studio and year, kept current on every write.

Provincial and national figures over millions of ledger rows are read from these
rows (tens of thousands), never from a cache that could serve stale numbers:
ledgers/rollup.py refreshes the (studio, year) of each saved or deleted entry in
the same transaction.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StudioYear(models.Model):
    studio = models.ForeignKey(
        "studios.Studio", on_delete=models.CASCADE, related_name="ledger_years", verbose_name=_("studio")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    activities = models.PositiveIntegerField(_("activities"), default=0)
    trainings = models.PositiveIntegerField(_("training sessions"), default=0)  # 场次
    training_headcount = models.PositiveIntegerField(_("training head-count"), default=0)
    achievements = models.PositiveIntegerField(_("achievements"), default=0)
    economic_benefit = models.DecimalField(_("economic benefit"), max_digits=14, decimal_places=2, default=0)
    income = models.DecimalField(_("income"), max_digits=14, decimal_places=2, default=0)
    expenditure = models.DecimalField(_("expenditure"), max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("ledger figures of a year")
        verbose_name_plural = _("ledger figures of a year")
        constraints = [models.UniqueConstraint(fields=["studio", "year"], name="unique_studio_year")]
        indexes = [models.Index(fields=["year", "studio"])]

    def __str__(self):
        return f"{self.studio_id} {self.year}"


class LedgerSummary(models.Model):
    """The latest dates a studio logged anything, for the yellow/red warnings of long lists."""

    studio = models.OneToOneField(
        "studios.Studio", on_delete=models.CASCADE, related_name="ledger_summary", verbose_name=_("studio")
    )
    last_entry_on = models.DateField(_("last ledger entry"), null=True, blank=True)
    last_achievement_on = models.DateField(_("last achievement"), null=True, blank=True)

    class Meta:
        verbose_name = _("ledger summary")
        verbose_name_plural = _("ledger summaries")

    def __str__(self):
        return f"{self.studio_id}"
