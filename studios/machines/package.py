"""A nomination package (推荐材料包): compiled by the worker, then sent up by the sending union.

draft / ready / failed ──compile──▶ queued        (a reviewer of the sending union)
queued / compiling ──requeue──▶ queued            (only when the job is stale: lost by the broker)
queued / compiling ──start──▶ compiling           }
compiling ──finish──▶ ready                       } the worker only (a context flag no view sets)
queued / compiling ──fail──▶ failed               }
ready ──send──▶ sent                              (a reviewer; moves the applications up: send_up)
"""

from operator import attrgetter

from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import NominationPackage
from ..services import packages as rules
from ..workflow import Move

MODEL, STATE = NominationPackage, "status"
P = NominationPackage.Status
SENDER = attrgetter("union")

MOVES = [
    Move(
        "compile",
        (P.DRAFT, P.READY, P.FAILED),
        P.QUEUED,
        _("Compile"),
        permissions.can_prepare_package,
        check=rules.check_compile,
        effect=rules.on_compile,
        union=SENDER,
    ),
    Move(
        "requeue",
        (P.QUEUED, P.COMPILING),
        P.QUEUED,
        _("Compile again"),
        permissions.can_prepare_package,
        check=rules.check_requeue,
        effect=rules.on_compile,
        union=SENDER,
    ),
    Move(
        "start",
        (P.QUEUED, P.COMPILING),
        P.COMPILING,
        _("Start compiling"),
        permissions.is_package_worker,
        effect=rules.on_start,
        union=SENDER,
    ),
    Move(
        "finish",
        (P.COMPILING,),
        P.READY,
        _("Finish compiling"),
        permissions.is_package_worker,
        effect=rules.on_finish,
        union=SENDER,
    ),
    Move(
        "fail",
        (P.QUEUED, P.COMPILING),
        P.FAILED,
        _("Compiling failed"),
        permissions.is_package_worker,
        effect=rules.on_fail,
        union=SENDER,
    ),
    Move(
        "send",
        (P.READY,),
        P.SENT,
        _("Send up"),
        permissions.can_prepare_package,
        check=rules.check_send,
        effect=rules.on_send,
        union=SENDER,
    ),
]
