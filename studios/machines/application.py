"""The path of an application up the union tree.

    draft ──submit──▶ submitted (at the filing union's parent)
    returned ──resubmit──▶ submitted
    submitted / under_review ──recommend──▶ recommended (by the union it awaits; within quota)
    submitted / under_review / recommended ──return──▶ returned (to the filer, with reasons)
    submitted / under_review / recommended ──reject──▶ rejected
    recommended ──send_up──▶ under_review (at the parent)            } services.applications.send_up
    recommended ──send_to_experts──▶ receipt (at the organiser)       }
    receipt ──accept──▶ expert_review (形式审查 passed: experts may now be assigned)
    receipt ──return_for_correction──▶ returned (补正, with reasons, to the filer; resubmit goes
                                                 up the same path again)
    expert_review ──publicise──▶ publicity (公示; after the meeting is recorded)
    expert_review / publicity ──not_name──▶ not_named
    publicity ──name──▶ named (公示 over, no objection upheld or open; creates the Naming)
    draft / submitted / returned ──withdraw──▶ withdrawn

Who: the filer's staff submit, resubmit and withdraw; a reviewer or head acts only at exactly
the union the application awaits (a company reviewer never acts on behalf of the province, nor
the province for the company); the organiser's reviewer receives (形式审查) what reaches it;
the organiser's head or administrator decides 公示 and naming.
"""

from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import Application
from ..models.review import Decision
from ..services import review_path as rules
from ..services import reviews
from ..workflow import Move

MODEL, STATE = Application, "status"
S = Application.Status

MOVES = [
    Move(
        "submit",
        (S.DRAFT,),
        S.SUBMITTED,
        _("Submit"),
        permissions.can_file,
        check=rules.check_filing,
        effect=rules.on_submit,
        union=rules.acting_union,
        notify=rules.notify_reviewers,
    ),
    Move(
        "resubmit",
        (S.RETURNED,),
        S.SUBMITTED,
        _("Resubmit"),
        permissions.can_file,
        check=rules.check_filing,
        effect=rules.on_submit,
        union=rules.acting_union,
        notify=rules.notify_reviewers,
    ),
    Move(
        "withdraw",
        (S.DRAFT, S.SUBMITTED, S.RETURNED),
        S.WITHDRAWN,
        _("Withdraw"),
        permissions.can_file,
        effect=rules.on_withdraw,
        union=rules.acting_union,
    ),
    Move(
        "recommend",
        (S.SUBMITTED, S.UNDER_REVIEW),
        S.RECOMMENDED,
        _("Recommend"),
        permissions.can_review,
        check=rules.check_recommend,
        effect=rules.review_effect(Decision.RECOMMEND),
        union=rules.acting_union,
    ),
    Move(
        "return",
        (S.SUBMITTED, S.UNDER_REVIEW, S.RECOMMENDED),
        S.RETURNED,
        _("Return for revision"),
        permissions.can_review,
        check=reviews.check_review_data,
        effect=rules.review_effect(Decision.RETURN),
        union=rules.acting_union,
        needs_comment=True,
        notify=rules.notify_filer(_("%(studio)s was returned for revision by %(union)s.")),
    ),
    Move(
        "reject",
        (S.SUBMITTED, S.UNDER_REVIEW, S.RECOMMENDED),
        S.REJECTED,
        _("Do not recommend"),
        permissions.can_review,
        check=reviews.check_review_data,
        effect=rules.review_effect(Decision.REJECT),
        union=rules.acting_union,
        needs_comment=True,
        notify=rules.notify_filer(_("%(studio)s was not recommended by %(union)s.")),
    ),
    Move(
        "send_up",
        (S.RECOMMENDED,),
        S.UNDER_REVIEW,
        _("Send up"),
        permissions.can_review,
        check=rules.check_send_up,
        effect=rules.freeze_and_move(to_parent=True),
        union=rules.acting_union,
        notify=rules.notify_reviewers,
    ),
    Move(
        "send_to_experts",
        (S.RECOMMENDED,),
        S.RECEIPT,
        _("Send to the organiser"),
        permissions.can_review,
        check=rules.check_send_to_experts,
        effect=rules.freeze_and_move(to_parent=False),
        union=rules.acting_union,
        notify=rules.notify_receipt,
    ),
    Move(
        "accept",
        (S.RECEIPT,),
        S.EXPERT_REVIEW,
        _("Accept (形式审查 passed)"),
        permissions.can_review,
        union=rules.acting_union,
        notify=rules.notify_organiser,
    ),
    Move(
        "return_for_correction",
        (S.RECEIPT,),
        S.RETURNED,
        _("Return for correction (补正)"),
        permissions.can_review,
        effect=rules.on_return_for_correction,
        union=rules.acting_union,
        needs_comment=True,
        notify=rules.notify_filer(_("%(studio)s was returned for correction (补正) by %(union)s.")),
    ),
    Move(
        "publicise",
        (S.EXPERT_REVIEW,),
        S.PUBLICITY,
        _("Put on public notice"),
        permissions.can_decide_naming,
        check=rules.check_publicise,
        effect=rules.on_publicise,
        union=rules.organiser,
        notify=rules.notify_filer(_("%(studio)s is on public notice (公示) before naming.")),
    ),
    Move(
        "not_name",
        (S.EXPERT_REVIEW, S.PUBLICITY),
        S.NOT_NAMED,
        _("Do not name"),
        permissions.can_decide_naming,
        check=rules.check_not_name,
        union=rules.organiser,
        needs_comment=True,
        notify=rules.notify_filer(_("%(studio)s was not named.")),
    ),
    Move(
        "name",
        (S.PUBLICITY,),
        S.NAMED,
        _("Name"),
        permissions.can_decide_naming,
        check=rules.check_name,
        effect=rules.on_name,
        union=rules.organiser,
        notify=rules.notify_filer(_("%(studio)s has been named.")),
    ),
]
