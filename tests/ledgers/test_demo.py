"""The demo ledgers: realistic, deterministic, some studios complete on every criterion and mature, some not."""

import io

import pytest
from django.core.management import call_command

from ledgers.models import Achievement, Activity, FundEntry, Member
from ledgers.services import balance
from studios import completeness
from studios.models import Studio, TransitionLog

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_ledgers_and_matures_only_complete_studios():
    call_command("seed_demo", stdout=io.StringIO())
    studios = list(Studio.objects.all())
    assert len(studios) >= 25
    mature = [s for s in studios if s.stage == Studio.Stage.MATURE]
    cultivating = [s for s in studios if s.stage == Studio.Stage.CULTIVATING]
    assert len(mature) >= 5 and len(cultivating) >= 5
    for studio in mature:
        assert completeness.all_met(studio), studio.name
        assert TransitionLog.objects.filter(object_id=studio.pk, action="mature").exists()
    for studio in studios:
        assert balance(studio) >= 0
    assert Member.objects.filter(left_on__isnull=False).exists()  # members rotate; the archive keeps them
    assert Achievement.objects.filter(kind=Achievement.Kind.PATENT).exists()
    assert Achievement.objects.filter(kind=Achievement.Kind.PROPOSAL, economic_benefit__gt=0).exists()
    assert FundEntry.objects.filter(direction="expenditure").exists()
    assert Activity.objects.filter(participants__isnull=False).exists()


def test_the_demo_leads_studio_lacks_only_a_recent_achievement_among_the_ledger_criteria():
    call_command("seed_demo", stdout=io.StringIO())
    studio = Studio.objects.get(person_name="王海峰")
    verdicts = {c.code: v for c, v in completeness.evaluate(studio)}
    assert verdicts["results"].status == completeness.Status.PARTLY
    for code in ("members", "funds", "ledger"):
        assert verdicts[code].status == completeness.Status.MET, code
