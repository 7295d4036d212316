"""A yearly assessment round of one naming union: open until every studio in it is decided."""

from operator import attrgetter

from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import AssessmentRound
from ..services import assessments as rules
from ..workflow import Move

MODEL, STATE = AssessmentRound, "status"
R = AssessmentRound.Status

MOVES = [
    Move(
        action="close",
        sources=(R.OPEN.value,),
        target=R.CLOSED.value,
        label=_("Close the round"),
        allowed=permissions.can_close_round,
        check=rules.nothing_undecided,
        union=attrgetter("union"),
    ),
]
