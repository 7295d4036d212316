"""Every page of the project runs a bounded number of queries, and no more when the data doubles.

The pages and the objects they show come from the permission matrix (tests/security/matrix.py),
so a new page is measured the day it is added. Each GET page is requested as a role allowed to
use it, over the world of tests/security/world.py, then again after a second world of the same
(more studios, ledger rows, applications, notices and timeline rows) is added to it.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ledgers.models import Achievement, Activity, FundEntry, Member, Training
from studios.models import Application, Studio, TransitionLog
from tests.factories import StudioFactory
from tests.security.matrix import MATRIX
from tests.security.world import build
from unions.models import Notice

pytestmark = pytest.mark.django_db

BUDGET = 45
# Who requests a page: the first of these the page allows.
ROLE_ORDER = ("a1_staff", "lead", "a_reviewer", "a_head", "a_admin", "prov_reviewer", "prov_head", "expert")


def measure(client, world):
    counts = {}
    for name, page in MATRIX.items():
        if page.post_only:
            continue
        for variant in page.variants(world):
            kwargs, query, allow = (*variant, page.allow)[:3]
            role = "a1_staff" if page.public else next((r for r in ROLE_ORDER if r in allow), None)
            if role is None:
                continue
            url = reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")
            client.force_login(getattr(world, role))
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            if response.status_code in page.ok:
                counts[(name, url, role)] = len(queries)
    return counts


def test_every_page_stays_within_its_query_budget_as_the_data_doubles(client, tree):
    world = build(tree)
    first = measure(client, world)
    assert len(first) > 60, "the matrix should give most pages of the project"
    print(f"query budget: {len(first)} page variants, at most {max(first.values())} queries")
    over = {key: n for key, n in first.items() if n > BUDGET}
    assert not over, f"pages over {BUDGET} queries: {over}"

    grow(tree, world, n=12)
    second = measure(client, world)
    grew = {key: (first[key], second[key]) for key in first if second.get(key, 0) > first[key]}
    assert not grew, f"pages whose query count grew with the data (before, after): {grew}"


def grow(tree, world, n):
    """n more of everything the pages list: studios, ledger rows, applications, notices, timeline rows."""
    today = datetime.date.today()
    studio = world.studio
    for i in range(n):
        day = today - datetime.timedelta(days=i + 1)
        Member.objects.create(studio=studio, name=f"新成员{i}", joined_on=day)
        Activity.objects.create(studio=studio, kind="exchange", date=day, topic=f"交流{i}", headcount=3)
        Training.objects.create(studio=studio, date=day, title=f"培训{i}", headcount=5)
        Achievement.objects.create(
            studio=studio, kind="proposal", date=day, title=f"建议{i}", economic_benefit=1
        )
        FundEntry.objects.create(studio=studio, direction="income", date=day, amount=100, source="other")
        for union in (tree.a1, tree.a2):
            other = StudioFactory(host_union=union, stage=Studio.Stage.MATURE)
            Application.objects.create(
                campaign=world.campaign,
                studio=other,
                filing_union=union,
                filed_by=tree.a1_staff,
                status=Application.Status.SUBMITTED,
                current_union=tree.company_a,
                round=1,
                snapshot={},
            )
        Notice.objects.create(user=tree.a_reviewer, text=f"通知{i}", link="/")
        TransitionLog.objects.create(
            content_type=ContentType.objects.get_for_model(Studio),
            object_id=studio.pk,
            action="back_to_cultivating",
            from_state="mature",
            to_state="cultivating",
            actor=tree.a1_staff,
            comment=f"记录{i}",
        )
