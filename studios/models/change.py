"""A change in a studio's life after it is registered: its lead replaced (带头人变更), or the studio
dissolved (撤销/注销) because its unit closed or merged, or it was ended.

Filed by the host union (or a union above it), approved at the naming level
(permissions.can_approve_change); the moves are studios/machines/change.py, what they check and
do studios/services/changes.py. A request is never deleted: refused and withdrawn ones stay.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unions.models import TEXT_MAX_LENGTH

from .studio import Education, Gender, PoliticalStatus, SkillLevel

# The lead's particulars a lead change carries, named as on the Studio, copied to it on approval.
LEAD_FIELDS = (
    "person_name",
    "person_gender",
    "person_birth_date",
    "person_political_status",
    "person_education",
    "person_title",
    "person_skill_level",
    "person_post",
    "person_phone",
)


class StudioChangeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The requests of the studios the user sees (unions.access through Studio.visible_to)."""
        from .studio import Studio

        return self.filter(studio__in=Studio.objects.visible_to(user))

    def pending(self):
        return self.filter(status=StudioChange.Status.FILED)


class StudioChange(models.Model):
    class Kind(models.TextChoices):
        LEAD = "lead", _("Change of the studio lead")
        DISSOLUTION = "dissolution", _("Dissolution of the studio")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being filed")
        FILED = "filed", _("Filed, awaiting approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Cause(models.TextChoices):
        UNIT_CLOSED = "unit_closed", _("The host unit closed")
        UNIT_MERGED = "unit_merged", _("The host unit merged or moved away")
        STUDIO_ENDED = "studio_ended", _("The studio ended its work")
        OTHER = "other", _("Other")

    studio = models.ForeignKey(
        "studios.Studio", on_delete=models.PROTECT, related_name="changes", verbose_name=_("studio")
    )
    kind = models.CharField(_("kind of change"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    reason = models.TextField(_("reason"), max_length=TEXT_MAX_LENGTH)
    effective_on = models.DateField(_("effective on"))
    cause = models.CharField(_("cause of the dissolution"), max_length=20, choices=Cause.choices, blank=True)
    previous_person_name = models.CharField(_("previous lead"), max_length=50, blank=True)
    previous_name = models.CharField(_("previous studio name"), max_length=100, blank=True)
    new_name = models.CharField(
        _("new studio name"),
        max_length=100,
        blank=True,
        help_text=_("Only if the studio is renamed after its new lead."),
    )
    person_name = models.CharField(_("name of the new lead"), max_length=50, blank=True)
    person_gender = models.CharField(
        _("gender of the lead"), max_length=10, choices=Gender.choices, blank=True
    )
    person_birth_date = models.DateField(_("date of birth of the lead"), null=True, blank=True)
    person_political_status = models.CharField(
        _("political status of the lead"), max_length=30, choices=PoliticalStatus.choices, blank=True
    )
    person_education = models.CharField(
        _("education of the lead"), max_length=30, choices=Education.choices, blank=True
    )
    person_title = models.CharField(_("professional title of the lead"), max_length=50, blank=True)
    person_skill_level = models.CharField(
        _("skill level of the named person"), max_length=30, choices=SkillLevel.choices, blank=True
    )
    person_post = models.CharField(_("post of the named person"), max_length=100, blank=True)
    person_phone = models.CharField(_("phone of the lead"), max_length=30, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StudioChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("studio change")
        verbose_name_plural = _("studio changes")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["studio", "status"]), models.Index(fields=["status", "kind"])]

    def __str__(self):
        return f"{self.studio} · {self.get_kind_display()}"

    @property
    def is_dissolution(self):
        return self.kind == self.Kind.DISSOLUTION

    @property
    def is_lead_change(self):
        return self.kind == self.Kind.LEAD
