"""What the page cache (unions/page_cache.py) needs to know of studios.

A reference ("studio", id) made by a write is placed, after the commit, in the studio's own
scope and the `below:` scope of its host union and every union above it. A person's pages
also read the studios they hold one by one (a lead's, a ledger keeper's).
"""

from unions import access, page_cache

from .models import Studio


def place_studios(ids):
    rows = Studio.objects.filter(pk__in=ids).values_list("pk", "host_union__path")
    return {pk: [page_cache.studio_scope(pk), *page_cache.below_scopes(path)] for pk, path in rows}


def held_studios(user):
    granted = access.granted_objects(user, ("studios.lead_studio", "studios.log_ledger"), Studio)
    return [page_cache.studio_scope(pk) for pk in granted]


def register():
    page_cache.resolvers["studio"] = place_studios
    page_cache.person_scopes.append(held_studios)
