"""A studio's titles (命名) after they are granted: which is highest, revoking and downgrading them.

Titles are not for life ("不搞终身制，每年考核、命名一次"): the yearly assessment, or the
naming union on its own, may revoke a title or lower it one level; a revoked naming is
kept and marked, never deleted. The moves are studios/machines/title.py.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from unions.dates import years_after

from .. import workflow
from ..models import Naming, NamingLevel
from .documents import downgraded_certificate_number


def reapply_barred_until(studio, level, years, today=None):
    """The first day on which a studio whose title at `level` was revoked (摘牌) may apply at that level
    again, when that day is still to come; else None. Reads studio.namings.all() (prefetched or not)."""
    today = today or timezone.localdate()
    ends = [
        years_after(n.revoked_on, years)
        for n in studio.namings.all()
        if n.revoked and n.revoked_on and n.level == level
    ]
    until = max(ends, default=None)
    return until if until is not None and until > today else None


def active_namings(studio):
    """The studio's titles that are not revoked — read once per page when the page prefetched them."""
    prefetched = getattr(studio, "_prefetched_objects_cache", {}).get("namings")
    if prefetched is not None:
        return [n for n in prefetched if not n.revoked]
    return list(studio.namings.filter(revoked=False).select_related("named_by"))


def highest_naming(studio):
    namings = active_namings(studio)
    return max(namings, key=lambda n: NamingLevel.rank(n.level), default=None)


def approving_union(studio):
    """The union that approves a change of the studio's life (带头人变更, 撤销/注销): the one that granted
    its highest active title; with no active title, the host union's parent (the host union itself at
    the top of the tree). Read once per studio object (a page and a move ask several times)."""
    from unions.models import Union

    known = studio.__dict__.get("_approving_union")  # also put there for a whole list (services/changes.py)
    if known is not None:
        return known
    naming = highest_naming(studio)
    if naming is not None:
        union = naming.named_by
    else:
        union = Union.objects.get_parent(studio.host_union) or studio.host_union
    studio._approving_union = union
    return union


def naming_union(studio):
    """The union on whose behalf a title is decided: the one that granted the highest title (as it was
    before the move: a revocation leaves no title to read it from, and must not credit the host union)."""
    acting = getattr(studio, "_acting_union", None)
    if acting is not None:
        return acting
    naming = highest_naming(studio)
    return naming.named_by if naming else studio.host_union


def _revoke(naming, *, reason, today):
    naming.revoked = True
    naming.revoked_on = today
    naming.revoked_reason = reason
    naming.save(update_fields=["revoked", "revoked_on", "revoked_reason"])


def revoke_all_titles(studio, *, by, comment="", today=None, **kwargs):
    today = today or timezone.localdate()
    studio._acting_union = naming_union(studio)
    for naming in active_namings(studio):
        _revoke(naming, reason=comment, today=today)


def _lower_level(level):
    rank = NamingLevel.rank(level)
    return None if rank == 0 else list(NamingLevel)[rank - 1].value


def check_downgrade(studio, *, naming=None, **kwargs):
    naming = naming or highest_naming(studio)
    if naming is None or naming.revoked:
        raise workflow.TransitionError(_("This studio holds no active title."))
    if _lower_level(naming.level) is None:
        raise workflow.TransitionError(
            _("A company-level title cannot be downgraded further; revoke it instead.")
        )


def downgrade_title(studio, *, by, comment="", naming=None, today=None, **kwargs):
    """Mark the title revoked ("downgraded") and grant the next lower level in its place."""
    today = today or timezone.localdate()
    studio._acting_union = naming_union(studio)
    naming = naming or highest_naming(studio)
    lower = _lower_level(naming.level)
    _revoke(naming, reason=_("Downgraded: %(reason)s") % {"reason": comment}, today=today)
    if not studio.namings.filter(revoked=False, level=lower).exists():
        Naming.objects.create(
            studio=studio,
            level=lower,
            year=today.year,
            certificate_number=downgraded_certificate_number(naming, today.year),
            named_by=naming.named_by,
            named_on=today,
        )
