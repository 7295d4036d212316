"""The union tree, accounts and the roles people hold on union nodes."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from . import pinyin


class User(AbstractUser):
    full_name = models.CharField(_("real name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # An account created by an onboarding import without an e-mail address: the SHA-256 of the
    # one-time code its administrator hands over (a random code of 60 bits, shown once), spent
    # when its owner sets a password with it (unions.onboarding).
    setup_code_hash = models.CharField(max_length=64, blank=True, editable=False)
    # The real name's pinyin and initials: lists of people in pinyin order, searches by pinyin.
    full_name_pinyin = models.CharField(max_length=pinyin.KEY_MAX_LENGTH, blank=True, editable=False)
    full_name_initials = models.CharField(max_length=pinyin.KEY_MAX_LENGTH, blank=True, editable=False)

    PINYIN_OF = ("full_name",)

    class Meta(AbstractUser.Meta):
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        indexes = [models.Index(fields=["full_name_pinyin"], name="unions_user_pinyin_idx")]

    def save(self, *args, update_fields=None, **kwargs):
        update_fields = pinyin.fill(self, update_fields)
        super().save(*args, update_fields=update_fields, **kwargs)

    def __str__(self):
        return self.full_name or self.username

    @property
    def display_name(self):
        return self.full_name or self.username


# Every free text a person types (comments, reasons, descriptions) is bounded: a page of text, not
# a megabyte. Forms say so beside the field; longer documents are uploaded as files.
TEXT_MAX_LENGTH = 5000


class UnionQuerySet(MP_NodeQuerySet):
    def under(self, union):
        """The union and every union below it: one indexed prefix query."""
        return self.filter(path__startswith=union.path)


class UnionManager(MP_NodeManager):
    def get_queryset(self):
        return UnionQuerySet(self.model, using=self._db).order_by("path")


class Ownership(models.TextChoices):
    """所有制 of the unit a union belongs to, as the yearly statistics count it."""

    STATE = "state", _("State-owned")
    COLLECTIVE = "collective", _("Collective")
    NON_PUBLIC = "non_public", _("Non-public")
    PUBLIC_INSTITUTION = "public_institution", _("Government agency or public institution")


def seal_path(instance, filename):
    # Private storage: served only through the documents that print it, never by its path.
    import uuid

    return f"private/seals/{instance.pk}/{uuid.uuid4().hex}.png"


class Union(MP_Node):
    class Level(models.TextChoices):
        NATIONAL = "national", _("National federation of trade unions")
        PROVINCIAL = "provincial", _("Provincial federation of trade unions")
        CITY_OR_COMPANY = "city_company", _("City federation / group company union")
        GRASSROOTS = "grassroots", _("Grassroots union")

    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(_("short code"), max_length=40, unique=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    unit = models.CharField(_("unit it belongs to"), max_length=150, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    ownership = models.CharField(_("ownership"), max_length=20, choices=Ownership.choices, blank=True)
    # 发文机关代字: the prefix of the document numbers (文号) of this union's letters, e.g. 浙能工.
    document_prefix = models.CharField(
        _("document number prefix"),
        max_length=20,
        blank=True,
        help_text=_(
            "The prefix of this union's letter numbers, e.g. 浙能工 for 浙能工〔2026〕3号. Empty: the union's name."
        ),
    )
    # The union's e-seal (电子印章): a PNG with a transparent background, stored privately; the
    # official documents print it over the stamp box of this union's opinion once it has signed off.
    seal = models.FileField(_("e-seal"), upload_to=seal_path, max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    node_order_by = None
    objects = UnionManager()

    class Meta:
        verbose_name = _("union")
        verbose_name_plural = _("unions")
        permissions = [
            ("view_subtree", _("See this union and every union below it")),
            ("file_applications", _("Register studios and file applications")),
            ("review_subtree", _("Review what the unions below send up")),
            ("approve_subtree", _("Decide for this union (open campaigns, name studios)")),
            ("manage_subtree", _("Manage the unions and accounts below")),
        ]

    def __str__(self):
        return self.name

    # Most senior first. A union sits below its parent's level; only city/company and grassroots
    # unions may hang under a union of their own level (a company union under a city one, a
    # workshop union under a factory's).
    LEVEL_ORDER = (Level.NATIONAL, Level.PROVINCIAL, Level.CITY_OR_COMPANY, Level.GRASSROOTS)
    SAME_LEVEL_CHILDREN = (Level.CITY_OR_COMPANY, Level.GRASSROOTS)

    @classmethod
    def levels_allowed(cls, parent_level=None, children=()):
        """The levels a union may have under a parent of `parent_level` (None: a root) and above
        children of these levels."""

        def may_hang(child, under):
            rank = cls.LEVEL_ORDER.index
            return rank(child) > rank(under) or (child == under and child in cls.SAME_LEVEL_CHILDREN)

        return [
            level
            for level in cls.LEVEL_ORDER
            if (parent_level is None or may_hang(level, parent_level))
            and all(may_hang(child, level) for child in children)
        ]

    @property
    def is_grassroots(self):
        return self.level == self.Level.GRASSROOTS

    def contains(self, other):
        """True when `other` is this union or lies below it."""
        return other.path.startswith(self.path)


class UnionUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Union, on_delete=models.CASCADE, verbose_name=_("union"))

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("grant on a union")
        verbose_name_plural = _("grants on unions")


class UnionGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Union, on_delete=models.CASCADE, verbose_name=_("union"))

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("group grant on a union")
        verbose_name_plural = _("group grants on unions")


class Role(models.TextChoices):
    STAFF = "staff", _("Staff (files applications)")
    REVIEWER = "reviewer", _("Reviewer")
    HEAD = "head", _("Union head")
    ADMIN = "admin", _("Administrator")


# The permissions each role holds on its union node (and so, through access.py,
# on the whole subtree below it).
ROLE_PERMISSIONS = {
    Role.STAFF: ("view_subtree", "file_applications"),
    Role.REVIEWER: ("view_subtree", "review_subtree"),
    Role.HEAD: ("view_subtree", "review_subtree", "approve_subtree"),
    Role.ADMIN: ("view_subtree", "approve_subtree", "manage_subtree"),
}


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Membership(models.Model):
    """A person's role in one union. The guardian grants follow from the active rows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("account"),
    )
    union = models.ForeignKey(
        Union, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("union")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "union", "role"], name="unique_membership_role")
        ]
        indexes = [models.Index(fields=["union", "is_active"])]

    def __str__(self):
        return f"{self.user} · {self.union} · {self.get_role_display()}"


class NoticeQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """An in-app notice telling one person that something awaits them (see unions.notifications)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices", verbose_name=_("account")
    )
    text = models.CharField(_("text"), max_length=300)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.text


class PendingUpload(models.Model):
    """A checked upload held for its owner while the form it came with is corrected: a form that
    fails for another field keeps its photos and proofs here (unions.uploads.hold), named by a
    random token in the form; claimed only by the same account, and removed once saved or after
    `uploads.PENDING_HOURS`."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("account")
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to="pending/%Y/%m/", max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("file kept for a form")
        verbose_name_plural = _("files kept for forms")

    def __str__(self):
        return self.original_name
