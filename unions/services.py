"""Actions on the union tree and its accounts; each runs in one transaction."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from . import access
from .models import ROLE_PERMISSIONS, Membership, Role, Union, UnionUserObjectPermission

User = get_user_model()


@transaction.atomic
def create_root_union(*, name, code, level, unit="", region=""):
    return Union.objects.add_root(dict(name=name, code=code, level=level, unit=unit, region=region))


@transaction.atomic
def add_child_union(
    *, parent, name, code, level, unit="", region="", industry="", ownership="", document_prefix=""
):
    parent.refresh_from_db()  # treebeard needs the current numchild
    if level not in Union.levels_allowed(parent.level):
        raise ValidationError(
            _(
                "This level does not fit the union's place in the tree (its parent's and its children's levels)."
            )
        )
    return Union.objects.add_child(
        parent,
        dict(
            name=name,
            code=code,
            level=level,
            unit=unit,
            region=region,
            industry=industry,
            ownership=ownership,
            document_prefix=document_prefix,
        ),
    )


def _sync_grants(user, union):
    """Make the guardian grants on `union` equal to what the active memberships give (a few queries)."""
    wanted = set()
    for role in Membership.objects.active().filter(user=user, union=union).values_list("role", flat=True):
        wanted.update(ROLE_PERMISSIONS[Role(role)])
    role_perms = {p for perms in ROLE_PERMISSIONS.values() for p in perms}
    grants = UnionUserObjectPermission.objects.filter(user=user, content_object=union)
    held = set(
        grants.filter(permission__codename__in=role_perms).values_list("permission__codename", flat=True)
    )
    if held - wanted:
        grants.filter(permission__codename__in=held - wanted).delete()
    if wanted - held:
        permissions = Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(Union), codename__in=wanted - held
        )
        UnionUserObjectPermission.objects.bulk_create(
            [UnionUserObjectPermission(user=user, content_object=union, permission=p) for p in permissions]
        )
    access.forget(user)


@transaction.atomic
def grant_role(*, user, union, role):
    membership, _created = Membership.objects.update_or_create(
        user=user, union=union, role=role, defaults={"is_active": True, "ended_at": None}
    )
    _sync_grants(user, union)
    return membership


@transaction.atomic
def end_membership(*, membership):
    membership.is_active = False
    membership.ended_at = timezone.now()
    membership.save(update_fields=["is_active", "ended_at"])
    _sync_grants(membership.user, membership.union)
    return membership


def set_password_link(request, user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return request.build_absolute_uri(reverse("password_reset_confirm", args=[uid, token]))


@transaction.atomic
def invite_account(*, request, union, username, full_name, email, phone, role):
    """Create an account with a role in `union` and e-mail a link to set its password."""
    user = User(username=username, full_name=full_name, email=email, phone=phone)
    user.set_unusable_password()
    user.save()
    grant_role(user=user, union=union, role=role)
    link = set_password_link(request, user)
    context = {"user": user, "union": union, "role": Role(role).label, "link": link}
    transaction.on_commit(
        lambda: send_mail(
            _("You have been invited to the innovation studio platform"),
            render_to_string("unions/email/invite.txt", context),
            None,
            [email],
            fail_silently=True,
        )
    )
    return user, link


@transaction.atomic
def deactivate_account(*, user):
    """Switch an account off: it can no longer log in and every role ends."""
    for membership in Membership.objects.active().filter(user=user):
        end_membership(membership=membership)
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user
