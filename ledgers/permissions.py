"""Who may do what with the ledgers and the overview, one predicate per act.

Each predicate answers for one person and one object; the scope of a union (a
union and all below it) is decided by unions.access alone, which these call.
Writing a studio's ledgers is the studio's own predicate, `can_log` of
studios.permissions (its lead and the accounts the lead allowed), used as it is.
"""

from studios.permissions import can_log
from unions import access
from unions.models import Union

__all__ = [
    "alliance_studios",
    "alliance_unions",
    "can_edit_alliance",
    "can_open_alliances",
    "can_register_alliance",
    "can_download_export",
    "can_file_report",
    "can_manage_api_tokens",
    "can_open_api_tokens",
    "can_grant",
    "can_grant_batch",
    "can_grant_from",
    "can_log",
    "can_open_overview",
    "can_view_overview",
    "granting_unions",
]


def can_open_overview(user):
    """Is there a union whose overview `user` may see (the navigation entries)?"""
    return access.has_any(user, access.VIEW)


def can_view_overview(user, union):
    """May `user` see the dashboard, the studio search and the grants of `union`'s subtree?"""
    return access.can(user, access.VIEW, union)


def can_grant_from(user, union, studio):
    """May `user` grant creation funds on behalf of `union` to `studio` (a studio of its subtree)?"""
    return access.can(user, access.APPROVE, union) and union.contains(studio.host_union)


def granting_unions(user, studio):
    """The unions on whose behalf `user` may grant to `studio`: its host union and every union above it."""
    ancestors = Union.objects.filter(
        path__in=[
            studio.host_union.path[:n]
            for n in range(Union.steplen, len(studio.host_union.path) + 1, Union.steplen)
        ]
    ).order_by("depth")
    return [union for union in ancestors if can_grant_from(user, union, studio)]


def can_grant(user, studio):
    """May `user` grant creation funds to `studio`: a named studio, and a union above it they act for.

    The same answer as `bool(granting_unions(user, studio))` without reading the unions: a
    subtree granted to `user` holds one of the host union's ancestors (or the host union itself)
    exactly when it holds the host union.
    """
    return studio.is_named and access.can(user, access.APPROVE, studio.host_union)


def can_grant_batch(user, union):
    """May `user` grant creation funds on behalf of `union` to many studios of its subtree at once?"""
    return access.can(user, access.APPROVE, union)


def can_download_export(user, export):
    """Only the person who asked for an export may download it, once it is written."""
    return export.requested_by_id == user.pk and export.status == export.Status.READY


def can_file_report(user, union):
    """May `user` file `union`'s yearly statistics upward: its head or administrator (APPROVE on it)."""
    return access.can(user, access.APPROVE, union)


def can_manage_api_tokens(user, union):
    """May `user` create and revoke `union`'s API tokens: its administrator (MANAGE on it)."""
    return access.can(user, access.MANAGE, union)


def can_open_api_tokens(user):
    """Is `user` the administrator of some union (the navigation entry to its API tokens)?"""
    return access.has_any(user, access.MANAGE)


def can_register_alliance(user, union):
    """May `user` register a studio alliance on behalf of `union`: a clerk (staff) or head of it or
    above it (FILE or APPROVE on it)."""
    return access.can(user, access.FILE, union) or access.can(user, access.APPROVE, union)


def can_edit_alliance(user, alliance):
    """May `user` change `alliance` (name, lead, members): the same people as may register it."""
    return can_register_alliance(user, alliance.union)


def alliance_unions(user):
    """The unions on whose behalf `user` may register an alliance (a grassroots union names none below it,
    so its own studios only)."""
    from django.db.models import Q

    file_q = access.subtree_q(user, access.FILE)
    approve_q = access.subtree_q(user, access.APPROVE)
    if file_q is None or approve_q is None:
        return Union.objects.all()
    return Union.objects.filter(Q(file_q) | Q(approve_q))


def can_open_alliances(user):
    """The navigation entry to the alliances: anyone with a role on a union."""
    return access.has_any(user, access.VIEW)


def alliance_studios(user):
    """The studios `user` may put in an alliance: those of the unions they may register one for."""
    from django.db.models import Q

    from studios.models import Studio

    file_q = access.subtree_q(user, access.FILE, via="host_union")
    approve_q = access.subtree_q(user, access.APPROVE, via="host_union")
    if file_q is None or approve_q is None:
        return Studio.objects.all()
    return Studio.objects.filter(Q(file_q) | Q(approve_q))
