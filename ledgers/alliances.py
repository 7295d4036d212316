"""Studio alliances (工作室联盟): registering and changing one, and what a shared activity may be.

An alliance has a name, a founding date, a lead studio and member studios (the lead among them),
across units and host unions; the union that registers it holds every member in its subtree (the
subtree rule of unions/access.py: `access.within`). A shared activity is logged by the lead studio
on behalf of the alliance and counts for every member (ledgers/figures.py); a change of members
rebuilds the rollups of every studio that joined or left, in the same transaction.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from studios.models import Studio
from unions import access

from . import permissions, rollup
from .models import Alliance

MIN_MEMBERS = 2


def check_alliance(*, union, lead_studio, members, name, alliance=None):
    """{field: message} of what is wrong with these particulars (empty when nothing is)."""
    errors = {}
    members = set(members) | {lead_studio}
    if len(members) < MIN_MEMBERS:
        errors["members"] = _("An alliance joins at least two studios: choose the member studios.")
    outside = sorted(s.name for s in members if not access.within(s.host_union, union))
    if outside:
        errors["members"] = _(
            "%(studios)s lie outside %(union)s: a union registers an alliance of its own studios."
        ) % {
            "studios": "、".join(outside),
            "union": union.name,
        }
    same = Alliance.objects.filter(union=union, name=name)
    if alliance is not None:
        same = same.exclude(pk=alliance.pk)
    if same.exists():
        errors["name"] = _("%(union)s already has an alliance of this name.") % {"union": union.name}
    return errors


@transaction.atomic
def save_alliance(*, by, union, name, lead_studio, members, founded_on, description="", alliance=None):
    """Register an alliance (or change one); the lead studio is always a member. Raises ValidationError
    ({field: message}) when the particulars break a rule, PermissionDenied outside the person's reach."""
    if not permissions.can_register_alliance(by, union) or (
        alliance is not None and not permissions.can_edit_alliance(by, alliance)
    ):
        raise PermissionDenied(_("You may not do this."))
    members = set(members) | {lead_studio}
    before = set()
    if alliance is not None:
        alliance = Alliance.objects.select_for_update().get(pk=alliance.pk)
        before = set(alliance.members.values_list("pk", flat=True))
        if alliance.lead_studio_id != lead_studio.pk and alliance.activities.exists():
            # The shared activities stay the old lead's: it stays a member, so they keep counting for all.
            members.add(alliance.lead_studio)
    errors = check_alliance(
        union=union, lead_studio=lead_studio, members=members, name=name, alliance=alliance
    )
    if errors:
        raise ValidationError(errors)
    if alliance is None:
        alliance = Alliance(created_by=by)
    alliance.union, alliance.name, alliance.lead_studio = union, name, lead_studio
    alliance.founded_on, alliance.description = founded_on, description
    alliance.save()
    after = {s.pk for s in members}
    alliance.members.set(after)
    changed = before ^ after
    if changed and alliance.activities.exists():
        rollup.rebuild(changed)
    return alliance


def led_by(studio):
    """The alliances `studio` leads: those it may log a shared activity for."""
    return Alliance.objects.filter(lead_studio=studio)


def check_shared_activity(studio, alliance):
    """A shared activity is logged by the lead studio of its alliance, never by a member on its behalf."""
    if alliance is not None and alliance.lead_studio_id != studio.pk:
        raise ValidationError(
            {
                "alliance": _("Only the lead studio of %(alliance)s logs its shared activities.")
                % {"alliance": alliance.name}
            }
        )


def member_studios(alliance):
    return Studio.objects.filter(alliances=alliance).select_related("host_union").order_by("name", "pk")
