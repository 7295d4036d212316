"""Who may do what on the union tree and its accounts, each predicate named after the act.

The subtree rule itself is unions.access; these only say which permission an act needs.
"""

from . import access
from .models import Membership


def can_see_union(user, union):
    return user.is_superuser or access.can(user, access.VIEW, union)


def can_manage_union(user, union):
    """Edit a union, add unions below it, invite accounts into it and end their roles."""
    return access.can(user, access.MANAGE, union)


def can_manage_somewhere(user):
    """Administer at least one union (what the home page offers)."""
    return access.has_any(user, access.MANAGE)


def can_manage_account(manager, user):
    """Deactivate another account: every union it belongs to lies in the manager's subtree."""
    if user == manager:
        return False
    unions = [m.union for m in Membership.objects.filter(user=user).select_related("union")]
    return bool(unions) and all(can_manage_union(manager, u) for u in unions)
