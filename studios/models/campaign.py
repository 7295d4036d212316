"""Campaigns (评选批次): who organises, what level they grant, eligibility rules, scoring dimensions, quotas.

The certificate number of a naming granted by a campaign is
``{certificate_prefix}-{year}-{serial:04d}``, e.g. ``省-2026-0001``: the serial counts
up per prefix and year over every naming ever granted with that prefix, so numbers
stay unique across campaigns of the same organiser and year.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unions.models import TEXT_MAX_LENGTH

from .studio import Honour, NamingLevel

# The prefix offered by default for each naming level.
DEFAULT_PREFIX = {
    NamingLevel.COMPANY: "企",
    NamingLevel.CITY: "市",
    NamingLevel.PROVINCIAL: "省",
    NamingLevel.NATIONAL: "全",
}


def naming_levels_for(union):
    """The titles a campaign organised by `union` may grant: those of its own level, never a higher
    one (a company union names company studios; only the national federation names national ones)."""
    from unions.models import Union

    return {
        Union.Level.NATIONAL: (NamingLevel.NATIONAL,),
        Union.Level.PROVINCIAL: (NamingLevel.PROVINCIAL,),
        Union.Level.CITY_OR_COMPANY: (NamingLevel.CITY, NamingLevel.COMPANY),
    }.get(union.level, ())


class CampaignQuerySet(models.QuerySet):
    def visible_to_subtree_of(self, union):
        """Campaigns whose organiser is this union or one of its ancestors (what a union may file in)."""
        paths = [union.path[:i] for i in range(union.steplen, len(union.path) + 1, union.steplen)]
        return self.filter(organiser__path__in=paths)


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for applications")
        CLOSED = "closed", _("Closed")

    organiser = models.ForeignKey(
        "unions.Union", on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("organiser")
    )
    title = models.CharField(_("title"), max_length=150)
    year = models.PositiveSmallIntegerField(_("year"))
    naming_level = models.CharField(_("naming level granted"), max_length=20, choices=NamingLevel.choices)
    criteria_set = models.ForeignKey(
        "studios.CriteriaSet", on_delete=models.PROTECT, related_name="+", verbose_name=_("criteria set")
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    description = models.TextField(max_length=TEXT_MAX_LENGTH, verbose_name=_("notice text"), blank=True)

    # Eligibility rules, each switchable (False / empty / null = off).
    require_mature = models.BooleanField(_("studio must be mature"), default=True)
    min_years_running = models.PositiveSmallIntegerField(
        _("minimum years running"), null=True, blank=True, help_text=_("Empty: no minimum.")
    )
    min_honour = models.CharField(
        _("minimum honour of the named person"),
        max_length=30,
        choices=Honour.choices,
        blank=True,
        help_text=_("Empty: no honour required."),
    )
    require_named_at_level = models.CharField(
        _("must already be named at"),
        max_length=20,
        choices=NamingLevel.choices,
        blank=True,
        help_text=_("Empty: no earlier naming required."),
    )

    publicity_working_days = models.PositiveSmallIntegerField(
        _("public notice period (working days)"), default=5, validators=[MinValueValidator(1)]
    )
    certificate_prefix = models.CharField(
        _("certificate number prefix"),
        max_length=10,
        help_text=_("Certificate numbers read PREFIX-YEAR-0001, e.g. 省-2026-0001."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "-opens_on", "pk"]
        indexes = [models.Index(fields=["organiser", "status"])]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if (
            self.organiser_id
            and self.naming_level
            and self.naming_level not in naming_levels_for(self.organiser)
        ):
            raise ValidationError(
                {
                    "naming_level": _(
                        "A campaign names studios at its organiser's level only: %(union)s cannot grant "
                        "this title."
                    )
                    % {"union": self.organiser.name}
                }
            )

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    def accepts_filing_on(self, day=None):
        day = day or timezone.localdate()
        return self.is_open and self.opens_on <= day <= self.closes_on

    def certificate_number(self, serial):
        return f"{self.certificate_prefix}-{self.year}-{serial:04d}"


class ScoringDimension(models.Model):
    """One dimension the experts score (0–100), weighted in the total."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="dimensions", verbose_name=_("campaign")
    )
    name = models.CharField(_("dimension"), max_length=50)
    description = models.CharField(_("what is scored"), max_length=200, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), default=20, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("scoring dimension")
        verbose_name_plural = _("scoring dimensions")
        ordering = ["campaign", "position", "pk"]

    def __str__(self):
        return f"{self.name}（{self.weight}%）"


class Quota(models.Model):
    """How many studios a union below the organiser may recommend (推荐名额)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("campaign")
    )
    union = models.ForeignKey(
        "unions.Union", on_delete=models.PROTECT, related_name="quotas", verbose_name=_("union")
    )
    places = models.PositiveSmallIntegerField(_("places"))

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["campaign", "union__path"]
        constraints = [models.UniqueConstraint(fields=["campaign", "union"], name="unique_quota_union")]

    def __str__(self):
        return f"{self.union} · {self.places}"
