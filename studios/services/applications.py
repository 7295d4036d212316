"""Filing an application (申报): eligibility, the draft, the frozen snapshot; quotas and sending up.

`send_up(campaign=..., union=..., by=...)` is the one action that moves a union's
recommendations to the next level (its parent's review, or expert assessment when
the parent organises the campaign). The nomination package calls it from its send path.
"""

import json

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from unions.dates import last_12_months
from unions.models import Union

from .. import completeness, hooks, permissions, workflow
from ..models import Application, Honour, NamingLevel, Quota, Review, Studio
from ..models.review import Decision
from . import titles

# --- eligibility ------------------------------------------------------------------


def eligibility(campaign, studio, today=None):
    """The messages of every unmet eligibility rule (empty: the studio may be filed)."""
    today = today or timezone.localdate()
    unmet = []
    if studio.stage == Studio.Stage.DISSOLVED:
        unmet.append(_("The studio is dissolved (已注销); a dissolved studio cannot apply."))
    if (
        not studio.host_union.path.startswith(campaign.organiser.path)
        or studio.host_union == campaign.organiser
    ):
        unmet.append(_("The studio does not belong to a union below the organiser of this campaign."))
    if campaign.require_mature and studio.stage == Studio.Stage.CULTIVATING:
        unmet.append(_("The studio must be mature (成熟); it is still being cultivated."))
    if campaign.min_years_running:
        since = _years_before(today, campaign.min_years_running)
        if studio.founded_on > since:
            unmet.append(
                _("The studio must have run for at least %(n)s years (founded on or before %(date)s).")
                % {"n": campaign.min_years_running, "date": since.isoformat()}
            )
    if campaign.min_honour and studio.best_honour_rank() > Honour.rank(campaign.min_honour):
        unmet.append(
            _("The named person must hold at least the honour “%(honour)s”.")
            % {"honour": Honour(campaign.min_honour).label}
        )
    barred = titles.reapply_barred_until(studio, campaign.naming_level, campaign.reapply_wait_years, today)
    if barred is not None:
        unmet.append(
            _(
                "The studio's title at %(level)s was revoked (摘牌): it may apply at that level again from %(date)s."
            )
            % {"level": NamingLevel(campaign.naming_level).label, "date": barred.isoformat()}
        )
    levels = [n.level for n in studio.namings.all() if not n.revoked]
    if campaign.naming_level in levels:
        unmet.append(
            _("The studio already holds a title at %(level)s.")
            % {"level": NamingLevel(campaign.naming_level).label}
        )
    if campaign.require_named_at_level:
        needed = NamingLevel.rank(campaign.require_named_at_level)
        if not any(NamingLevel.rank(level) >= needed for level in levels):
            unmet.append(
                _("The studio must already be named at %(level)s or above.")
                % {"level": NamingLevel(campaign.require_named_at_level).label}
            )
    return unmet


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def open_application(campaign, studio, exclude=None):
    qs = Application.objects.open().filter(campaign=campaign, studio=studio)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.first()


# --- the draft --------------------------------------------------------------------


@transaction.atomic
def save_application(*, campaign, studio, by, statements, plan=None, plan_info=None, application=None):
    """Create the draft (or update a draft / returned application) with its plan and statements."""
    if application is None:
        if open_application(campaign, studio) is not None:
            raise workflow.TransitionError(_("This studio already has an open application in this campaign."))
        if not campaign.accepts_filing_on():
            raise workflow.TransitionError(_("This campaign does not accept applications now."))
        application = Application(
            campaign=campaign,
            studio=studio,
            filing_union=studio.host_union,
            current_union=studio.host_union,
            filed_by=by,
        )
    else:
        application = Application.objects.select_for_update().get(pk=application.pk)
        if not application.filer_may_edit:
            raise workflow.TransitionError(_("Only a draft or a returned application can be changed."))
    application.statements = {code: text.strip() for code, text in statements.items()}
    if plan is not None and plan_info is not None:
        application.plan.save(plan_info.original_name, plan, save=False)
        application.plan_name = plan_info.original_name[:255]
        application.plan_content_type = plan_info.content_type
        application.plan_size = plan_info.size
        application.plan_sha256 = plan_info.sha256
    application.save()
    return application


# --- the snapshot -----------------------------------------------------------------


def take_snapshot(application, today=None):
    """What the reviewers see, frozen: studio data, completeness, ledger figures, evidence files."""
    today = today or timezone.localdate()
    studio = Studio.objects.select_related("host_union", "criteria_set").get(pk=application.studio_id)
    verdicts = completeness.evaluate(studio, today)
    figures = {}
    for provider in hooks.studio_figures:
        figures.update(provider([studio], last_12_months(today)[0]).get(studio.pk, {}))
    evidence = []
    for item in (
        studio.evidence.select_related("criterion").prefetch_related("files").order_by("criterion__position")
    ):
        evidence.append(
            {
                "criterion": item.criterion.code,
                "criterion_name": item.criterion.name,
                "description": item.description,
                "files": [
                    {
                        "id": f.pk,
                        "title": f.title or f.original_name,
                        "kind": f.get_kind_display(),
                        "original_name": f.original_name,
                        "content_type": f.content_type,
                        "size": f.size,
                        "sha256": f.sha256,
                    }
                    for f in item.files.all()
                ],
            }
        )
    snapshot = {
        "taken_at": timezone.now(),
        "round": application.round,
        "studio": {
            "name": studio.name,
            "person_name": studio.person_name,
            "person_post": studio.person_post,
            "honours": studio.honour_labels(),
            "skill_level": studio.get_person_skill_level_display() if studio.person_skill_level else "",
            "expertise": studio.person_expertise,
            "host_union": studio.host_union.name,
            "unit": studio.unit,
            "kind": studio.get_kind_display(),
            "topics": studio.topic_labels(),
            "site_address": studio.site_address,
            "site_area": studio.site_area,
            "site_equipment": studio.site_equipment,
            "founded_on": studio.founded_on,
            "stage": studio.get_stage_display(),
            "namings": [str(n) for n in studio.namings.filter(revoked=False)],
        },
        "completeness": [
            {
                "code": criterion.code,
                "name": criterion.name,
                "status": verdict.status,
                "status_label": str(completeness.Status(verdict.status).label),
                "missing": [str(m) for m in verdict.missing],
                "summary": str(verdict.summary),
            }
            for criterion, verdict in verdicts
        ],
        "figures": figures,
        "evidence": evidence,
        "statements": dict(application.statements),
        "plan": {
            "name": application.plan_name,
            "sha256": application.plan_sha256,
            "size": application.plan_size,
        },
    }
    # Through JSON once, so dates and decimals are stored as the reviewers will read them.
    return json.loads(json.dumps(snapshot, cls=DjangoJSONEncoder, default=str))


def snapshot_file(application, file_id):
    for item in application.snapshot.get("evidence", []):
        for f in item["files"]:
            if f["id"] == file_id:
                return f
    return None


# --- the path up the tree ---------------------------------------------------------


def first_reviewer(application):
    """The union that reviews first: the parent of the filing union."""
    return Union.objects.get_parent(application.filing_union) or application.filing_union


def is_organiser_level(campaign, union):
    """Sending up from `union` reaches the organiser (expert assessment) rather than another review."""
    organiser_path = campaign.organiser.path
    # The parent's path is the union's own path less one step: no query needed.
    return organiser_path in (union.path, union.path[: -Union.steplen])


def quota_for(campaign, union):
    quota = Quota.objects.filter(campaign=campaign, union=union).first()
    return quota.places if quota else None


def quota_used(campaign, union):
    """Places used: recommendations awaiting sending up, plus those sent up in the current round."""
    pending = Application.objects.filter(
        campaign=campaign, current_union=union, status=Application.Status.RECOMMENDED
    ).count()
    sent = (
        Review.objects.filter(
            union=union,
            decision=Decision.RECOMMEND,
            sent_up_at__isnull=False,
            application__campaign=campaign,
        )
        .exclude(application__status__in=[Application.Status.RETURNED, Application.Status.WITHDRAWN])
        .filter(round=F("application__round"))
        .values("application")
        .distinct()
        .count()
    )
    return pending + sent


def recommendations(campaign, union):
    """This union's recommendations awaiting sending up, in rank order, each with its review."""
    applications = list(
        Application.objects.filter(
            campaign=campaign, current_union=union, status=Application.Status.RECOMMENDED
        ).select_related("studio", "filing_union")
    )
    reviews = {
        r.application_id: r
        for r in Review.objects.filter(
            application__in=applications, union=union, decision=Decision.RECOMMEND, sent_up_at__isnull=True
        ).order_by("created_at")
    }
    for application in applications:
        application.recommendation = reviews.get(application.pk)
    return sorted(
        applications,
        key=lambda a: (a.recommendation.rank or 9999, a.pk) if a.recommendation else (9999, a.pk),
    )


def next_rank(campaign, union):
    current = Review.objects.filter(
        application__campaign=campaign,
        application__current_union=union,
        application__status=Application.Status.RECOMMENDED,
        union=union,
        decision=Decision.RECOMMEND,
        sent_up_at__isnull=True,
    ).aggregate(m=Max("rank"))["m"]
    return (current or 0) + 1


@transaction.atomic
def rerank(*, campaign, union, by, ranking):
    """ranking: [(application, rank, reason)] for this union's unsent recommendations."""
    if not permissions.can_review_at(by, union):
        raise PermissionDenied(_("You may not do this."))
    mine = {a.pk: a for a in recommendations(campaign, union)}
    for application, rank, reason in ranking:
        app = mine.get(application.pk)
        if app is None or app.recommendation is None:
            raise workflow.TransitionError(_("Only recommendations not yet sent up can be re-ranked."))
        review = app.recommendation
        review.rank = rank
        review.rank_reason = reason
        review.save(update_fields=["rank", "rank_reason"])
    return campaign


@transaction.atomic
def send_up(*, campaign, union, by, comment=""):
    """Send this union's recommendations up one level; their reviews are frozen. Returns the applications."""
    moved = []
    for application in recommendations(campaign, union):
        action = "send_to_experts" if is_organiser_level(campaign, union) else "send_up"
        moved.append(workflow.transition(application, action, by=by, comment=comment))
    if not moved:
        raise workflow.TransitionError(_("There are no recommendations to send up."))
    return moved
