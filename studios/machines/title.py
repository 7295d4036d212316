"""A studio's title: named by an application's naming; revoked, downgraded or rectified after it.

"name" is allowed only inside an application's "name" move (permissions.naming_studio), never
as a button of its own. The others are made by the yearly assessment's decisions, or on their
own by the head of the union that granted the title.
"""

from operator import attrgetter

from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import Studio
from ..services import history_import
from ..services import titles as rules
from ..workflow import Move

MODEL, STATE = Studio, "stage"
CULTIVATING, MATURE, NAMED = (
    Studio.Stage.CULTIVATING.value,
    Studio.Stage.MATURE.value,
    Studio.Stage.NAMED.value,
)

MOVES = [
    Move(
        action="name",
        sources=(MATURE, NAMED),
        target=NAMED,
        label=_("Name"),
        allowed=permissions.can_name_studio,
        union=attrgetter("host_union"),
    ),
    Move(
        action="revoke",
        sources=(NAMED,),
        target=MATURE,
        label=_("Revoke the title"),
        allowed=permissions.can_decide_title,
        effect=rules.revoke_all_titles,
        union=rules.naming_union,
        needs_comment=True,
    ),
    Move(
        action="downgrade",
        sources=(NAMED,),
        target=NAMED,
        label=_("Downgrade the title"),
        allowed=permissions.can_decide_title,
        check=rules.check_downgrade,
        effect=rules.downgrade_title,
        union=rules.naming_union,
        needs_comment=True,
    ),
    Move(
        action="rectify",
        sources=(NAMED,),
        target=NAMED,
        label=_("Order rectification by a deadline"),
        allowed=permissions.can_decide_title,
        union=rules.naming_union,
        needs_comment=True,
    ),
    # Historic titles brought in by an import (services/history_import.py), each an imported record
    # of the timeline; allowed only while the import runs (permissions.importing_history).
    Move(
        action="import_title",
        sources=(CULTIVATING, MATURE, NAMED),
        target=NAMED,
        label=_("Historic title imported"),
        allowed=permissions.can_import_history,
        effect=history_import.record_imported_title,
        union=attrgetter("host_union"),
    ),
    Move(
        action="import_revocation",
        sources=(NAMED,),
        target=NAMED,
        label=_("Historic revocation imported"),
        allowed=permissions.can_import_history,
        check=history_import.check_imported_revocation,
        effect=history_import.record_imported_revocation,
        union=attrgetter("host_union"),
    ),
    Move(
        action="import_last_revocation",
        sources=(NAMED,),
        target=MATURE,
        label=_("Historic revocation imported"),
        allowed=permissions.can_import_history,
        check=history_import.check_imported_last_revocation,
        effect=history_import.record_imported_revocation,
        union=attrgetter("host_union"),
    ),
]
