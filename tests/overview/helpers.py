"""Building blocks for the overview tests: named studios and ledger rows on known dates."""

import datetime
import itertools

from ledgers.models import Achievement, Activity, FundEntry, Training
from studios.models import Naming, NamingLevel, Studio
from tests.factories import StudioFactory

_serial = itertools.count(1)


def named_studio(host, *, by, level=NamingLevel.PROVINCIAL, year=2024, **extra):
    """A studio of `host` named by union `by` (the fixture writes the stage: it is setup, not a move)."""
    studio = StudioFactory(host_union=host, stage=Studio.Stage.NAMED, **extra)
    Naming.objects.create(
        studio=studio,
        level=level,
        year=year,
        certificate_number=f"T-{year}-{next(_serial):04d}",
        named_by=by,
        named_on=datetime.date(year, 6, 1),
    )
    return studio


def activity(studio, day, **extra):
    return Activity.objects.create(
        studio=studio, kind=Activity.Kind.BREAKTHROUGH, date=day, topic="攻关", **extra
    )


def training(studio, day, headcount, sessions=1):
    return Training.objects.create(
        studio=studio, date=day, title="培训", headcount=headcount, sessions=sessions
    )


def achievement(studio, day, kind=Achievement.Kind.PATENT, benefit=0):
    return Achievement.objects.create(
        studio=studio, kind=kind, title="成果", date=day, economic_benefit=benefit
    )


def spend(studio, day, amount, use=FundEntry.Use.ACTIVITIES):
    return FundEntry.objects.create(
        studio=studio, direction=FundEntry.Direction.EXPENDITURE, date=day, amount=amount, use=use
    )
