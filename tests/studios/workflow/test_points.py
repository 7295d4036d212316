"""Experts score in points: each dimension has its own maximum, the maxima sum to 100, the total is the sum."""

import pytest
from django.urls import reverse

from studios import workflow
from studios.forms.workflow import DimensionFormSet, ScoreForm
from studios.models import ExpertAssignment, ScoringDimension
from studios.services import experts

from .conftest import at_experts, expert


def assigned(path, username="t_e1"):
    app = at_experts(path.campaign, path.studio, path)
    e = expert(path.province, username)
    assignment = experts.assign_expert(application=app, expert=e, by=path.prov_reviewer)
    if hasattr(experts, "declare_no_conflict"):
        assignment = experts.declare_no_conflict(assignment=assignment, by=e.user)
    return app, e, assignment


def test_a_new_campaign_has_maxima_in_points_summing_to_100(path):
    dims = list(path.campaign.dimensions.all())
    assert sum(d.max_points for d in dims) == 100
    assert [d.max_points for d in dims if d.name == "创新团队"] == [20]


def test_a_score_above_the_dimensions_maximum_is_refused(path):
    app, e, assignment = assigned(path)
    team = path.campaign.dimensions.get(name="创新团队")
    scores = {d.pk: d.max_points for d in path.campaign.dimensions.all()} | {team.pk: 21}
    with pytest.raises(workflow.TransitionError, match="创新团队"):
        experts.submit_scores(assignment=assignment, by=e.user, scores=scores)
    assert ExpertAssignment.objects.get(pk=assignment.pk).total is None


def test_the_total_is_the_sum_of_the_points(path):
    app, e, assignment = assigned(path)
    dims = list(path.campaign.dimensions.all())
    scores = {d.pk: d.max_points - 2 for d in dims}
    assignment = experts.submit_scores(assignment=assignment, by=e.user, scores=scores)
    assert assignment.total == 100 - 2 * len(dims)


def test_the_score_form_says_beside_the_field_that_the_score_is_too_high(path):
    dims = list(path.campaign.dimensions.all())
    team = next(d for d in dims if d.name == "创新团队")
    data = {f"d_{d.pk}": d.max_points for d in dims} | {f"d_{team.pk}": 30}
    form = ScoreForm(data, dimensions=dims)
    assert not form.is_valid()
    assert "20" in form.errors[f"d_{team.pk}"][0]
    assert "20" in form.fields[f"d_{team.pk}"].label


def dimension_data(campaign, maxima):
    dims = list(campaign.dimensions.all())
    data = {
        "dimensions-TOTAL_FORMS": len(dims),
        "dimensions-INITIAL_FORMS": len(dims),
        "dimensions-MIN_NUM_FORMS": 0,
        "dimensions-MAX_NUM_FORMS": 1000,
    }
    for i, (d, points) in enumerate(zip(dims, maxima, strict=True)):
        data |= {
            f"dimensions-{i}-id": d.pk,
            f"dimensions-{i}-campaign": campaign.pk,
            f"dimensions-{i}-name": d.name,
            f"dimensions-{i}-description": d.description,
            f"dimensions-{i}-max_points": points,
            f"dimensions-{i}-position": d.position,
        }
    return data


def test_the_dimensions_form_refuses_maxima_that_do_not_sum_to_100(path):
    formset = DimensionFormSet(dimension_data(path.campaign, [20, 20, 25, 15, 30]), instance=path.campaign)
    assert not formset.is_valid()
    assert "110" in " ".join(formset.non_form_errors())
    formset = DimensionFormSet(dimension_data(path.campaign, [20, 20, 25, 15, 20]), instance=path.campaign)
    assert formset.is_valid(), formset.errors


def test_the_dimensions_page_shows_the_sum_error(client, path):
    client.force_login(path.prov_head)
    page = client.post(
        reverse("studios:campaign_dimensions", args=[path.campaign.pk]),
        dimension_data(path.campaign, [20, 20, 25, 15, 10]),
    )
    assert page.status_code == 200
    assert "100" in page.content.decode()
    assert sorted(ScoringDimension.objects.values_list("max_points", flat=True)) == [15, 20, 20, 20, 25]


def test_the_assessment_page_labels_each_field_with_its_maximum(client, path):
    app, e, assignment = assigned(path)
    client.force_login(e.user)
    text = client.get(reverse("studios:application_assess", args=[app.pk])).content.decode()
    assert "创新团队（满分 20 分）" in text
