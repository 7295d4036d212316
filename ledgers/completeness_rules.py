"""The 七有 rules that need the ledgers: 有成员, 有经费, 有台帐, 有成果 (imported in LedgersConfig.ready()).

Each rule is written once: its facts are counts and latest dates over the studio's
rows (read with every other rule's in one query when a studio's whole set is
evaluated), and it says in a sentence what the records show and, in short
phrases, what is still missing. The "last 12 months" windows end today, so they
are counted from the ledger rows (indexed by studio and date), not from the
calendar-year rollups.
"""

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from studios.completeness import Status, Verdict, aggregate, count, facts, register
from unions.dates import last_12_months

from .models import Achievement, Activity, FundEntry, Member, Training

MIN_MEMBERS = 3  # current members besides the lead
MIN_LEDGER_ENTRIES = 3  # activities and trainings in the last 12 months


def _member_facts(studio_pk, today):
    return aggregate(
        Member.objects.filter(studio_id=studio_pk, left_on__isnull=True),
        leads=Count("pk", filter=Q(role=Member.StudioRole.LEAD)),
        others=Count("pk", filter=~Q(role=Member.StudioRole.LEAD)),
    )


@register("members", facts=_member_facts)
def members(studio, today):
    """有成员: a current lead and at least three other current members."""
    known = facts(studio, today, "members")
    leads, others = count(known["leads"]), count(known["others"])
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


def _fund_facts(studio_pk, today):
    first, until = last_12_months(today)
    return aggregate(
        FundEntry.objects.filter(studio_id=studio_pk, direction=FundEntry.Direction.INCOME),
        recent=Count("pk", filter=Q(date__gte=first, date__lte=until)),
        last=Max("date"),
    )


@register("funds", facts=_fund_facts)
def funds(studio, today):
    """有经费: income (行政支持, 工会经费拨付 …) recorded in the last 12 months."""
    known = facts(studio, today, "funds")
    if count(known["recent"]):
        return Verdict(
            Status.MET,
            [],
            _("%(count)d income entries in the last 12 months.") % {"count": known["recent"]},
        )
    missing = [_("income in the funds ledger in the last 12 months")]
    if known["last"]:
        summary = _("The last income was recorded on %(date)s.") % {"date": known["last"].isoformat()}
        return Verdict(Status.PARTLY, missing, summary)
    return Verdict(Status.MISSING, missing, _("No income in the funds ledger yet."))


def _ledger_facts(studio_pk, today):
    first, until = last_12_months(today)
    window = {"studio_id": studio_pk, "date__gte": first, "date__lte": until}
    return {
        **aggregate(Activity.objects.filter(**window), activities=Count("pk")),
        **aggregate(Training.objects.filter(**window), trainings=Count("pk")),
    }


@register("ledger", facts=_ledger_facts)
def ledger(studio, today):
    """有台帐: at least three activities or trainings logged in the last 12 months."""
    known = facts(studio, today, "ledger")
    activities, trainings = count(known["activities"]), count(known["trainings"])
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


def _result_facts(studio_pk, today):
    first, until = last_12_months(today)
    return aggregate(
        Achievement.objects.filter(studio_id=studio_pk),
        recent=Count("pk", filter=Q(date__gte=first, date__lte=until)),
        total=Count("pk"),
        last=Max("date"),
    )


@register("results", facts=_result_facts)
def results(studio, today):
    """有成果: an achievement (patent, innovation, proposal …) in the last 12 months."""
    known = facts(studio, today, "results")
    if count(known["recent"]):
        return Verdict(
            Status.MET,
            [],
            _("%(recent)d achievements in the last 12 months, %(total)d in all.")
            % {"recent": known["recent"], "total": count(known["total"])},
        )
    missing = [_("an achievement in the last 12 months")]
    if count(known["total"]):
        summary = _("%(total)d achievements in all; the last on %(date)s.") % {
            "total": known["total"],
            "date": known["last"].isoformat(),
        }
        return Verdict(Status.PARTLY, missing, summary)
    return Verdict(Status.MISSING, missing, _("No achievement recorded yet."))
