"""Studio alliances (工作室联盟): studios of several units, led by one of them, registered by a union.

The registering union's subtree holds every member studio (ledgers/alliances.py checks it); an
activity the lead studio logs on behalf of the alliance (`Activity.alliance`) counts for every
member in its activity figures (ledgers/figures.py, kept in ledgers_studioyear by ledgers/rollup.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from unions.models import TEXT_MAX_LENGTH


class AllianceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Alliances registered by a union of the user's subtree, and those with a member studio the user
        sees (its lead, its loggers, the staff of its host union)."""
        from studios.models import Studio
        from unions import access

        if not (user.is_authenticated and user.is_active):
            return self.none()
        q = access.subtree_q(user, access.VIEW, via="union")
        if q is None:
            return self
        members = Alliance.members.through.objects.filter(studio__in=Studio.objects.visible_to(user))
        return self.filter(q | Q(pk__in=members.values("alliance_id")))


class Alliance(models.Model):
    name = models.CharField(_("alliance name"), max_length=100)
    union = models.ForeignKey(
        "unions.Union", on_delete=models.PROTECT, related_name="alliances", verbose_name=_("registered by")
    )
    lead_studio = models.ForeignKey(
        "studios.Studio",
        on_delete=models.PROTECT,
        related_name="alliances_led",
        verbose_name=_("lead studio"),
    )
    members = models.ManyToManyField(
        "studios.Studio", related_name="alliances", verbose_name=_("member studios")
    )
    founded_on = models.DateField(_("founded on"))
    description = models.TextField(max_length=TEXT_MAX_LENGTH, verbose_name=_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AllianceQuerySet.as_manager()

    class Meta:
        verbose_name = _("studio alliance")
        verbose_name_plural = _("studio alliances")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["union", "name"], name="unique_alliance_name_per_union")
        ]

    def __str__(self):
        return self.name
