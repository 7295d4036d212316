"""What every ledger view does first: fetch the studio within the user's scope, then check writing."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from studios.models import Studio

from ..permissions import can_log


def get_studio(request, studio_pk):
    """The studio, if the user may see it (its union's subtree, its lead, its ledger keepers); else 404."""
    return get_object_or_404(
        Studio.objects.visible_to(request.user).select_related("host_union"), pk=studio_pk
    )


def require_log(user, studio):
    """People of the unions above see the ledgers read-only: writing is refused with 403."""
    if not can_log(user, studio):
        raise PermissionDenied
