"""An expert's assignment to an application: assigned → scores submitted, by that expert only."""

from operator import attrgetter

from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import ExpertAssignment
from ..services import experts as rules
from ..workflow import Move

MODEL, STATE = ExpertAssignment, "status"
A = ExpertAssignment.Status

MOVES = [
    Move(
        "submit",
        (A.ASSIGNED,),
        A.SUBMITTED,
        _("Submit scores"),
        permissions.can_score,
        check=rules.check_scores,
        effect=rules.record_scores,
        union=attrgetter("application.campaign.organiser"),
    ),
]
