"""What the printed 申报表 lists from the ledgers: the current members, the results of the last three
years with their proofs, and the activity photos of the last 12 months the package carries;
registered as studios.hooks.studio_records. Voided rows never appear (the default managers)."""

from django.db.models import F, Prefetch, Window
from django.db.models.functions import RowNumber

from unions.dates import last_12_months

from .models import Achievement, AchievementProof, Activity, ActivityPhoto, Member

YEARS = 3
# The activity photos a package carries per studio: the newest of the last 12 months, at most this many.
PHOTOS_PER_STUDIO = 12


def three_years_before(today):
    """The same day three years earlier (28 February for 29 February)."""
    try:
        return today.replace(year=today.year - YEARS)
    except ValueError:
        return today.replace(year=today.year - YEARS, day=28)


def _member(member, today):
    age = member.age_on(today)
    title = "／".join(
        part
        for part in (member.title, member.get_skill_level_display() if member.skill_level else "")
        if part
    )
    return {
        "name": member.name,
        "gender": member.get_gender_display() if member.gender else "",
        "age": "" if age is None else str(age),
        "education": member.get_education_display() if member.education else "",
        "title": title,
        "post": member.post,
        "role": str(member.get_role_display()),
    }


def _achievement(achievement):
    proofs = list(achievement.proofs.all())
    return {
        "title": achievement.title,
        "kind": str(achievement.get_kind_display()),
        "benefit": f"{achievement.economic_benefit:.2f}" if achievement.economic_benefit else "",
        "date": achievement.date.isoformat(),
        "proofs": [
            {
                "storage_name": p.file.name,
                "original_name": p.original_name,
                "content_type": p.content_type,
                "size": p.size,
                "sha256": p.sha256,
            }
            for p in proofs
        ],
    }


def _photo(photo):
    return {
        "storage_name": photo.file.name,
        "original_name": photo.original_name,
        "content_type": photo.content_type,
        "size": photo.size,
        "sha256": photo.sha256,
        "date": photo.activity.date.isoformat(),
        "activity": photo.activity.topic,
    }


def photos(pks, today, limit=PHOTOS_PER_STUDIO):
    """{studio pk: [photo, ...]}: each studio's newest `limit` photos of activities of the last 12
    months (voided activities left out), newest first, in one query."""
    since, until = last_12_months(today)
    live = Activity.objects.filter(studio__in=pks, date__gte=since, date__lte=until)  # not voided
    ranked = (
        ActivityPhoto.objects.filter(activity__in=live)
        .select_related("activity")
        .annotate(
            row=Window(
                RowNumber(),
                partition_by=[F("activity__studio_id")],
                order_by=[F("activity__date").desc(), F("activity_id").desc(), F("pk").desc()],
            )
        )
        .filter(row__lte=limit)
        .order_by("activity__studio_id", "row")
    )
    found = {pk: [] for pk in pks}
    for photo in ranked:
        found[photo.activity.studio_id].append(_photo(photo))
    return found


def studio_records(studios, today):
    """{studio pk: {"members": [...], "achievements": [...], "photos": [...]}} for the studios, in four
    queries.

    Members lead first, then deputies, core members and members, each by the day they joined.
    """
    pks = [s.pk for s in studios]
    found = {pk: {"members": [], "achievements": []} for pk in pks}
    roles = list(Member.StudioRole.values)  # lead, deputy, core, member
    members = sorted(
        Member.objects.filter(studio__in=pks, left_on__isnull=True),
        key=lambda m: (roles.index(m.role) if m.role in roles else len(roles), m.joined_on, m.pk),
    )
    for member in members:
        found[member.studio_id]["members"].append(_member(member, today))
    achievements = (
        Achievement.objects.filter(studio__in=pks, date__gt=three_years_before(today), date__lte=today)
        .prefetch_related(Prefetch("proofs", queryset=AchievementProof.objects.order_by("pk")))
        .order_by("studio", "-date", "-pk")
    )
    for achievement in achievements:
        found[achievement.studio_id]["achievements"].append(_achievement(achievement))
    for pk, studio_photos in photos(pks, today).items():
        found[pk]["photos"] = studio_photos
    return found
