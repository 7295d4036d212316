"""The studio, the namings it holds, and its 七有 evidence."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from unions import pinyin
from unions.models import TEXT_MAX_LENGTH

from .criteria import default_criteria_set


class StudioType(models.TextChoices):
    # A context keeps these apart from the activity kinds of the same English name (技术攻关型 vs 技术攻关).
    TECHNICAL = "technical", pgettext_lazy("studio type", "Technical breakthrough")
    SKILLS = "skills", pgettext_lazy("studio type", "Skill transfer")
    SERVICE = "service", pgettext_lazy("studio type", "Service demonstration")
    MANAGEMENT = "management", pgettext_lazy("studio type", "Management innovation")


class Topic(models.TextChoices):
    COST = "cost", _("Cost reduction")
    ENERGY = "energy", _("Energy saving and emission reduction")
    RETROFIT = "retrofit", _("Technical retrofit")
    INNOVATION = "innovation", pgettext_lazy("topic", "Technical innovation")
    SAFETY = "safety", _("Work safety")
    QUALITY = "quality", _("Quality improvement")
    OTHER = "other", _("Other")


class Honour(models.TextChoices):
    """Honours of the named person, from the highest down; the order is the rank."""

    NATIONAL_MODEL = "national_model", _("National model worker")
    NATIONAL_MAY_FIRST = "national_may1", _("National May 1st Labour Medal")
    NATIONAL_CRAFTSMAN = "national_craftsman", _("National craftsman")
    PROVINCIAL_MODEL = "provincial_model", _("Provincial / ministerial model worker")
    PROVINCIAL_MAY_FIRST = "provincial_may1", _("Provincial May 1st Labour Medal")
    PROVINCIAL_CRAFTSMAN = "provincial_craftsman", _("Provincial craftsman")
    TECHNICAL_EXPERT = "technical_expert", _("Technical expert (技术能手)")
    CITY_MODEL = "city_model", _("City / company model worker")

    @classmethod
    def rank(cls, value):
        """0 is the highest honour; unknown values rank last."""
        values = [c.value for c in cls]
        return values.index(value) if value in values else len(values)


class SkillLevel(models.TextChoices):
    SENIOR_TECHNICIAN = "senior_technician", _("Senior technician")
    TECHNICIAN = "technician", _("Technician")
    SENIOR_WORKER = "senior_worker", _("Senior worker")
    INTERMEDIATE = "intermediate", _("Intermediate worker")
    JUNIOR = "junior", _("Junior worker")
    SENIOR_ENGINEER = "senior_engineer", _("Senior engineer")
    ENGINEER = "engineer", _("Engineer")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class PoliticalStatus(models.TextChoices):
    CPC_MEMBER = "cpc_member", _("CPC member")
    CPC_PROBATIONARY = "cpc_probationary", _("Probationary CPC member")
    LEAGUE_MEMBER = "league_member", _("Communist Youth League member")
    DEMOCRATIC_PARTY = "democratic_party", _("Member of a democratic party")
    NON_PARTISAN = "non_partisan", _("Non-partisan")
    MASSES = "masses", _("Ordinary citizen")


class Education(models.TextChoices):
    DOCTORATE = "doctorate", _("Doctorate")
    MASTER = "master", _("Master's degree")
    BACHELOR = "bachelor", _("Bachelor's degree")
    COLLEGE = "college", _("Junior college")
    SECONDARY_VOCATIONAL = "secondary_vocational", _("Secondary vocational or technical school")
    HIGH_SCHOOL = "high_school", _("Senior high school")
    JUNIOR_HIGH = "junior_high", _("Junior high school or below")


class HonourLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial / ministerial")
    CITY = "city", _("City / company")


# The level each honour is awarded at (the 申报表 prints it beside the honour and its year).
HONOUR_LEVELS = {
    Honour.NATIONAL_MODEL: HonourLevel.NATIONAL,
    Honour.NATIONAL_MAY_FIRST: HonourLevel.NATIONAL,
    Honour.NATIONAL_CRAFTSMAN: HonourLevel.NATIONAL,
    Honour.PROVINCIAL_MODEL: HonourLevel.PROVINCIAL,
    Honour.PROVINCIAL_MAY_FIRST: HonourLevel.PROVINCIAL,
    Honour.PROVINCIAL_CRAFTSMAN: HonourLevel.PROVINCIAL,
    Honour.TECHNICAL_EXPERT: HonourLevel.PROVINCIAL,
    Honour.CITY_MODEL: HonourLevel.CITY,
}

# The bounds of the free texts the printed form carries (its boxes are a page at most).
INTRODUCTION_MAX = 1500
DEEDS_MAX = 3000


class NamingLevel(models.TextChoices):
    COMPANY = "company", _("Company level")
    CITY = "city", _("City level")
    PROVINCIAL = "provincial", _("Provincial level")
    NATIONAL = "national", _("National level")

    @classmethod
    def rank(cls, value):
        """Higher is more senior: company 0 … national 3."""
        return [c.value for c in cls].index(value)


class NamingTier(models.TextChoices):
    """A title's tier at its level: a campaign may name some studios 示范性 beside the ordinary title."""

    ORDINARY = "ordinary", _("Ordinary")
    EXEMPLARY = "exemplary", _("Exemplary (示范性)")


def title_level(level, tier=NamingTier.ORDINARY):
    """A title's level in words with its tier, e.g. 省级示范性 or 省级."""
    label = NamingLevel(level).label if level in NamingLevel.values else level
    if tier == NamingTier.EXEMPLARY:
        return _("%(level)s exemplary") % {"level": label}
    return label


class StudioQuerySet(models.QuerySet):
    def within(self, union):
        return self.filter(host_union__path__startswith=union.path)

    def visible_to(self, user):
        """Studios of the user's subtree, plus those they lead or were allowed to log for."""
        from unions import access

        if not (user.is_authenticated and user.is_active):
            return self.none()
        return access.scope(
            self,
            user,
            via="host_union",
            perm=access.VIEW,
            object_perm=("studios.lead_studio", "studios.log_ledger"),
        )

    def editable_by(self, user):
        """Studios the user may register, edit and prove: staff (FILE) on the host union's subtree."""
        from unions import access

        return access.scope(self, user, via="host_union", perm=access.FILE)

    def led_by(self, user):
        """Studios on which the user holds the lead grant."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        leads = StudioUserObjectPermission.objects.filter(
            user=user, permission__codename="lead_studio", permission__content_type__app_label="studios"
        ).values("content_object_id")
        return self.filter(pk__in=leads)

    def named(self):
        return self.filter(stage=Studio.Stage.NAMED)


class Studio(models.Model):
    class Stage(models.TextChoices):
        CULTIVATING = "cultivating", _("Cultivating")
        MATURE = "mature", _("Mature")
        NAMED = "named", _("Named")
        # 撤销/注销: its unit closed or merged, or it ended; kept, read-only, with its titles inactive.
        DISSOLVED = "dissolved", _("Dissolved")

    name = models.CharField(_("studio name"), max_length=100)
    # The name's pinyin and initials (unions.pinyin): lists in pinyin order, searches by pinyin.
    name_pinyin = models.CharField(max_length=pinyin.KEY_MAX_LENGTH, blank=True, editable=False)
    name_initials = models.CharField(max_length=pinyin.KEY_MAX_LENGTH, blank=True, editable=False)
    # The lead's name too: a search by "wang" or "whf" finds 王海峰's studio.
    person_name_pinyin = models.CharField(max_length=pinyin.KEY_MAX_LENGTH, blank=True, editable=False)
    person_name_initials = models.CharField(max_length=pinyin.KEY_MAX_LENGTH, blank=True, editable=False)
    person_name = models.CharField(_("named after"), max_length=50)
    person_post = models.CharField(_("post of the named person"), max_length=100, blank=True)
    person_honours = models.JSONField(_("honours"), default=list, blank=True)
    person_skill_level = models.CharField(
        _("skill level of the named person"), max_length=30, choices=SkillLevel.choices, blank=True
    )
    person_expertise = models.TextField(max_length=TEXT_MAX_LENGTH, verbose_name=_("expertise"), blank=True)
    # The lead's particulars the 申报表 asks for; all optional, so older studios stay valid.
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
    person_title = models.CharField(
        _("professional title of the lead"), max_length=50, blank=True, help_text=_("E.g. senior engineer.")
    )
    person_phone = models.CharField(_("phone of the lead"), max_length=30, blank=True)
    # {honour code: year awarded}, for the honours in person_honours.
    person_honour_years = models.JSONField(_("years of the honours"), default=dict, blank=True)
    introduction = models.TextField(_("introduction of the studio"), max_length=INTRODUCTION_MAX, blank=True)
    main_deeds = models.TextField(_("main deeds"), max_length=DEEDS_MAX, blank=True)
    host_union = models.ForeignKey(
        "unions.Union", on_delete=models.PROTECT, related_name="studios", verbose_name=_("host union")
    )
    unit = models.CharField(_("host unit"), max_length=150, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=StudioType.choices)
    topics = models.JSONField(_("main topics"), default=list, blank=True)
    site_address = models.CharField(_("site address"), max_length=200, blank=True)
    site_area = models.DecimalField(
        _("site area (m²)"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    site_equipment = models.TextField(max_length=TEXT_MAX_LENGTH, verbose_name=_("equipment"), blank=True)
    founded_on = models.DateField(_("founded on"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.CULTIVATING)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    criteria_set = models.ForeignKey(
        "studios.CriteriaSet",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("criteria set"),
        default=default_criteria_set,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = StudioQuerySet.as_manager()
    # Every change of the record (its stage moves are also in the transition log, with comments).
    history = HistoricalRecords(
        excluded_fields=[
            "created_at",
            "updated_at",
            "name_pinyin",
            "name_initials",
            "person_name_pinyin",
            "person_name_initials",
        ]
    )

    PINYIN_OF = ("name", "person_name")

    class Meta:
        verbose_name = _("studio")
        verbose_name_plural = _("studios")
        ordering = ["name_pinyin", "name", "pk"]
        permissions = [
            ("lead_studio", _("Lead this studio")),
            ("log_ledger", _("Log this studio's ledgers")),
        ]
        indexes = [
            models.Index(fields=["host_union", "stage"]),
            models.Index(fields=["stage", "kind"]),
            models.Index(fields=["name_pinyin"], name="studios_studio_pinyin_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, update_fields=None, **kwargs):
        update_fields = pinyin.fill(self, update_fields)
        super().save(*args, update_fields=update_fields, **kwargs)

    @property
    def is_named(self):
        return self.stage == self.Stage.NAMED

    @property
    def is_dissolved(self):
        return self.stage == self.Stage.DISSOLVED

    def honour_labels(self):
        return [Honour(h).label for h in self.person_honours if h in Honour.values]

    def honour_lines(self):
        """[(honour, level, year)] of the lead's honours, highest first, as the 申报表 prints them."""
        years = self.person_honour_years or {}
        return [
            (str(Honour(h).label), str(HONOUR_LEVELS[Honour(h)].label), str(years.get(h) or ""))
            for h in sorted(self.person_honours, key=Honour.rank)
            if h in Honour.values
        ]

    def topic_labels(self):
        return [Topic(t).label for t in self.topics if t in Topic.values]

    def best_honour_rank(self):
        return min((Honour.rank(h) for h in self.person_honours), default=len(Honour.values))


class StudioUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Studio, on_delete=models.CASCADE, verbose_name=_("studio"))

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("grant on a studio")
        verbose_name_plural = _("grants on studios")


class StudioGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Studio, on_delete=models.CASCADE, verbose_name=_("studio"))

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("group grant on a studio")
        verbose_name_plural = _("group grants on studios")


class Naming(models.Model):
    """A title a studio holds: level, year, certificate; kept when revoked, marked so."""

    studio = models.ForeignKey(
        Studio, on_delete=models.PROTECT, related_name="namings", verbose_name=_("studio")
    )
    level = models.CharField(_("naming level"), max_length=20, choices=NamingLevel.choices)
    tier = models.CharField(_("tier"), max_length=20, choices=NamingTier.choices, default=NamingTier.ORDINARY)
    year = models.PositiveSmallIntegerField(_("year"))
    certificate_number = models.CharField(_("certificate number"), max_length=40, unique=True)
    named_by = models.ForeignKey(
        "unions.Union", on_delete=models.PROTECT, related_name="namings_granted", verbose_name=_("named by")
    )
    named_on = models.DateField(_("named on"))
    revoked = models.BooleanField(_("revoked"), default=False)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoked_reason = models.TextField(
        max_length=TEXT_MAX_LENGTH, verbose_name=_("reason for revocation"), blank=True
    )

    class Meta:
        verbose_name = _("naming")
        verbose_name_plural = _("namings")
        ordering = ["-year", "pk"]
        indexes = [models.Index(fields=["studio", "revoked"]), models.Index(fields=["level", "year"])]

    def __str__(self):
        return f"{self.title_level} {self.year} {self.certificate_number}"

    @property
    def is_exemplary(self):
        return self.tier == NamingTier.EXEMPLARY

    @property
    def title_level(self):
        """The level in words with the tier (省级示范性 / 省级): what every page and document shows."""
        return title_level(self.level, self.tier)

    @property
    def reapply_from(self):
        """For a title revoked (摘牌) recently: the first day the studio may apply at this level again under
        the default waiting period (a campaign may set another); else None."""
        from django.utils import timezone

        from unions.dates import years_after

        from .campaign import DEFAULT_REAPPLY_YEARS

        if not (self.revoked and self.revoked_on):
            return None
        day = years_after(self.revoked_on, DEFAULT_REAPPLY_YEARS)
        return day if day > timezone.localdate() else None

    @property
    def inactive(self):
        """A title not revoked of a dissolved studio: kept and shown, but no longer in force (已注销).
        Reads self.studio."""
        return not self.revoked and self.studio.stage == Studio.Stage.DISSOLVED

    @property
    def inactive_since(self):
        """The day an inactive title stopped being in force: the studio's dissolution; else None."""
        return self.studio.dissolved_on if self.inactive else None


def evidence_path(instance, filename):
    # Private storage path; the original name is kept on the row, never trusted on disk.
    import uuid

    return f"private/evidence/{instance.evidence.studio_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """What a studio shows for one criterion: a statement and files."""

    studio = models.ForeignKey(
        Studio, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("studio")
    )
    criterion = models.ForeignKey(
        "studios.Criterion", on_delete=models.PROTECT, related_name="evidence", verbose_name=_("criterion")
    )
    description = models.TextField(max_length=TEXT_MAX_LENGTH, verbose_name=_("description"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.UniqueConstraint(fields=["studio", "criterion"], name="unique_evidence_criterion")
        ]

    def __str__(self):
        return f"{self.studio} · {self.criterion}"


class EvidenceFile(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        PLAQUE_PHOTO = "plaque_photo", _("Photo of the plaque")
        SITE_PHOTO = "site_photo", _("Photo of the site")
        RULE_DOCUMENT = "rule_document", _("Rule document")
        DOCUMENT = "document", _("Document")

    class RuleKind(models.TextChoices):
        """The seven kinds of rules the 有制度 criterion asks for."""

        ORGANISATION = "organisation", _("Organisation")
        GOALS = "goals", _("Goals and tasks")
        ACTIVITY_MODES = "activity_modes", _("Activity modes")
        STUDY_PLAN = "study_plan", _("Study plan")
        INNOVATION_PLAN = "innovation_plan", _("Innovation plan")
        REWARDS = "rewards", _("Achievement rewards")
        INTERNAL_MANAGEMENT = "internal_management", _("Internal management")

    evidence = models.ForeignKey(
        Evidence, on_delete=models.CASCADE, related_name="files", verbose_name=_("evidence")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DOCUMENT)
    rule_kind = models.CharField(_("kind of rule"), max_length=30, choices=RuleKind.choices, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.title or self.original_name
