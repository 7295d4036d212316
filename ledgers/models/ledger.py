"""The studio's ledgers (台帐): members, activities, trainings, achievements, funds."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from studios.models import Education, Gender, SkillLevel
from unions import pinyin
from unions.models import TEXT_MAX_LENGTH


def ledger_file_path(instance, filename):
    return f"private/ledgers/{uuid.uuid4().hex}"


class LiveManager(models.Manager):
    """The default manager of every ledger: voided rows are left out of everything that counts.

    Lists, totals, rollups, the 七有 rules, exports and the package all read through
    `objects` (and the related managers built from it), so a voided row counts nowhere;
    the ledger list and the row's history read `with_voided` to show it struck through.
    """

    def get_queryset(self):
        return super().get_queryset().filter(voided_at__isnull=True)


class Voidable(models.Model):
    """A ledger row is never deleted: a row entered by mistake is voided (作废) with a reason."""

    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("voided by"),
    )
    void_reason = models.CharField(_("reason for voiding"), max_length=300, blank=True, editable=False)

    objects = LiveManager()
    with_voided = models.Manager()  # noqa: DJ012 -- a second manager, not a field; `objects` stays default

    class Meta:
        abstract = True

    @property
    def is_voided(self):
        return self.voided_at is not None


def _history(also_excluded=()):
    """Every change of a ledger row, with who made it (simple_history's request middleware)."""
    return HistoricalRecords(excluded_fields=["created_at", *also_excluded], inherit=False)


class Member(Voidable):
    """成员档案: a person in the studio; rows are never deleted, `left_on` ends a membership."""

    class StudioRole(models.TextChoices):
        LEAD = "lead", _("Lead")
        DEPUTY = "deputy", _("Deputy lead")
        CORE = "core", _("Core member")
        MEMBER = "member", _("Member")

    studio = models.ForeignKey(
        "studios.Studio", on_delete=models.CASCADE, related_name="members", verbose_name=_("studio")
    )
    name = models.CharField(_("name"), max_length=50)
    # The name's pinyin and initials (unions.pinyin): the member ledger in pinyin order.
    name_pinyin = models.CharField(max_length=pinyin.KEY_MAX_LENGTH, blank=True, editable=False)
    name_initials = models.CharField(max_length=pinyin.KEY_MAX_LENGTH, blank=True, editable=False)
    # The particulars of the 申报表's member list; all optional, so older rows stay valid.
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    education = models.CharField(_("education"), max_length=30, choices=Education.choices, blank=True)
    title = models.CharField(
        _("professional title"), max_length=50, blank=True, help_text=_("E.g. engineer, senior engineer.")
    )
    post = models.CharField(_("post"), max_length=100, blank=True)
    skill_level = models.CharField(_("skill level"), max_length=30, choices=SkillLevel.choices, blank=True)
    honours = models.CharField(_("honours"), max_length=200, blank=True)
    role = models.CharField(
        _("role in the studio"), max_length=20, choices=StudioRole.choices, default=StudioRole.MEMBER
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="studio_memberships",
        verbose_name=_("account"),
    )

    history = _history(also_excluded=["name_pinyin", "name_initials"])

    PINYIN_OF = ("name",)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["left_on", "role", "name_pinyin", "name", "pk"]
        indexes = [models.Index(fields=["studio", "left_on"]), models.Index(fields=["studio", "joined_on"])]

    def __str__(self):
        return self.name

    def save(self, *args, update_fields=None, **kwargs):
        update_fields = pinyin.fill(self, update_fields)
        super().save(*args, update_fields=update_fields, **kwargs)

    @property
    def is_current(self):
        return self.left_on is None

    def age_on(self, day):
        """Age in whole years on `day`, or None without a date of birth."""
        if self.birth_date is None:
            return None
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Activity(Voidable):
    class Kind(models.TextChoices):
        BREAKTHROUGH = "breakthrough", _("Technical breakthrough")
        TRAINING = "training", _("Skill training")
        SERVICE = "service", _("Service demonstration")
        INNOVATION = "innovation", _("Technical innovation")
        MANAGEMENT = "management", _("Management innovation")
        EXCHANGE = "exchange", _("Study and exchange")

    studio = models.ForeignKey(
        "studios.Studio", on_delete=models.CASCADE, related_name="activities", verbose_name=_("studio")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        Member, blank=True, related_name="activities", verbose_name=_("members taking part")
    )
    other_participants = models.CharField(_("other participants"), max_length=300, blank=True)
    headcount = models.PositiveIntegerField(_("head-count"), default=0)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, default=0)
    outcome = models.TextField(max_length=TEXT_MAX_LENGTH, verbose_name=_("outcome"), blank=True)
    # A shared activity (联盟活动): logged by the lead studio on behalf of an alliance it leads; it counts
    # for every member studio (ledgers/figures.py) and shows, read-only, in each member's list.
    alliance = models.ForeignKey(
        "ledgers.Alliance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("on behalf of the alliance"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = _history()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["studio", "date"]), models.Index(fields=["studio", "kind", "date"])]

    def __str__(self):
        return self.topic


class StoredFile(models.Model):
    """A private file of a ledger row, with the facts unions.uploads.check_upload established."""

    file = models.FileField(_("file"), upload_to=ledger_file_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name


class ActivityPhoto(StoredFile):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="photos", verbose_name=_("activity")
    )

    class Meta:
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")


class Training(Voidable):
    studio = models.ForeignKey(
        "studios.Studio", on_delete=models.CASCADE, related_name="trainings", verbose_name=_("studio")
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    trainer = models.CharField(_("trainer"), max_length=100, blank=True)
    sessions = models.PositiveIntegerField(_("sessions"), default=1)
    headcount = models.PositiveIntegerField(_("head-count (人次)"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, default=0)
    trainees = models.TextField(max_length=TEXT_MAX_LENGTH, verbose_name=_("trainees"), blank=True)
    levels_reached = models.CharField(_("skill levels reached"), max_length=200, blank=True)
    certified_count = models.PositiveIntegerField(_("people certified at a higher level"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = _history()

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["studio", "date"])]

    def __str__(self):
        return self.title


class Achievement(Voidable):
    class Kind(models.TextChoices):
        PATENT = "patent", _("Patent")
        INNOVATION = "innovation", _("Technical innovation")
        PROPOSAL = "proposal", _("Rationalisation proposal")
        BREAKTHROUGH = "breakthrough", _("Breakthrough project")  # 攻关项目
        TRANSFER = "transfer", _("Result put into production")  # 成果转化
        QC = "qc", _("QC result")
        METHOD = "method", _("Named operating method")
        STANDARD = "standard", _("Standard")
        PAPER = "paper", _("Paper")
        AWARD = "award", _("Award")

    studio = models.ForeignKey(
        "studios.Studio", on_delete=models.CASCADE, related_name="achievements", verbose_name=_("studio")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    people = models.CharField(_("people"), max_length=300, blank=True)
    economic_benefit = models.DecimalField(
        _("economic benefit (10,000 yuan)"), max_digits=12, decimal_places=2, default=0
    )
    description = models.TextField(max_length=TEXT_MAX_LENGTH, verbose_name=_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = _history()

    class Meta:
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["studio", "date"]), models.Index(fields=["studio", "kind", "date"])]

    def __str__(self):
        return self.title


class AchievementProof(StoredFile):
    achievement = models.ForeignKey(
        Achievement, on_delete=models.CASCADE, related_name="proofs", verbose_name=_("achievement")
    )

    class Meta:
        verbose_name = _("proof of achievement")
        verbose_name_plural = _("proofs of achievement")


class FundEntry(Voidable):
    """One line of the funds ledger; the balance is always computed from these, never stored."""

    class Direction(models.TextChoices):
        INCOME = "income", _("Income")
        EXPENDITURE = "expenditure", _("Expenditure")

    class Source(models.TextChoices):
        ADMINISTRATIVE = "administrative", _("Administrative support")
        UNION_FUNDS = "union_funds", _("Union funds allocation")
        OTHER = "other", _("Other")

    class Use(models.TextChoices):
        ACTIVITIES = "activities", _("Activities")
        STUDY_MATERIALS = "study_materials", _("Study materials")
        EQUIPMENT = "equipment", _("Equipment")
        REWARDS = "rewards", _("Achievement rewards")
        OTHER = "other", _("Other")

    studio = models.ForeignKey(
        "studios.Studio", on_delete=models.CASCADE, related_name="fund_entries", verbose_name=_("studio")
    )
    direction = models.CharField(_("income or expenditure"), max_length=12, choices=Direction.choices)
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, blank=True)
    use = models.CharField(_("use"), max_length=20, choices=Use.choices, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = _history()

    class Meta:
        verbose_name = _("fund entry")
        verbose_name_plural = _("fund entries")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["studio", "date"]),
            models.Index(fields=["studio", "direction", "date"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="fund_entry_amount_positive")
        ]

    def __str__(self):
        return f"{self.get_direction_display()} {self.amount}"

    @property
    def signed_amount(self):
        return self.amount if self.direction == self.Direction.INCOME else -self.amount
