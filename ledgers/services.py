"""Actions on a studio's ledgers: keyword-only arguments, one transaction each, the changed object returned.

Views validate a form (ledgers.forms) and call one of these. The funds ledger's
balance is always computed from the entries (`balance`, `running_balance`), and
every write to it runs under a lock on the studio row so that two concurrent
expenditures cannot together overdraw it.
"""

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from studios.models import Studio

from . import alliances, rollup
from .figures import MONEY, money, signed_amount
from .models import Achievement, AchievementProof, Activity, ActivityPhoto, FundEntry, Member, Training

# --- funds: the balance, computed -----------------------------------------------------


def balance(studio, on=None):
    """The studio's funds balance now, or at the end of the day `on`."""
    entries = FundEntry.objects.filter(studio=studio)
    if on is not None:
        entries = entries.filter(date__lte=on)
    return money(entries.aggregate(total=Sum(signed_amount()))["total"])


def running_balance():
    """An annotation for FundEntry rows: the balance just after each entry (entries ordered by date, pk)."""
    earlier = (
        FundEntry.objects.filter(studio=OuterRef("studio"))
        .filter(Q(date__lt=OuterRef("date")) | Q(date=OuterRef("date"), pk__lte=OuterRef("pk")))
        .order_by()
        .values("studio")
        .annotate(total=Sum(signed_amount()))
        .values("total")
    )
    return Subquery(earlier, output_field=MONEY)


def _lock(studio):
    """Lock the studio row until the transaction ends: writes to its funds happen one at a time.

    An import locks once and passes the locked instance to each row's service, which
    then does not ask again.
    """
    if getattr(studio, "_locked", False):
        return studio
    locked = Studio.objects.select_for_update().get(pk=studio.pk)
    locked._locked = True
    return locked


def _first_negative(studio, *, entry, date, direction, amount):
    """(date, balance) of the first point where the balance would go below zero, or None."""
    start = min(date, entry.date) if entry.pk else date
    others = FundEntry.objects.filter(studio=studio).exclude(pk=entry.pk) if entry.pk else studio.fund_entries
    before = money(others.filter(date__lt=start).aggregate(total=Sum(signed_amount()))["total"])
    rows = list(others.filter(date__gte=start).values_list("date", "pk", "direction", "amount"))
    rows.append((date, entry.pk or float("inf"), direction, amount))
    rows.sort(key=lambda r: (r[0], r[1]))
    running = before
    for row_date, _pk, row_direction, row_amount in rows:
        running += row_amount if row_direction == FundEntry.Direction.INCOME else -row_amount
        if running < 0:
            return row_date, running
    return None


@transaction.atomic
def record_fund_entry(*, studio, data, by, entry=None):
    """Add (or change) a line of the funds ledger; refuse it if the balance would go negative at any date."""
    studio = _lock(studio)
    if entry is not None:
        # Read it again under the lock: a bound form has already changed the instance in memory.
        entry = FundEntry.objects.get(pk=entry.pk, studio=studio)
    else:
        entry = FundEntry(studio=studio, created_by=by)
    if getattr(entry, "grant", None) is not None:
        raise ValidationError(_("This income comes from a creation-fund grant and is changed there."))
    negative = _first_negative(
        studio, entry=entry, date=data["date"], direction=data["direction"], amount=data["amount"]
    )
    if negative is not None:
        on, value = negative
        raise ValidationError(
            _(
                "Not enough funds: after this entry the balance on %(date)s would be %(balance)s yuan, "
                "and a balance may never be negative. Record the income first or check the amount."
            ),
            params={"date": on.isoformat(), "balance": f"{value:,.2f}"},
            code="overdraft",
        )
    for name, value in data.items():
        setattr(entry, name, value)
    entry.full_clean(exclude=["created_by"])
    entry.save()
    return entry


# --- members -------------------------------------------------------------------------


@transaction.atomic
def record_member(*, studio, data, member=None):
    """Add a member to the archive (or correct one); the one-current-lead rule is checked under a lock."""
    studio = _lock(studio)
    member = member or Member(studio=studio)
    for name, value in data.items():
        setattr(member, name, value)
    if member.role == Member.StudioRole.LEAD and member.left_on is None:
        clash = Member.objects.filter(studio=studio, role=Member.StudioRole.LEAD, left_on__isnull=True)
        if clash.exclude(pk=member.pk).exists():
            raise ValidationError(_("The studio already has a current lead; record that they left first."))
    member.save()
    return member


@transaction.atomic
def member_left(*, member, left_on):
    """The member left the studio (rotated to another post): kept in the archive with the date."""
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    return member


# --- activities, trainings, achievements ---------------------------------------------------


def _store(model, owner_field, owner, files):
    """Save checked uploads [(upload, info)] as private files; on failure remove what was written.

    Called last in its transaction, so nothing after it can roll the rows back and leave files behind.
    """
    written = []
    try:
        for upload, info in files:
            row = model(
                **{owner_field: owner},
                original_name=info.original_name[:255],
                content_type=info.content_type,
                size=info.size,
                sha256=info.sha256,
            )
            row.file.save(info.original_name, info.stored_file(upload), save=False)
            written.append(row.file)
            row.save()
    except Exception:
        for stored in written:
            stored.delete(save=False)
        raise
    return written


@transaction.atomic
def record_activity(*, studio, data, by, photos=(), activity=None):
    """Log an activity (or correct one) with its participants and photos."""
    data = dict(data)
    participants = data.pop("participants", None)
    existed = activity is not None
    if "alliance" in data and (not existed or data["alliance"] != activity.alliance):
        alliances.check_shared_activity(studio, data["alliance"])
    activity = activity or Activity(studio=studio, created_by=by)
    for name, value in data.items():
        setattr(activity, name, value)
    activity.save()
    if participants is not None and (existed or participants):
        activity.participants.set(participants)
    _store(ActivityPhoto, "activity", activity, photos)
    return activity


@transaction.atomic
def delete_file(*, row):
    """Remove a photo or proof row; its stored file goes once the deletion is committed."""
    storage, name = row.file.storage, row.file.name
    row.delete()
    transaction.on_commit(lambda: storage.delete(name))
    return row


@transaction.atomic
def record_training(*, studio, data, training=None):
    training = training or Training(studio=studio)
    for name, value in data.items():
        setattr(training, name, value)
    training.save()
    return training


@transaction.atomic
def record_achievement(*, studio, data, proofs=(), achievement=None):
    """Record an achievement (or correct one) with its proof files."""
    achievement = achievement or Achievement(studio=studio)
    for name, value in data.items():
        setattr(achievement, name, value)
    achievement.save()
    _store(AchievementProof, "achievement", achievement, proofs)
    return achievement


# --- voiding: a row entered by mistake is kept, struck through, and counts nowhere ----------------


@transaction.atomic
def void_entry(*, entry, by, reason):
    """Void (作废) a ledger row with a reason: kept in the ledger and its history, out of every total.

    The default managers leave voided rows out, and saving refreshes the row's rollup, so
    the studio's figures and 七有 lose it in this transaction. Income that later spending
    relies on cannot be voided (the balance may never go negative), and a grant's income
    line is voided with the grant, not here.
    """
    model = type(entry)
    studio = _lock(entry.studio)
    entry = model.objects.get(pk=entry.pk, studio=studio)  # live, and read again under the lock
    if isinstance(entry, FundEntry):
        if getattr(entry, "grant", None) is not None:
            raise ValidationError(_("This income comes from a creation-fund grant and is changed there."))
        negative = _first_negative(studio, entry=entry, date=entry.date, direction=entry.direction, amount=0)
        if negative is not None:
            on, value = negative
            raise ValidationError(
                _(
                    "This income cannot be voided: without it the balance on %(date)s would be "
                    "%(balance)s yuan. Void the spending that relies on it first."
                ),
                params={"date": on.isoformat(), "balance": f"{value:,.2f}"},
                code="overdraft",
            )
    entry.voided_at, entry.voided_by, entry.void_reason = timezone.now(), by, reason
    entry.save()
    return entry


# --- imports: every row or none, and never the same row twice ---------------------------------


def held_positions(*, model, studio, rows, identity):
    """The positions in `rows` of the rows the ledger already holds (an import's preview names them).

    A row is the same as a live row of the studio when the `identity` fields agree (e.g. an
    activity's date, kind and topic). Counted as a multiset: a file that lists the same row
    twice creates two rows the first time and none when it is uploaded again.
    """
    held = {}
    for values in model.objects.filter(studio=studio).values_list(*identity):
        held[values] = held.get(values, 0) + 1
    positions = []
    for index, row in enumerate(rows):
        key = tuple(row.get(name) for name in identity)
        if held.get(key):
            held[key] -= 1
            positions.append(index)
    return positions


def new_rows(*, model, studio, rows, identity):
    """The rows of an import that the ledger does not hold yet, and how many it already holds."""
    held = set(held_positions(model=model, studio=studio, rows=rows, identity=identity))
    return [row for index, row in enumerate(rows) if index not in held], len(held)


class Imported(NamedTuple):
    saved: list  # the rows created
    skipped: int  # rows of the file the ledger already held


# What makes two rows of a ledger the same row, for an import uploaded again.
MEMBER_IDENTITY = ("name", "joined_on")
ACTIVITY_IDENTITY = ("date", "kind", "topic")
TRAINING_IDENTITY = ("date", "title")
ACHIEVEMENT_IDENTITY = ("kind", "title", "date")
FUND_IDENTITY = ("date", "direction", "amount", "source", "use", "description", "document_number")


class RowRefused(ValidationError):
    """A row of an import the service refuses (e.g. it would overdraw the funds): `index` is its
    position in the rows passed in, so that the page names the file's row."""

    def __init__(self, error, *, index, field=None):
        super().__init__(error.messages)
        self.index, self.field = index, field


@transaction.atomic
def import_members(*, studio, rows):
    """Save the new members of an import (cleaned rows of MemberForm) in one transaction."""
    studio = _lock(studio)
    rows, skipped = new_rows(model=Member, studio=studio, rows=rows, identity=MEMBER_IDENTITY)
    return Imported([record_member(studio=studio, data=row) for row in rows], skipped)


@transaction.atomic
def import_activities(*, studio, rows, by):
    """Save the new activities of an import (cleaned rows of ActivityForm) in one transaction."""
    studio = _lock(studio)
    rows, skipped = new_rows(model=Activity, studio=studio, rows=rows, identity=ACTIVITY_IDENTITY)
    activities, links = [], []
    with rollup.deferred():  # one rollup refresh per (studio, year), not one per row
        for row in rows:
            row = dict(row)
            participants = row.pop("participants", None) or []
            activity = record_activity(studio=studio, data=row, by=by)
            activities.append(activity)
            links += [Activity.participants.through(activity=activity, member=m) for m in participants]
    # One insert for every participant of every row, instead of one `set()` per activity.
    Activity.participants.through.objects.bulk_create(links)
    return Imported(activities, skipped)


@transaction.atomic
def import_trainings(*, studio, rows):
    """Save the new trainings of an import (cleaned rows of TrainingForm) in one transaction."""
    studio = _lock(studio)
    rows, skipped = new_rows(model=Training, studio=studio, rows=rows, identity=TRAINING_IDENTITY)
    with rollup.deferred():
        return Imported([record_training(studio=studio, data=row) for row in rows], skipped)


@transaction.atomic
def import_achievements(*, studio, rows):
    """Save the new achievements of an import (cleaned rows of AchievementForm) in one transaction."""
    studio = _lock(studio)
    rows, skipped = new_rows(model=Achievement, studio=studio, rows=rows, identity=ACHIEVEMENT_IDENTITY)
    with rollup.deferred():
        return Imported([record_achievement(studio=studio, data=row) for row in rows], skipped)


@transaction.atomic
def import_fund_entries(*, studio, rows, by):
    """Save the new lines of a funds import in one transaction, by date (income before spending on
    the same day), each under the never-negative rule of record_fund_entry; the first row that
    would overdraw the balance is refused as RowRefused naming its place in `rows`, and nothing is saved."""
    studio = _lock(studio)
    indexed = [dict(row, _index=index) for index, row in enumerate(rows)]
    fresh, skipped = new_rows(model=FundEntry, studio=studio, rows=indexed, identity=FUND_IDENTITY)
    fresh.sort(key=lambda r: (r["date"], r["direction"] != FundEntry.Direction.INCOME, r["_index"]))
    saved = []
    with rollup.deferred():
        for row in fresh:
            index = row.pop("_index")
            try:
                saved.append(record_fund_entry(studio=studio, data=row, by=by))
            except ValidationError as exc:
                raise RowRefused(exc, index=index, field="amount") from exc
    return Imported(saved, skipped)
