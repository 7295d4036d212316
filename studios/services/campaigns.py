"""Campaigns: creating and editing them, their quotas and scoring dimensions, and who sees them."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from unions import access
from unions.models import Union

from .. import workflow
from ..models import Campaign, CriteriaSet, ExpertAssignment, Quota, ScoringDimension
from ..models.campaign import DEFAULT_PREFIX

SEVEN_HAVES = "seven-haves"

# The dimensions the demo and a new campaign start from (maximum points, summing to 100).
DEFAULT_DIMENSIONS = [
    ("创新团队", "带头人与成员的结构、能力和作用发挥", 20),
    ("规范运营", "制度、台帐、经费和场所的规范管理", 20),
    ("集智攻关", "围绕生产经营难题开展攻关的数量与质量", 25),
    ("传承技能", "技能培训、师带徒和人才培养的成效", 15),
    ("经济和社会效益", "成果转化带来的经济效益和社会影响", 20),
]


def default_criteria_set():
    return CriteriaSet.objects.filter(code=SEVEN_HAVES).first()


def campaigns_for(user):
    """Campaigns a user may see: those of the unions above or within their scope, and those they assess."""
    qs = Campaign.objects.select_related("organiser", "criteria_set")
    if user.is_superuser:
        return qs
    q = Q(pk__in=[])
    for top in access.top_unions(user, access.VIEW):
        ancestors = [top.path[:i] for i in range(top.steplen, len(top.path), top.steplen)]
        # Campaigns of the unions above are visible once open; their own subtree sees drafts too.
        q |= Q(organiser__path__startswith=top.path) | (
            Q(organiser__path__in=ancestors) & ~Q(status=Campaign.Status.DRAFT)
        )
    # A subquery, not a join through every application and assignment with DISTINCT over the
    # result (11 ms on the scale data against 1 ms).
    assessed = ExpertAssignment.objects.filter(expert__user=user).values("application__campaign_id")
    q |= Q(pk__in=assessed)
    return qs.filter(q)


def check_open(campaign, **kwargs):
    """What the campaign's "open" move checks."""
    if campaign.closes_on < campaign.opens_on:
        raise workflow.TransitionError(_("The closing date is before the opening date."))
    if campaign.closes_on < timezone.localdate():
        raise workflow.TransitionError(_("The closing date has passed; change it before opening."))
    if not ScoringDimension.objects.filter(campaign=campaign).exists():
        raise workflow.TransitionError(_("Set at least one scoring dimension first."))


@transaction.atomic
def create_campaign(*, organiser, by, dimensions=DEFAULT_DIMENSIONS, **fields):
    fields.setdefault("criteria_set", default_criteria_set())
    fields.setdefault(
        "certificate_prefix",
        organiser.document_prefix or DEFAULT_PREFIX.get(fields.get("naming_level"), "") or organiser.code,
    )
    campaign = Campaign(organiser=organiser, created_by=by, **fields)
    campaign.clean()  # the naming level is bounded by the organiser's
    campaign.save()
    ScoringDimension.objects.bulk_create(
        ScoringDimension(campaign=campaign, name=name, description=description, max_points=points, position=i)
        for i, (name, description, points) in enumerate(dimensions, start=1)
    )
    return campaign


@transaction.atomic
def set_quotas(*, campaign, places_by_union):
    """{union: places or None}; None removes the quota (no limit)."""
    for union, places in places_by_union.items():
        if places is None:
            Quota.objects.filter(campaign=campaign, union=union).delete()
        else:
            Quota.objects.update_or_create(campaign=campaign, union=union, defaults={"places": places})
    return campaign


def child_unions(campaign):
    return Union.objects.get_children(campaign.organiser).order_by("path")
