"""Batch grants: a union grants creation funds to many named studios of its subtree under one document (文号).

`grant_batch` takes a {studio: amount} mapping, so a fill by tier (示范性, or any other rule) is a
function that builds the mapping; the batch never decides amounts itself. Each studio's money goes
through `grants.write_grant`, the writes of `grants.grant_funds` (its FundGrant and its income line, so
the rollups follow), all in one transaction: one refused studio and nothing is granted. A form submitted twice carries the same
key and finds the batch already written; a union issues a 文号 once.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from studios.models import Studio
from studios.services.naming import HOST_UNION_ROLES
from studios.services.studio import leads_of
from unions import access
from unions.notifications import notify, users_with_roles

from .. import rollup
from ..models import GrantBatch
from ..permissions import can_grant_batch
from . import grants


def eligible_studios(union):
    """The named studios of `union`'s subtree, the ones a batch of `union` may grant to (one query)."""
    return (
        Studio.objects.filter(access.subtree_of(union, via="host_union"), stage=Studio.Stage.NAMED)
        .select_related("host_union")
        .order_by("host_union__path", "name", "pk")
    )


def same_amount(studios, amount):
    """{studio: amount}: the same amount for each of `studios` (the form's "same amount for all")."""
    return {studio: amount for studio in studios}


def problems(*, union, amounts):
    """What keeps `amounts` ({studio: amount}) from being granted by `union`: a list of messages."""
    found = []
    if not amounts:
        found.append(_("Choose at least one studio."))
    for studio, amount in amounts.items():
        if not access.within(studio.host_union, union):
            found.append(
                _("%(studio)s is not a studio of %(union)s.") % {"studio": studio.name, "union": union.name}
            )
        elif not studio.is_named:
            found.append(
                _("%(studio)s is not a named studio; creation funds go to named studios only.")
                % {"studio": studio.name}
            )
        if amount is None or amount <= Decimal("0"):
            found.append(_("The amount for %(studio)s must be more than zero.") % {"studio": studio.name})
    return found


def grant_batch(*, union, amounts, year, document_number, title, purpose, source, granted_on, by, key):
    """Grant each studio of `amounts` its amount under one document; return (batch, created).

    `key` identifies one submission of the form: the same key again returns the batch it wrote
    (created False) and grants nothing more.
    """
    if not can_grant_batch(by, union):
        raise PermissionDenied(_("You may not do this."))
    earlier = GrantBatch.objects.filter(key=key, union=union, granted_by=by).first()
    if earlier is not None:
        return earlier, False
    found = problems(union=union, amounts=amounts)
    if found:
        raise ValidationError({"studios": found})
    if GrantBatch.objects.filter(union=union, document_number=document_number).exists():
        raise ValidationError({"document_number": _document_used(document_number)})
    try:
        with transaction.atomic():
            batch = GrantBatch.objects.create(
                union=union,
                document_number=document_number,
                title=title,
                year=year,
                purpose=purpose,
                source=source,
                granted_on=granted_on,
                total=sum(amounts.values()),
                key=key,
                granted_by=by,
            )
            # Every studio locked at once, read again under the lock: still named, still in the subtree.
            ids = sorted(s.pk for s in amounts)
            locked = list(
                Studio.objects.select_for_update(of=("self",))
                .filter(access.subtree_of(union, via="host_union"), pk__in=ids, stage=Studio.Stage.NAMED)
                .order_by("pk")
            )
            if len(locked) != len(ids):
                raise ValidationError(
                    {"studios": [_("A studio chosen is not a named studio of this union.")]}
                )
            by_pk = {s.pk: a for s, a in amounts.items()}
            with rollup.deferred():  # the rollups of all the studios refreshed together at the end
                for studio in locked:
                    grants.write_grant(
                        union=union,
                        studio=studio,
                        year=year,
                        amount=by_pk[studio.pk],
                        purpose=purpose,
                        document_number=document_number,
                        source=source,
                        granted_on=granted_on,
                        by=by,
                        batch=batch,
                    )
    except IntegrityError:
        # The same form sent twice at once: the other request wrote the batch first.
        earlier = GrantBatch.objects.filter(key=key, union=union, granted_by=by).first()
        if earlier is not None:
            return earlier, False
        if GrantBatch.objects.filter(
            key=key
        ).exists():  # a key of someone else's batch: never theirs to reuse
            raise ValidationError(_("This form has expired; open the batch grant page again.")) from None
        raise ValidationError({"document_number": _document_used(document_number)}) from None
    transaction.on_commit(lambda: announce(batch))
    return batch, True


def _document_used(number):
    return _("Document %(number)s has already been used for a batch grant of this union.") % {
        "number": number
    }


def announce(batch):
    """Tell each studio's leads and its host union what was granted, with a link to its funds ledger."""
    for grant in batch.grants.select_related("studio__host_union").order_by("pk"):
        studio = grant.studio
        text = _(
            "%(union)s granted %(amount)s yuan of creation funds to %(studio)s (document %(number)s); "
            "it is in the studio's funds ledger."
        ) % {
            "union": batch.union.name,
            "amount": grant.amount,
            "studio": studio.name,
            "number": batch.document_number,
        }
        people = list(leads_of(studio)) + users_with_roles(studio.host_union, HOST_UNION_ROLES)
        notify(people, text, reverse("ledgers:list", args=[studio.pk, "funds"]))


def batch_lines(batch):
    """The grants of a batch with their studios and host unions, by studio name (one query)."""
    return list(batch.grants.select_related("studio__host_union").order_by("studio__name", "studio_id"))
