"""The score summary flags a spread above the campaign's threshold and may drop the highest and lowest score."""

from decimal import Decimal

from django.urls import reverse

from studios.services import experts

from .conftest import at_experts
from .test_experts_and_naming import scored


def scored_by(path, app, totals):
    for i, total in enumerate(totals):
        scored(path, app, f"t_e_out{i}", total)


def test_a_spread_above_the_threshold_is_flagged(client, path):
    path.campaign.score_spread_threshold = 15
    path.campaign.save()
    app = at_experts(path.campaign, path.studio, path)
    scored_by(path, app, [90, 70])
    (row,) = experts.score_table(path.campaign)
    assert row["spread"] == 20 and row["outlier"]
    client.force_login(path.prov_reviewer)
    page = client.get(reverse("studios:campaign_scores", args=[path.campaign.pk])).content.decode()
    assert "分差超过 15 分" in page


def test_a_spread_within_the_threshold_is_not_flagged(path):
    path.campaign.score_spread_threshold = 25
    path.campaign.save()
    app = at_experts(path.campaign, path.studio, path)
    scored_by(path, app, [90, 70])
    (row,) = experts.score_table(path.campaign)
    assert not row["outlier"]


def test_with_five_scores_the_highest_and_lowest_are_dropped_when_the_campaign_says_so(client, path):
    path.campaign.trim_extremes = True
    path.campaign.save()
    app = at_experts(path.campaign, path.studio, path)
    scored_by(path, app, [95, 80, 82, 84, 60])
    (row,) = experts.score_table(path.campaign)
    assert row["mean"] == Decimal("82.00")
    assert sorted(a.total for a in row["dropped"]) == [60, 95]
    client.force_login(path.prov_reviewer)
    page = client.get(reverse("studios:campaign_scores", args=[path.campaign.pk])).content.decode()
    assert "去掉一个最高分" in page and "95.00" in page and "60.00" in page


def test_with_four_scores_none_is_dropped(path):
    path.campaign.trim_extremes = True
    path.campaign.save()
    app = at_experts(path.campaign, path.studio, path)
    scored_by(path, app, [95, 80, 82, 60])
    (row,) = experts.score_table(path.campaign)
    assert row["dropped"] == [] and row["mean"] == Decimal("79.25")


def test_without_trimming_every_score_counts(path):
    app = at_experts(path.campaign, path.studio, path)
    scored_by(path, app, [95, 80, 82, 84, 60])
    (row,) = experts.score_table(path.campaign)
    assert row["dropped"] == [] and row["mean"] == Decimal("80.20")


def test_the_ranking_follows_the_trimmed_mean(path):
    path.campaign.trim_extremes = True
    path.campaign.save()
    first = at_experts(path.campaign, path.studio, path)
    second = at_experts(path.campaign, path.studio_a2, path)
    for i, total in enumerate([100, 70, 70, 70, 0]):
        scored(path, first, f"t_e_a{i}", total)
    for i, total in enumerate([75, 75, 75, 75, 75]):
        scored(path, second, f"t_e_b{i}", total)
    rows = experts.score_table(path.campaign)
    assert [r["application"].pk for r in rows] == [second.pk, first.pk]
