"""Campaigns (评选批次): who organises, what level they grant, eligibility rules, scoring dimensions, quotas.

The certificate number of a naming granted by a campaign follows the campaign's
`certificate_pattern` (default ``{prefix}-{year}-{seq:04d}``, e.g. ``浙工创-2026-0001``):
``{seq}`` is the next of the organiser's `CertificateSequence` for the year, which only
counts up (studios.services.documents.next_certificate_number), so a number is never reused.
"""

import string
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unions.models import TEXT_MAX_LENGTH

from .studio import Honour, NamingLevel

# Years a studio whose title was revoked (摘牌) waits before applying at that level again.
DEFAULT_REAPPLY_YEARS = 2

# The prefix offered by default for each naming level.
DEFAULT_PREFIX = {
    NamingLevel.COMPANY: "企",
    NamingLevel.CITY: "市",
    NamingLevel.PROVINCIAL: "省",
    NamingLevel.NATIONAL: "全",
}


CERTIFICATE_PATTERN = "{prefix}-{year}-{seq:04d}"
# The placeholders a certificate pattern may hold and a sample of each (to try a pattern on).
PATTERN_SAMPLES = {"prefix": "浙工创", "union": "浙工", "year": 2026, "seq": 9999}
CERTIFICATE_MAX_LENGTH = 40  # Naming.certificate_number


def validate_certificate_pattern(pattern):
    """Refuse a pattern with an unknown placeholder, without {seq}, or too long a number."""
    known = "、".join(f"{{{name}}}" for name in PATTERN_SAMPLES)
    try:
        fields = [name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name is not None]
    except ValueError as exc:
        raise ValidationError(
            _("The braces of the pattern do not pair up (write a placeholder as {seq:04d})."), code="braces"
        ) from exc
    unknown = [name for name in fields if name not in PATTERN_SAMPLES]
    if unknown:
        raise ValidationError(
            _("Unknown placeholder %(names)s; a pattern may use %(known)s."),
            params={"names": "、".join(f"{{{n}}}" for n in unknown), "known": known},
            code="unknown_placeholder",
        )
    if "seq" not in fields:
        raise ValidationError(
            _("The pattern needs the serial {seq} (e.g. {seq:04d}), or every number would be the same."),
            code="no_serial",
        )
    try:
        sample = pattern.format(**PATTERN_SAMPLES)
    except (ValueError, TypeError, IndexError, KeyError) as exc:
        raise ValidationError(
            _("A placeholder's format is not understood; write the serial as {seq} or {seq:04d}."),
            code="format",
        ) from exc
    if len(sample) > CERTIFICATE_MAX_LENGTH:
        raise ValidationError(
            _("A number of this pattern can run to %(length)s characters; at most %(max)s fit."),
            params={"length": len(sample), "max": CERTIFICATE_MAX_LENGTH},
            code="too_long",
        )


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


def decision_path(instance, filename):
    return f"private/decisions/{instance.pk}/{uuid.uuid4().hex}.pdf"


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

    # The exemplary tier (示范性) beside the ordinary title at the same level, with its own quota: how
    # many of the approved applications the decision meeting may mark for it (0: no such tier).
    exemplary_quota = models.PositiveSmallIntegerField(
        _("places in the exemplary tier (示范性)"),
        default=0,
        validators=[MaxValueValidator(1000)],
        help_text=_("0: the campaign names no exemplary tier."),
    )
    # After 摘牌: years before a studio whose title at this level was revoked may apply again.
    reapply_wait_years = models.PositiveSmallIntegerField(
        _("years before a studio whose title at this level was revoked may apply again"),
        default=DEFAULT_REAPPLY_YEARS,
        validators=[MaxValueValidator(20)],
    )
    # The score summary (专家评分汇总).
    score_spread_threshold = models.PositiveSmallIntegerField(
        _("flag a spread of experts' totals above (points)"),
        null=True,
        blank=True,
        default=20,
        validators=[MaxValueValidator(100)],
        help_text=_("Empty: no flag."),
    )
    trim_extremes = models.BooleanField(
        _("drop the highest and the lowest total when at least five experts scored"), default=False
    )

    publicity_working_days = models.PositiveSmallIntegerField(
        _("public notice period (working days)"), default=5, validators=[MinValueValidator(1)]
    )
    certificate_prefix = models.CharField(
        _("certificate number prefix"),
        max_length=10,
        help_text=_("Certificate numbers read PREFIX-YEAR-0001, e.g. 省-2026-0001."),
    )
    certificate_pattern = models.CharField(
        _("certificate number pattern"),
        max_length=60,
        default=CERTIFICATE_PATTERN,
        validators=[validate_certificate_pattern],
        help_text=_(
            "How certificate numbers read: {prefix} the prefix above, {union} the organiser's document "
            "prefix, {year} the campaign's year, {seq} the organiser's serial of the year ({seq:04d}: four "
            "digits), e.g. {prefix}-{year}-{seq:04d}."
        ),
    )
    # The 文号 of the organiser's naming decision (命名决定), given once, when it is first printed.
    decision_year = models.PositiveSmallIntegerField(
        _("decision number year"), null=True, blank=True, editable=False
    )
    decision_serial = models.PositiveIntegerField(
        _("decision number serial"), null=True, blank=True, editable=False
    )
    # The decision as issued (its first print with a studio named): a filed document, served as it
    # was from then on, whatever is revoked, renamed or changed later (services/documents.issue_decision).
    decision_issued_on = models.DateField(_("decision issued on"), null=True, blank=True, editable=False)
    decision_file = models.FileField(
        _("decision as issued"), upload_to=decision_path, max_length=300, blank=True, editable=False
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
    def has_exemplary_tier(self):
        return self.exemplary_quota > 0

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    def accepts_filing_on(self, day=None):
        day = day or timezone.localdate()
        return self.is_open and self.opens_on <= day <= self.closes_on

    def certificate_number(self, serial):
        """The number of the pattern for `serial` (studios.services.documents gives the serial)."""
        prefix = self.certificate_prefix or self.organiser.document_prefix or self.organiser.code
        values = {
            "prefix": prefix,
            "union": self.organiser.document_prefix or prefix,
            "year": self.year,
            "seq": serial,
        }
        try:
            return (self.certificate_pattern or CERTIFICATE_PATTERN).format(**values)
        except (ValueError, TypeError, IndexError, KeyError, AttributeError):
            # A pattern stored past the form's check (an import, the shell): the default, never a 500.
            return CERTIFICATE_PATTERN.format(**values)

    @property
    def sample_certificate_number(self):
        """The pattern's first number of the year, to show what numbers will look like."""
        return self.certificate_number(1)

    @property
    def decision_number(self):
        """The 文号 of the naming decision, e.g. 浙工〔2026〕4号; empty until it is first printed."""
        if self.decision_serial is None:
            return ""
        prefix = self.organiser.document_prefix or self.organiser.name
        return f"{prefix}〔{self.decision_year}〕{self.decision_serial}号"


class CertificateSequence(models.Model):
    """The last certificate serial an organiser gave in a year: it only counts up, so a number is
    never given twice, whatever is revoked or removed later."""

    organiser = models.ForeignKey(
        "unions.Union", on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last serial given"), default=0)

    class Meta:
        verbose_name = _("certificate sequence")
        verbose_name_plural = _("certificate sequences")
        constraints = [
            models.UniqueConstraint(fields=["organiser", "year"], name="one_certificate_sequence_per_year")
        ]

    def __str__(self):
        return f"{self.organiser} {self.year}: {self.last}"


class ScoringDimension(models.Model):
    """One dimension the experts score in points, from 0 to its own maximum (e.g. 创新团队 20 分).

    A campaign's maxima sum to 100 (checked on the dimensions form); an expert's total is the sum."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="dimensions", verbose_name=_("campaign")
    )
    name = models.CharField(_("dimension"), max_length=50)
    description = models.CharField(_("what is scored"), max_length=200, blank=True)
    max_points = models.PositiveSmallIntegerField(
        _("maximum points"), default=20, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("scoring dimension")
        verbose_name_plural = _("scoring dimensions")
        ordering = ["campaign", "position", "pk"]

    def __str__(self):
        return _("%(dimension)s (at most %(points)s points)") % {
            "dimension": self.name,
            "points": self.max_points,
        }


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
