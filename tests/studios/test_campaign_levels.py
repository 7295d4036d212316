"""Authority follows the tree: a campaign names at its organiser's level only, so a company union can
never offer or grant a provincial or national title."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from studios.models import Campaign, NamingLevel
from studios.services import campaigns

pytestmark = pytest.mark.django_db


def post_campaign(client, organiser, naming_level):
    today = timezone.localdate()
    return client.post(
        reverse("studios:campaign_create"),
        {
            "organiser": organiser.pk,
            "title": "越级评选",
            "year": today.year,
            "naming_level": naming_level,
            "criteria_set": campaigns.default_criteria_set().pk,
            "opens_on": today.isoformat(),
            "closes_on": (today + datetime.timedelta(days=20)).isoformat(),
            "require_mature": "on",
            "publicity_working_days": 5,
        },
    )


def create(organiser, by, naming_level):
    return campaigns.create_campaign(
        organiser=organiser,
        by=by,
        title="评选",
        year=2026,
        naming_level=naming_level,
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 2, 1),
    )


def test_a_company_union_is_offered_and_granted_only_company_or_city_titles(client, tree):
    client.force_login(tree.a_head)
    page = client.get(reverse("studios:campaign_create")).content.decode()
    assert 'value="company"' in page
    assert 'value="national"' not in page.split('name="naming_level"')[1].split("</select>")[0]
    for level in ("national", "provincial"):
        response = post_campaign(client, tree.company_a, level)
        assert response.status_code == 200, level
        assert not Campaign.objects.filter(title="越级评选").exists()
    assert post_campaign(client, tree.company_a, "company").status_code == 302


def test_the_service_refuses_a_title_above_the_organisers_level(tree):
    with pytest.raises(ValidationError):
        create(tree.company_a, tree.a_head, NamingLevel.NATIONAL)
    assert not Campaign.objects.exists()


def test_an_existing_campaign_cannot_be_raised_to_a_higher_title(client, tree):
    campaign = create(tree.province, tree.prov_head, NamingLevel.PROVINCIAL)
    from studios.forms.workflow import CampaignForm

    form = CampaignForm(
        {
            **{f: getattr(campaign, f) for f in ("title", "year", "opens_on", "closes_on")},
            "naming_level": "national",
        },
        instance=campaign,
    )
    assert not form.is_valid() and "naming_level" in form.errors
