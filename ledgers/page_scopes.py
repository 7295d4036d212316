"""The ledgers' writes are narrow for the page cache (unions/page_cache.py): an entry, a photo, a
member or a rollup row of a studio bumps that studio's scope and the `below:` scopes of the unions
above it, never `all` — so a lead logging leaves every other studio's pages in the cache."""

from unions import page_cache

from .models import (
    Achievement,
    AchievementProof,
    Activity,
    ActivityPhoto,
    FundEntry,
    LedgerSummary,
    Member,
    StudioYear,
    Training,
)


def of_studio(instance):
    return [("studio", instance.studio_id)]


def of_activity(photo):
    return [("activity", photo.activity_id)]


def of_achievement(proof):
    return [("achievement", proof.achievement_id)]


def _placer(model):
    def place(ids):
        rows = model.objects.filter(pk__in=ids).values_list("pk", "studio_id", "studio__host_union__path")
        return {
            pk: [page_cache.studio_scope(studio), *page_cache.below_scopes(path)] for pk, studio, path in rows
        }

    return place


def register():
    for model in (Activity, Training, Achievement, FundEntry, Member, StudioYear, LedgerSummary):
        page_cache.narrow_scopes[model._meta.label] = of_studio
    page_cache.narrow_scopes[ActivityPhoto._meta.label] = of_activity
    page_cache.narrow_scopes[AchievementProof._meta.label] = of_achievement
    page_cache.resolvers["activity"] = _placer(Activity)
    page_cache.resolvers["achievement"] = _placer(Achievement)
