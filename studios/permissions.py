"""Who may do what on studios and their review path, each predicate named after the act.

The subtree rule (a role on a union reaches every union below it) is unions.access; these
only say which permission an act needs and on which union, or which per-object grant. The
move tables (studios/machines/) name these as `allowed`, the views call the same ones to
show a button and again before they write, and the services check them where they act
outside a move.
"""

import contextlib
import contextvars

from unions import access, compiled
from unions.models import Membership, Union

from .models import Application, Studio, StudioGroupObjectPermission, StudioUserObjectPermission
from .services.titles import approving_union, highest_naming

LEAD = "lead_studio"
LOG = "log_ledger"

# Set only while an application's "name" move runs: the studio's "name" is never offered
# as a button of its own, nor can it be posted to the studio's generic move view.
_naming = contextvars.ContextVar("naming_in_progress", default=False)
# Set only by the package worker: a view never compiles a package itself.
_worker = contextvars.ContextVar("package_worker", default=False)


@contextlib.contextmanager
def naming_studio():
    """While an application's naming runs, the studio's own "name" move is allowed."""
    token = _naming.set(True)
    try:
        yield
    finally:
        _naming.reset(token)


# Set only while a workbook of historic studios and titles is imported (services/history_import.py):
# the imported-record moves are never buttons of the studio page.
_importing = contextvars.ContextVar("history_import", default=False)


@contextlib.contextmanager
def importing_history():
    """While a history import runs, its moves (import_title, import_revocation…) are allowed."""
    token = _importing.set(True)
    try:
        yield
    finally:
        _importing.reset(token)


def can_import_history(user, studio):
    """Record a studio's historic titles: inside an import, by an administrator of its host union."""
    return _importing.get() and access.can(user, access.MANAGE, studio.host_union)


@contextlib.contextmanager
def as_worker():
    """The package worker's moves (start, finish, fail) are allowed inside this block only."""
    token = _worker.set(True)
    try:
        yield
    finally:
        _worker.reset(token)


def _active(user):
    return user.is_authenticated and user.is_active


def acts_at(user, perm, union):
    """Holds `perm` on exactly this union (not on an ancestor acting on its behalf)."""
    if not _active(user):
        return False
    return user.is_superuser or any(u.pk == union.pk for u in access.granted_unions(user, perm))


# --- studios ----------------------------------------------------------------------------------


def _perms_query(user, studio):
    """The codenames granted to `user` on `studio` (pks), to them or to one of their groups."""
    own = StudioUserObjectPermission.objects.filter(user_id=user, content_object_id=studio)
    groups = StudioGroupObjectPermission.objects.filter(group__user=user, content_object_id=studio)
    return (
        own.order_by()
        .values_list("permission__codename")
        .union(groups.order_by().values_list("permission__codename"), all=True)
    )


def _studio_perms(user, studio):
    """The user's guardian permissions on this studio (guardian's get_perms, in one query instead of
    two), read once per studio object (a page asks twice)."""
    memo = studio.__dict__.setdefault("_perms_of_user", {})
    if user.pk not in memo:
        memo[user.pk] = (
            {
                codename
                for (codename,) in compiled.rows(
                    "studios.perms", _perms_query, user=user.pk, studio=studio.pk
                )
            }
            if _active(user)
            else set()
        )
    return memo[user.pk]


def can_see_studios(user):
    """Some studio is in sight: a role anywhere, or a grant on one studio (a lead, a logger)."""
    return access.has_any(user, access.VIEW) or StudioUserObjectPermission.objects.filter(user=user).exists()


def can_register_studio(user):
    """Staff of at least one grassroots union."""
    return access.unions_for(user, access.FILE).filter(level=Union.Level.GRASSROOTS).exists()


def can_edit_studio(user, studio):
    """Edit the studio, prove its criteria, appoint its lead, declare it mature: staff of its host union;
    never a dissolved studio (kept read-only)."""
    return studio.stage != Studio.Stage.DISSOLVED and access.can(user, access.FILE, studio.host_union)


def can_lead(user, studio):
    return user.is_superuser or LEAD in _studio_perms(user, studio)


def can_log(user, studio):
    """Log the studio's ledgers: its lead, or an account the lead allowed; never a dissolved studio's
    (its ledgers are kept, read-only)."""
    if studio.stage == Studio.Stage.DISSOLVED:
        return False
    return user.is_superuser or LOG in _studio_perms(user, studio)


def can_manage_loggers(user, studio):
    """Allow accounts to log the studio's ledgers, and revoke them: its staff or its lead."""
    return can_edit_studio(user, studio) or can_lead(user, studio)


def can_appoint(appointer, account, studio):
    """Give `account` a role on `studio` (its lead, or logging its ledgers).

    Only an account of the studio's own branch, or of the appointer's scope: every union role it
    holds, and the host union of every studio it leads or logs, lies below the studio's host
    union or inside what the appointer may see — and it holds at least one such tie. So no one
    can hand a studio's ledgers and files to an account of another company, and an account
    with no tie (nothing shows whose it is) is never appointed; new people get new accounts.
    """
    if not account.is_active or account.is_superuser or account == appointer:
        return False
    ties = [m.union for m in Membership.objects.active().filter(user=account).select_related("union")]
    ties += Union.objects.filter(
        pk__in=StudioUserObjectPermission.objects.filter(user=account).values("content_object__host_union")
    )
    root = studio.host_union
    return bool(ties) and all(
        access.within(union, root) or access.can(appointer, access.VIEW, union) for union in ties
    )


def can_name_studio(user, studio):
    """Only inside an application's naming, by the head of a union above the studio."""
    return _naming.get() and access.can(user, access.APPROVE, studio.host_union)


def can_decide_title(user, studio):
    """Revoke, downgrade or order rectification: the head of the union that granted the studio's
    highest active title, or of any union above it."""
    naming = highest_naming(studio)
    return naming is not None and access.can(user, access.APPROVE, naming.named_by)


# --- the studio's life after naming: 带头人变更, 撤销/注销 ------------------------------------------

# Set only while an approved dissolution runs: the studio's own "dissolve" move is never a button.
_dissolving = contextvars.ContextVar("dissolution_in_progress", default=False)


@contextlib.contextmanager
def dissolving():
    """While an approved dissolution request runs, the studio's "dissolve" move is allowed."""
    token = _dissolving.set(True)
    try:
        yield
    finally:
        _dissolving.reset(token)


def _files_for(user, union):
    return access.can(user, access.FILE, union) or access.can(user, access.APPROVE, union)


def can_file_change(user, studio):
    """File a lead change or a dissolution: a clerk (staff) or head of the studio's host union, or of a
    union above it; never for a studio already dissolved."""
    return studio.stage != Studio.Stage.DISSOLVED and _files_for(user, studio.host_union)


def can_withdraw_change(user, change):
    """Take a filed request back: its filer's side, staff or head of the host union (or above)."""
    return _files_for(user, change.studio.host_union)


def can_approve_change(user, change):
    """Approve or refuse a lead change or a dissolution: at the naming level, a reviewer or head of the
    union that granted the studio's highest active title (with none, of the host union's parent), or of
    a union above it; never the person who filed it."""
    if not _active(user) or change.filed_by_id == user.pk:
        return False
    union = approving_union(change.studio)
    return access.can(user, access.REVIEW, union) or access.can(user, access.APPROVE, union)


def can_dissolve(user, studio):
    """The studio's "dissolve" move: only inside an approved dissolution (services/changes.py)."""
    return _dissolving.get() and _active(user)


# --- campaigns and applications ---------------------------------------------------------------


def can_organise(user, campaign):
    """Open, close and edit a campaign, decide 公示 and naming: head or administrator of exactly
    the organising union."""
    return acts_at(user, access.APPROVE, campaign.organiser)


def organiser_unions(user):
    """The unions on whose behalf the user may organise a campaign."""
    if user.is_superuser:
        return list(Union.objects.exclude(level=Union.Level.GRASSROOTS))
    return access.granted_unions(user, access.APPROVE)


def can_create_campaign(user):
    return bool(organiser_unions(user))


def can_file_somewhere(user):
    """Staff of some union: may file applications for its studios."""
    return access.has_any(user, access.FILE)


def can_file(user, application):
    """Submit, resubmit, withdraw: staff of the filing union (or above)."""
    return access.can(user, access.FILE, application.filing_union)


def can_edit_application(user, application):
    """Change a draft or returned application: its filer."""
    return application.filer_may_edit and can_file(user, application)


def can_see_reviews(user, application):
    """The unions of the filing union's ancestry see the reviews; an assigned expert only the file."""
    return user.is_superuser or access.can(user, access.VIEW, application.filing_union)


def can_review_at(user, union):
    """Review, recommend, rank and send up on behalf of exactly this union."""
    return acts_at(user, access.REVIEW, union)


def can_review(user, application):
    """Review the application: a reviewer (or head) of exactly the union it awaits."""
    return can_review_at(user, application.current_union)


def can_review_now(user, application):
    """The application awaits a review, recommendation or sending up, at a union the user reviews for."""
    return application.status in Application.REVIEW_STATES + (Application.Status.RECOMMENDED,) and (
        can_review(user, application)
    )


def can_decide_naming(user, application):
    """Put on public notice, name or not name: the campaign's organiser."""
    return can_organise(user, application.campaign)


def can_manage_experts(user, campaign):
    """The expert pool, assignments, scores and the meeting: a reviewer or head of the organiser."""
    return any(
        u.pk == campaign.organiser_id
        for perm in (access.REVIEW, access.APPROVE)
        for u in access.granted_unions(user, perm)
    ) or (user.is_authenticated and user.is_superuser)


def can_see_publicity(user, campaign):
    """The internal 公示 page (objections with the objectors' particulars): the organiser's reviewers,
    heads and administrators; only can_organise publishes, resolves and names."""
    return can_organise(user, campaign) or can_manage_experts(user, campaign)


def can_score(user, assignment):
    """Submit scores: the expert assigned, no one else."""
    return user.is_authenticated and assignment.expert.user_id == user.pk


# --- nomination packages ----------------------------------------------------------------------


def can_prepare_package(user, package):
    """Compile and send a package: a reviewer (or head) of exactly the sending union."""
    return can_review_at(user, package.union)


def can_see_packages(user):
    return user.is_superuser or access.has_any(user, access.REVIEW)


def is_package_worker(user, package):
    return _worker.get()


# --- the yearly assessment --------------------------------------------------------------------


def can_open_round(user, union):
    return access.can(user, access.APPROVE, union)


def can_open_rounds(user):
    """Head of some union: may open an assessment round."""
    return access.has_any(user, access.APPROVE)


def can_see_assessments(user):
    return access.has_any(user, access.VIEW)


def can_see_round(user, round_):
    return access.can(user, access.VIEW, round_.union)


def can_close_round(user, round_):
    return access.can(user, access.APPROVE, round_.union)


def can_self_assess(user, assessment):
    """Staff of the studio's host union, while the round is open."""
    return assessment.round.is_open and access.can(user, access.FILE, assessment.studio.host_union)


def can_score_assessment(user, assessment):
    """A reviewer of the round's union, while the round is open."""
    return assessment.round.is_open and access.can(user, access.REVIEW, assessment.round.union)


def can_decide_assessment(user, assessment):
    """Keep, rectify, downgrade or revoke after scoring: the head of the round's union."""
    return access.can(user, access.APPROVE, assessment.round.union)
