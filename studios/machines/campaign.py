"""A campaign (评选批次): opened for applications by its organiser, closed, and reopened."""

from operator import attrgetter

from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import Campaign
from ..services import campaigns as rules
from ..workflow import Move

MODEL, STATE = Campaign, "status"
C = Campaign.Status

MOVES = [
    Move(
        "open",
        (C.DRAFT, C.CLOSED),
        C.OPEN,
        _("Open"),
        permissions.can_organise,
        check=rules.check_open,
        union=attrgetter("organiser"),
    ),
    Move("close", (C.OPEN,), C.CLOSED, _("Close"), permissions.can_organise, union=attrgetter("organiser")),
]
