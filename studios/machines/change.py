"""A request to change a studio's life after naming (studios/models/change.py): 带头人变更 or 撤销/注销.

Written and filed in one step by the host union (draft → filed), then approved or refused at the
naming level (permissions.can_approve_change), or withdrawn by its filers. Approving a dissolution
also makes the studio's own "dissolve" move (lifecycle.py).
"""

from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import StudioChange
from ..services import changes as rules
from ..workflow import Move

MODEL, STATE = StudioChange, "status"
S = StudioChange.Status


def _filer(user, change):
    return permissions.can_file_change(user, change.studio)


MOVES = [
    Move(
        action="file",
        sources=(S.DRAFT.value,),
        target=S.FILED.value,
        label=_("File the request"),
        allowed=_filer,
        check=rules.check_file,
        union=rules.host_union,
        notify=rules.notify_approvers,
    ),
    Move(
        action="approve",
        sources=(S.FILED.value,),
        target=S.APPROVED.value,
        label=_("Approve the request"),
        allowed=permissions.can_approve_change,
        check=rules.check_approve,
        effect=rules.on_approve,
        union=rules.deciding_union,
        notify=rules.notify_decision(_("%(kind)s of %(studio)s was approved.")),
    ),
    Move(
        action="refuse",
        sources=(S.FILED.value,),
        target=S.REFUSED.value,
        label=_("Refuse the request"),
        allowed=permissions.can_approve_change,
        union=rules.deciding_union,
        needs_comment=True,
        notify=rules.notify_decision(_("%(kind)s of %(studio)s was refused.")),
    ),
    Move(
        action="withdraw",
        sources=(S.FILED.value,),
        target=S.WITHDRAWN.value,
        label=_("Withdraw the request"),
        allowed=permissions.can_withdraw_change,
        union=rules.host_union,
        notify=rules.notify_approvers_withdrawn,
    ),
]
