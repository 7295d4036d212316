"""The whole path in services: file → recommend → send up → experts → meeting → 公示 → named."""

from django.utils import timezone

from studios import workflow
from studios.models import Application, Studio
from studios.services import experts, naming, publicity
from tests.studios.helpers import run_out

from .conftest import at_experts, expert


def test_application_travels_from_filing_to_naming(path):
    app = at_experts(path.campaign, path.studio, path)
    assert app.status == Application.Status.EXPERT_REVIEW
    assert app.current_union == path.province
    e = expert(path.province, "t_expert1")
    assignment = experts.assign_expert(application=app, expert=e, by=path.prov_reviewer)
    assignment = experts.declare_no_conflict(assignment=assignment, by=e.user)
    dims = list(path.campaign.dimensions.all())
    experts.submit_scores(assignment=assignment, by=e.user, scores={d.pk: d.max_points - 4 for d in dims})
    experts.record_meeting(
        campaign=path.campaign,
        approve=experts.meeting_candidates(path.campaign),
        by=path.prov_head,
        held_on=timezone.localdate(),
        attendees="甲、乙",
    )
    notice = publicity.publish(
        campaign=path.campaign, applications=[app], starts_on=timezone.localdate(), by=path.prov_head
    )
    run_out(notice)  # the notice has run its working days
    app = naming.name(application=Application.objects.get(pk=app.pk), by=path.prov_head)
    assert app.status == Application.Status.NAMED
    assert app.naming.certificate_number == f"省-{path.campaign.year}-0001"
    assert Studio.objects.get(pk=path.studio.pk).stage == Studio.Stage.NAMED
    actions = [log.action for log in workflow.history(app)]
    assert actions == ["submit", "recommend", "send_to_experts", "accept", "publicise", "name"]
