"""Reapplying after 摘牌: a studio whose title at a level was revoked waits the campaign's period (default 2 years)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from studios import workflow
from studios.models import Naming, NamingLevel
from studios.services import applications as filing

from .conftest import draft


def revoked(path, days_ago, level=NamingLevel.PROVINCIAL):
    today = timezone.localdate()
    return Naming.objects.create(
        studio=path.studio,
        level=level,
        year=today.year - 4,
        certificate_number=f"省-{today.year - 4}-0099",
        named_by=path.province,
        named_on=today - datetime.timedelta(days=1500),
        revoked=True,
        revoked_on=today - datetime.timedelta(days=days_ago),
        revoked_reason="年度考核不合格",
    )


def test_a_campaign_waits_two_years_by_default(path):
    assert path.campaign.reapply_wait_years == 2


def test_a_studio_revoked_at_the_level_a_year_ago_is_refused(path):
    naming = revoked(path, 365)
    unmet = filing.eligibility(path.campaign, path.studio)
    until = naming.revoked_on.replace(year=naming.revoked_on.year + 2)
    assert any(until.isoformat() in message for message in unmet)


def test_after_the_period_it_may_apply_again(path):
    revoked(path, 3 * 366)
    assert filing.eligibility(path.campaign, path.studio) == []


def test_a_revocation_at_another_level_does_not_bar(path):
    revoked(path, 30, level=NamingLevel.COMPANY)
    assert filing.eligibility(path.campaign, path.studio) == []


def test_the_campaign_sets_the_period(path):
    revoked(path, 400)
    path.campaign.reapply_wait_years = 1
    path.campaign.save()
    assert filing.eligibility(path.campaign, path.studio) == []


def test_submitting_is_refused_too(path):
    app = draft(path.campaign, path.studio, path.a1_staff)
    revoked(path, 100)
    with pytest.raises(workflow.TransitionError, match="摘牌"):
        workflow.transition(app, "submit", by=path.a1_staff)


def test_the_filing_form_refuses_with_the_date(client, path):
    naming = revoked(path, 100)
    client.force_login(path.a1_staff)
    url = reverse("studios:file_form", args=[path.campaign.pk, path.studio.pk])
    text = client.get(url).content.decode()
    until = naming.revoked_on.replace(year=naming.revoked_on.year + 2)
    assert "摘牌" in text and until.isoformat() in text


def test_the_studio_page_says_until_when(client, path):
    naming = revoked(path, 100)
    client.force_login(path.a1_staff)
    text = client.get(reverse("studios:detail", args=[path.studio.pk])).content.decode()
    until = naming.revoked_on.replace(year=naming.revoked_on.year + 2)
    assert f"{until.isoformat()} 起方可再次申报" in text
