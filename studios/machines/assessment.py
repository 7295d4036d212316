"""One studio's yearly assessment: self-assessed, scored, then kept, rectified, downgraded or revoked.

Titles are not for life ("不搞终身制，每年考核、命名一次"). The grassroots union
self-assesses; the naming union's reviewers score each criterion and give a result; its head
records the decision. A 不合格 result, or a year without results (no patent, innovation,
proposal or measurable benefit), may only lead to rectification, downgrade or revocation,
each of which also makes the studio's own title move (title.py).
"""

from operator import attrgetter

from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import Assessment
from ..services import assessments as rules
from ..workflow import Move

MODEL, STATE = Assessment, "status"
S = Assessment.Status

MOVES = [
    Move(
        action="self_assess",
        sources=(S.PENDING.value, S.SELF_ASSESSED.value),
        target=S.SELF_ASSESSED.value,
        label=_("Submit the self-assessment"),
        allowed=permissions.can_self_assess,
        check=rules.check_self_assessment,
        effect=rules.record_self_assessment,
        union=attrgetter("studio.host_union"),
    ),
    Move(
        action="score",
        sources=(S.PENDING.value, S.SELF_ASSESSED.value, S.SCORED.value),
        target=S.SCORED.value,
        label=_("Score and give a result"),
        allowed=permissions.can_score_assessment,
        check=rules.check_scores,
        effect=rules.record_scores,
        union=attrgetter("round.union"),
    ),
    Move(
        action="keep",
        sources=(S.SCORED.value, S.RECTIFYING.value),
        target=S.PASSED.value,
        label=_("Keep the title"),
        allowed=permissions.can_decide_assessment,
        check=rules.check_keep,
        effect=rules.keep,
        union=attrgetter("round.union"),
    ),
    Move(
        action="rectify",
        sources=(S.SCORED.value,),
        target=S.RECTIFYING.value,
        label=_("Order rectification by a deadline"),
        allowed=permissions.can_decide_assessment,
        check=rules.check_rectify,
        effect=rules.rectify,
        union=attrgetter("round.union"),
        needs_comment=True,
    ),
    Move(
        action="downgrade",
        sources=(S.SCORED.value, S.RECTIFYING.value),
        target=S.DOWNGRADED.value,
        label=_("Downgrade the title"),
        allowed=permissions.can_decide_assessment,
        check=rules.check_downgrade,
        effect=rules.downgrade,
        union=attrgetter("round.union"),
        needs_comment=True,
    ),
    Move(
        action="revoke",
        sources=(S.SCORED.value, S.RECTIFYING.value),
        target=S.REVOKED.value,
        label=_("Revoke the title"),
        allowed=permissions.can_decide_assessment,
        check=rules.failing_only,
        effect=rules.revoke,
        union=attrgetter("round.union"),
        needs_comment=True,
    ),
]
