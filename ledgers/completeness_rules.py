"""The 七有 rules that need the ledgers: 有成员, 有经费, 有台帐, 有成果 (imported in LedgersConfig.ready()).

Each rule is written once, reads the records with one query, and says in a
sentence what the records show and, in short phrases, what is still missing.
"""

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from studios.completeness import Status, Verdict, register

from .models import Achievement, Activity, FundEntry, Member, Training

MIN_MEMBERS = 3  # current members besides the lead
MIN_LEDGER_ENTRIES = 3  # activities and trainings in the last 12 months


def year_before(today):
    """The same day one year earlier (28 February for 29 February)."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return today.replace(year=today.year - 1, day=28)


@register("members")
def members(studio, today):
    """有成员: a current lead and at least three other current members."""
    counts = Member.objects.filter(studio=studio, left_on__isnull=True).aggregate(
        leads=Count("pk", filter=Q(role=Member.StudioRole.LEAD)),
        others=Count("pk", filter=~Q(role=Member.StudioRole.LEAD)),
    )
    leads, others = counts["leads"], counts["others"]
    missing = []
    if not leads:
        missing.append(_("a lead in the member archive"))
    if others < MIN_MEMBERS:
        missing.append(
            _("at least %(min)d current members (now %(count)d)") % {"min": MIN_MEMBERS, "count": others}
        )
    if not missing:
        status = Status.MET
    else:
        status = Status.PARTLY if (leads or others) else Status.MISSING
    if leads:
        summary = _("%(count)d current members in the archive, the lead among them.") % {
            "count": leads + others
        }
    else:
        summary = _("%(count)d current members in the archive, no lead among them.") % {"count": others}
    return Verdict(status, missing, summary)


@register("funds")
def funds(studio, today):
    """有经费: income (行政支持, 工会经费拨付 …) recorded in the last 12 months."""
    since = year_before(today)
    facts = FundEntry.objects.filter(studio=studio, direction=FundEntry.Direction.INCOME).aggregate(
        recent=Count("pk", filter=Q(date__gt=since, date__lte=today)),
        last=Max("date"),
    )
    if facts["recent"]:
        return Verdict(
            Status.MET,
            [],
            _("%(count)d income entries in the last 12 months.") % {"count": facts["recent"]},
        )
    missing = [_("income in the funds ledger in the last 12 months")]
    if facts["last"]:
        summary = _("The last income was recorded on %(date)s.") % {"date": facts["last"].isoformat()}
        return Verdict(Status.PARTLY, missing, summary)
    return Verdict(Status.MISSING, missing, _("No income in the funds ledger yet."))


@register("ledger")
def ledger(studio, today):
    """有台帐: at least three activities or trainings logged in the last 12 months."""
    since = year_before(today)
    window = {"studio": studio, "date__gt": since, "date__lte": today}
    activities = Activity.objects.filter(**window).count()
    trainings = Training.objects.filter(**window).count()
    total = activities + trainings
    summary = _("In the last 12 months: %(activities)d activities and %(trainings)d trainings logged.") % {
        "activities": activities,
        "trainings": trainings,
    }
    if total >= MIN_LEDGER_ENTRIES:
        return Verdict(Status.MET, [], summary)
    missing = [
        _("%(count)d more activities or trainings in the last 12 months")
        % {"count": MIN_LEDGER_ENTRIES - total}
    ]
    return Verdict(Status.PARTLY if total else Status.MISSING, missing, summary)


@register("results")
def results(studio, today):
    """有成果: an achievement (patent, innovation, proposal …) in the last 12 months."""
    since = year_before(today)
    facts = Achievement.objects.filter(studio=studio).aggregate(
        recent=Count("pk", filter=Q(date__gt=since, date__lte=today)),
        total=Count("pk"),
        last=Max("date"),
    )
    if facts["recent"]:
        return Verdict(
            Status.MET,
            [],
            _("%(recent)d achievements in the last 12 months, %(total)d in all.")
            % {"recent": facts["recent"], "total": facts["total"]},
        )
    missing = [_("an achievement in the last 12 months")]
    if facts["total"]:
        summary = _("%(total)d achievements in all; the last on %(date)s.") % {
            "total": facts["total"],
            "date": facts["last"].isoformat(),
        }
        return Verdict(Status.PARTLY, missing, summary)
    return Verdict(Status.MISSING, missing, _("No achievement recorded yet."))
