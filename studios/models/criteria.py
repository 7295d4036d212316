"""Criteria as data: a set ("七有", later "六好" …) of ordered criteria, each with the code of its rule."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from unions.models import TEXT_MAX_LENGTH

SEVEN_HAVES = "seven-haves"


def default_criteria_set():
    """The pk of the "七有" set (seeded by migration 0002), the default for every new studio."""
    return CriteriaSet.objects.filter(code=SEVEN_HAVES).values_list("pk", flat=True).first()


class CriteriaSet(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(max_length=TEXT_MAX_LENGTH, verbose_name=_("description"), blank=True)
    owner = models.ForeignKey(
        "unions.Union",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="criteria_sets",
        verbose_name=_("defined by"),
        help_text=_("Empty for the national sets every union may use."),
    )

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")

    def __str__(self):
        return self.name


class Criterion(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("criteria set")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=50)
    description = models.TextField(
        max_length=TEXT_MAX_LENGTH, verbose_name=_("what the evidence is"), blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # The code of the completeness rule in studios/completeness.py; empty means the
    # criterion is judged from its evidence (a description plus at least one file).
    rule = models.CharField(_("completeness rule"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "position"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="unique_criterion_code")]

    def __str__(self):
        return self.name
