"""An expert's assignment to an application, moved by that expert only.

assigned ──declare_no_conflict──▶ declared (回避声明: the application opens to the expert)
assigned ──declare_conflict──▶ conflict (withdrawn; recorded, the organiser told)
declared ──submit──▶ submitted (the points per dimension)
"""

from operator import attrgetter

from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import ExpertAssignment
from ..services import experts as rules
from ..workflow import Move

MODEL, STATE = ExpertAssignment, "status"
A = ExpertAssignment.Status

ORGANISER = attrgetter("application.campaign.organiser")

MOVES = [
    Move(
        "declare_no_conflict",
        (A.ASSIGNED,),
        A.DECLARED,
        _("Declare no conflict of interest"),
        permissions.can_score,
        check=rules.check_still_in_assessment,
        effect=rules.on_declare_no_conflict,
        union=ORGANISER,
    ),
    Move(
        "declare_conflict",
        (A.ASSIGNED,),
        A.CONFLICT,
        _("Declare a conflict of interest"),
        permissions.can_score,
        effect=rules.on_declare_conflict,
        union=ORGANISER,
        notify=rules.notify_conflict,
    ),
    Move(
        "submit",
        (A.DECLARED,),
        A.SUBMITTED,
        _("Submit scores"),
        permissions.can_score,
        check=rules.check_scores,
        effect=rules.record_scores,
        union=ORGANISER,
    ),
]
