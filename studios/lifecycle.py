"""The studio's lifecycle moves: 培育中 → 成熟 when all basic conditions are met, and back.

"培养一个、成熟一个、命名一个": a studio becomes mature only when every criterion of
its set is met, computed by studios.completeness. The naming moves ("name",
"revoke") are registered by the modules of the review path.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unions import access

from . import completeness, workflow
from .models import Studio

CULTIVATING = Studio.Stage.CULTIVATING.value
MATURE = Studio.Stage.MATURE.value


def staff_of_host_union(user, studio):
    return access.can(user, access.FILE, studio.host_union)


def all_conditions_met(studio, **kwargs):
    missing = [
        f"{criterion.name}（{'、'.join(verdict.missing)}）" if verdict.missing else criterion.name
        for criterion, verdict in completeness.evaluate(studio)
        if verdict.status != completeness.Status.MET
    ]
    if missing:
        raise workflow.TransitionError(
            _(
                "A studio becomes mature only when all its basic conditions are met "
                "(培养一个、成熟一个、命名一个). Still missing: %(missing)s."
            ),
            params={"missing": "；".join(missing)},
            code="incomplete",
        )


def host_union(studio):
    return studio.host_union


workflow.register(
    Studio,
    "stage",
    [
        workflow.Move(
            action="mature",
            sources=(CULTIVATING,),
            target=MATURE,
            label=gettext_lazy("Declare mature"),
            allowed=staff_of_host_union,
            check=all_conditions_met,
            union=host_union,
        ),
        workflow.Move(
            action="back_to_cultivating",
            sources=(MATURE,),
            target=CULTIVATING,
            label=gettext_lazy("Back to cultivating"),
            allowed=staff_of_host_union,
            union=host_union,
            needs_comment=True,
        ),
    ],
)
