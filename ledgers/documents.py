"""What the printed 申报表 lists from the ledgers: the current members and the results of the last
three years with their proofs; registered as studios.hooks.studio_records."""

from django.db.models import Prefetch

from .models import Achievement, AchievementProof, Member

YEARS = 3


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


def studio_records(studios, today):
    """{studio pk: {"members": [...], "achievements": [...]}} for the studios, in three queries.

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
    return found
