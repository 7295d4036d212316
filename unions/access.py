"""The one place that decides what a user may see and do.

The rule. A role is granted on a union node, as a django-guardian object
permission on that `Union` (direct foreign-key table). A grant on a node reaches
the node and every union below it. Guardian does not inherit down a tree, so we
ask guardian once for the nodes a user holds a permission on and then filter any
queryset by materialised-path prefix (`path LIKE 'prefix%'`, indexed): the
user's scope is a union of subtrees, never a sibling's or a parent's. Per-object
exceptions (a studio lead on one studio, an expert on one application) are
guardian grants on those objects, in their apps' own direct-FK tables, and are
added to the subtree through `scope(..., object_perm=...)`. Superusers see
everything. Every view fetches through these functions, so an object outside
scope is a 404 by construction.
"""

from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from guardian.shortcuts import get_objects_for_user
from guardian.utils import get_user_obj_perms_model

from . import compiled
from .models import Union, UnionUserObjectPermission

VIEW = "unions.view_subtree"
FILE = "unions.file_applications"
REVIEW = "unions.review_subtree"
APPROVE = "unions.approve_subtree"
MANAGE = "unions.manage_subtree"


def _cache(user):
    cache = getattr(user, "_access_cache", None)
    if cache is None:
        cache = {}
        user._access_cache = cache
    return cache


def forget(user):
    """Drop what was cached on this user object (after a grant changes)."""
    user.__dict__.pop("_access_cache", None)


def _grants(user):
    """{permission codename: [unions granted directly]} — one query for all of the user's roles."""
    cache = _cache(user)
    if "grants" not in cache:
        grants = {}
        for row in compiled.instances("access.grants", _grants_query, user=user.pk):
            grants.setdefault(row.permission.codename, []).append(row.content_object)
        cache["grants"] = grants
    return cache["grants"]


def _grants_query(user):
    return (
        UnionUserObjectPermission.objects.filter(user_id=user)
        .select_related("permission", "content_object")
        .order_by("content_object__path")
    )


def granted_unions(user, perm=VIEW):
    """The union nodes on which the user holds `perm` directly (not below them)."""
    if not user.is_authenticated or not user.is_active:
        return []
    app_label, codename = perm.split(".")
    assert app_label == "unions", perm
    return _grants(user).get(codename, [])


def top_unions(user, perm=VIEW):
    """The highest granted nodes: none of them lies below another."""
    tops = []
    for union in granted_unions(user, perm):
        if not any(union.path.startswith(top.path) for top in tops):
            tops.append(union)
    return tops


def subtree_q(user, perm=VIEW, via=""):
    """A Q object selecting rows whose union (reached by `via`) is in the user's scope.

    Returns None when there is no restriction (superusers).
    """
    if user.is_authenticated and user.is_active and user.is_superuser:
        return None
    prefix = f"{via}__path__startswith" if via else "path__startswith"
    tops = top_unions(user, perm)
    if not tops:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{prefix: top.path}) for top in tops))


def unions_for(user, perm=VIEW):
    """Every union the user may act on with `perm`."""
    q = subtree_q(user, perm)
    qs = Union.objects.all()
    return qs if q is None else qs.filter(q)


def granted_objects(user, object_perm, model):
    """The pks of `model` rows granted to the user one by one (any of `object_perm`), read once per user.

    A short list of numbers rather than a subquery: OR-ed with the subtree's path prefix, a
    subquery keeps PostgreSQL from using the indexes (a company's studio list went from a scan
    of every studio to an index lookup of its own). Read from the model's direct-FK grant table
    in one compiled-once query (what guardian's get_objects_for_user answers, without its cost
    of building the query on every page); the user's groups are not asked, as before.
    """
    perms = (object_perm,) if isinstance(object_perm, str) else tuple(object_perm)
    key = ("objects", model._meta.label, perms)
    cache = _cache(user)
    if key not in cache:
        table = get_user_obj_perms_model(model)
        if not table.objects.is_generic():
            cache[key] = [
                pk
                for (pk,) in compiled.rows(
                    ("access.granted_objects", key), _granted_query(table, perms), user=user.pk
                )
            ]
        else:
            cache[key] = list(
                get_objects_for_user(
                    user,
                    list(perms),
                    klass=model._default_manager.all(),
                    use_groups=False,
                    any_perm=True,
                    accept_global_perms=False,
                    with_superuser=False,
                ).values_list("pk", flat=True)
            )
    return cache[key]


def _granted_query(table, perms):
    def build(user):
        by_app = {}
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            by_app.setdefault(app_label, []).append(codename)
        which = reduce(
            or_,
            (
                Q(permission__content_type__app_label=app, permission__codename__in=codenames)
                for app, codenames in by_app.items()
            ),
        )
        model = table._meta.get_field("content_object").related_model
        return (
            table.objects.filter(which, user_id=user, permission__content_type__model=model._meta.model_name)
            .order_by()
            .values_list("content_object_id")
            .distinct()
        )

    return build


def scope(queryset, user, *, via, perm=VIEW, object_perm=None):
    """Filter `queryset` to what the user may see.

    `via` is the lookup from the model to its union (e.g. "host_union").
    `object_perm` (a permission, or several of which any will do) adds the objects granted
    to the user one by one.
    """
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    q = subtree_q(user, perm, via)
    if q is None:
        return queryset
    if object_perm:
        granted = granted_objects(user, object_perm, queryset.model)
        if granted:
            q = q | Q(pk__in=granted)
    return queryset.filter(q)


def scope_key(user, perm=VIEW, object_perm=None, model=None):
    """What `scope(..., perm=perm, object_perm=object_perm)` filters by for this user, as a key
    (for a query compiled once per scope: unions/compiled.py)."""
    if not (user.is_authenticated and user.is_active):
        return ("none",)
    if user.is_superuser:
        return ("all",)
    granted = tuple(granted_objects(user, object_perm, model)) if object_perm else ()
    return (perm, tuple(top.path for top in top_unions(user, perm)), object_perm, granted)


def subtree_of(root, via=""):
    """A Q object selecting rows whose union (reached by `via`) is `root` or below it: the scope of
    something that acts for one union rather than a person (an API token of that union)."""
    return Q(**{f"{via}__path__startswith" if via else "path__startswith": root.path})


def within(union, root):
    """Is `union` the node `root` or below it (the subtree rule, for one pair)."""
    return union.path.startswith(root.path)


def can(user, perm, union):
    """May the user act with `perm` on this union (it lies in a granted subtree)?"""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return any(union.path.startswith(top.path) for top in top_unions(user, perm))


def has_any(user, perm):
    """Does the user hold `perm` anywhere (to decide what to offer on the home page)?"""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or bool(granted_unions(user, perm))


def get_union_or_404(user, pk, perm=VIEW):
    union = Union.objects.filter(pk=pk).first()
    if union is None or not can(user, perm, union):
        raise Http404
    return union


def get_or_404(queryset, user, *, via, perm=VIEW, object_perm=None, **lookup):
    """Fetch one object within scope, else 404 — the first line of every object view."""
    obj = scope(queryset, user, via=via, perm=perm, object_perm=object_perm).filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def require(allowed):
    """Raise PermissionDenied unless `allowed` — for acting on an object already in sight."""
    if not allowed:
        raise PermissionDenied
