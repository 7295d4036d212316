"""Certificate numbers: the campaign's pattern, the organiser's serial of the year, never reused."""

import pytest
from django.utils import timezone

from studios.forms.workflow import CampaignForm
from studios.models import Naming
from studios.services.documents import next_certificate_number


def named(pack, number):
    return Naming.objects.create(
        studio=pack.studios[0],
        level=pack.campaign.naming_level,
        year=pack.campaign.year,
        certificate_number=number,
        named_by=pack.campaign.organiser,
        named_on=timezone.localdate(),
    )


def test_numbers_follow_the_campaigns_pattern_with_the_organisers_document_prefix(full_pack):
    campaign = full_pack.campaign
    campaign.organiser.document_prefix = "浙工"
    campaign.organiser.save()
    campaign.certificate_pattern = "{union}创-{year}-{seq:04d}"
    campaign.save()
    year = campaign.year
    assert next_certificate_number(campaign) == f"浙工创-{year}-0001"
    assert next_certificate_number(campaign) == f"浙工创-{year}-0002"
    campaign.certificate_pattern = "{prefix}〔{year}〕第{seq}号"
    assert next_certificate_number(campaign) == f"省〔{year}〕第3号"  # one serial per organiser and year


def test_a_serial_is_never_given_again_after_revocation_or_removal(full_pack):
    campaign = full_pack.campaign
    year = campaign.year
    first = named(full_pack, next_certificate_number(campaign))
    first.revoked = True
    first.save()
    second = named(full_pack, next_certificate_number(campaign))
    assert second.certificate_number == f"省-{year}-0002"
    second.delete()  # even a removed naming gives its serial back to no one
    Naming.objects.filter(pk=first.pk).delete()
    assert next_certificate_number(campaign) == f"省-{year}-0003"


def test_a_number_already_held_is_passed_over(full_pack):
    year = full_pack.campaign.year
    named(full_pack, f"省-{year}-0001")  # given under the old rule, or by another organiser with 省
    assert next_certificate_number(full_pack.campaign) == f"省-{year}-0002"


def test_another_year_starts_its_own_serial(full_pack):
    campaign = full_pack.campaign
    next_certificate_number(campaign)
    campaign.year += 1
    assert next_certificate_number(campaign) == f"省-{campaign.year}-0001"


def form_data(campaign, pattern):
    return {
        "title": campaign.title,
        "year": campaign.year,
        "naming_level": campaign.naming_level,
        "criteria_set": campaign.criteria_set_id,
        "opens_on": campaign.opens_on.isoformat(),
        "closes_on": campaign.closes_on.isoformat(),
        "publicity_working_days": 5,
        "certificate_prefix": "省",
        "certificate_pattern": pattern,
    }


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{prefix}-{year}-{serial:04d}", "未知的占位符 {serial}"),
        ("{prefix}-{year}", "需要序号 {seq}"),
        ("{prefix-{seq}", "花括号"),
        ("{prefix}-{seq:xyz}", "格式"),
        ("{prefix}" + "长" * 40 + "{seq}", "最多"),
    ],
)
def test_the_campaign_form_refuses_a_bad_pattern_with_a_message(full_pack, pattern, message):
    form = CampaignForm(data=form_data(full_pack.campaign, pattern), instance=full_pack.campaign)
    assert not form.is_valid()
    assert message in " ".join(form.errors["certificate_pattern"])


def test_the_campaign_form_takes_a_good_pattern_and_the_default_for_none(full_pack):
    campaign = full_pack.campaign
    form = CampaignForm(data=form_data(campaign, "{union}创-{year}-{seq:04d}"), instance=campaign)
    assert form.is_valid(), form.errors
    assert form.save().certificate_pattern == "{union}创-{year}-{seq:04d}"
    form = CampaignForm(data=form_data(campaign, ""), instance=campaign)
    assert form.is_valid(), form.errors
    assert form.save().certificate_pattern == "{prefix}-{year}-{seq:04d}"


def test_the_campaign_page_shows_the_pattern_and_a_number_of_it(full_pack, client):
    client.force_login(full_pack.prov_head)
    page = client.get(f"/studios/campaigns/{full_pack.campaign.pk}/").content.decode()
    assert "{prefix}-{year}-{seq:04d}" in page and f"省-{full_pack.campaign.year}-0001" in page


def test_a_pattern_stored_past_the_form_falls_back_to_the_default_and_no_page_fails(full_pack, client):
    campaign = full_pack.campaign
    type(campaign).objects.filter(pk=campaign.pk).update(certificate_pattern="{prefix-{seq")
    campaign.refresh_from_db()
    assert next_certificate_number(campaign) == f"省-{campaign.year}-0001"
    client.force_login(full_pack.prov_head)
    assert client.get(f"/studios/campaigns/{campaign.pk}/").status_code == 200
