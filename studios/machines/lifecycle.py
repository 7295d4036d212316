"""The studio's lifecycle: 培育中 → 成熟 when all basic conditions are met, and back.

"培养一个、成熟一个、命名一个": a studio becomes mature only when every criterion of its set
is met (studios.completeness). Its naming and title moves are in title.py. From any stage an
approved dissolution request (change.py) ends it: 已注销, kept read-only with its history.
"""

from operator import attrgetter

from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import Studio
from ..services import changes
from ..services import studio as rules
from ..workflow import Move

MODEL, STATE = Studio, "stage"
CULTIVATING, MATURE = Studio.Stage.CULTIVATING.value, Studio.Stage.MATURE.value
NAMED, DISSOLVED = Studio.Stage.NAMED.value, Studio.Stage.DISSOLVED.value

MOVES = [
    Move(
        action="mature",
        sources=(CULTIVATING,),
        target=MATURE,
        label=_("Declare mature"),
        allowed=permissions.can_edit_studio,
        check=rules.all_conditions_met,
        union=attrgetter("host_union"),
    ),
    Move(
        action="back_to_cultivating",
        sources=(MATURE,),
        target=CULTIVATING,
        label=_("Back to cultivating"),
        allowed=permissions.can_edit_studio,
        union=attrgetter("host_union"),
        needs_comment=True,
    ),
    # Only inside an approved dissolution request (permissions.dissolving), never a button of its own.
    Move(
        action="dissolve",
        sources=(CULTIVATING, MATURE, NAMED),
        target=DISSOLVED,
        label=_("Dissolve the studio"),
        allowed=permissions.can_dissolve,
        effect=changes.record_dissolution,
        union=changes.approving_union,
    ),
]
