"""Campaigns and applications for `seed_scale` (bulk inserts, deterministic)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from ..models import Application, Campaign, CriteriaSet, NamingLevel, Quota, Studio

# Where generated applications stand: mostly awaiting the company union's review.
STATUS_MIX = [
    (Application.Status.SUBMITTED, 0.5),
    (Application.Status.RECOMMENDED, 0.15),
    (Application.Status.UNDER_REVIEW, 0.15),
    (Application.Status.RETURNED, 0.1),
    (Application.Status.REJECTED, 0.1),
]


def generate(*, rng, province, companies, studios, total):
    """Two campaigns of the province (last year closed, this year open) sharing `total` applications."""
    today = timezone.localdate()
    filer = get_user_model().objects.get(username="scale_staff")
    criteria_set = CriteriaSet.objects.get(code="seven-haves")
    campaigns = []
    for year, status in ((today.year - 1, Campaign.Status.CLOSED), (today.year, Campaign.Status.OPEN)):
        campaign = Campaign.objects.create(
            organiser=province,
            title=f"{year}年度规模测试省劳模创新工作室评选",
            year=year,
            naming_level=NamingLevel.PROVINCIAL,
            criteria_set=criteria_set,
            opens_on=datetime.date(year, 3, 1),
            closes_on=datetime.date(year, 12, 31),
            status=status,
            created_by=filer,
        )
        Quota.objects.bulk_create([Quota(campaign=campaign, union=c, places=10) for c in companies])
        campaigns.append(campaign)
    company_by_prefix = {c.path: c for c in companies}
    rows = list(
        Studio.objects.filter(pk__in=[s.pk for s in studios]).values_list(
            "pk", "host_union_id", "host_union__path"
        )
    )
    rng.shuffle(rows)
    statuses, weights = zip(*STATUS_MIX, strict=True)
    applications = []
    per_campaign = total // len(campaigns)
    for index, campaign in enumerate(campaigns):
        for pk, union_id, path in rows[index * per_campaign : (index + 1) * per_campaign]:
            status = rng.choices(statuses, weights)[0]
            company = company_by_prefix[path[: len(companies[0].path)]]
            current = {
                Application.Status.UNDER_REVIEW: province.pk,
                Application.Status.RETURNED: union_id,
            }.get(status, company.pk)
            applications.append(
                Application(
                    campaign=campaign,
                    studio_id=pk,
                    filing_union_id=union_id,
                    filed_by=filer,
                    status=status,
                    current_union_id=current,
                    round=1,
                    statements={},
                    snapshot={"generated": True},
                    submitted_at=timezone.now() - datetime.timedelta(days=rng.randint(1, 200)),
                )
            )
    Application.objects.bulk_create(applications, batch_size=2000)
    return len(applications)
