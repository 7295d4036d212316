"""Query budgets of the organiser's pages: the receipt (形式审查), the decision meeting, the experts' list
and the on-site inspections read in the same number of queries with two rows as with several."""

import datetime

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from studios.models import MeetingDecision
from studios.services import experts
from tests.studios.helpers import pdf_bytes
from unions.uploads import check_upload

from .conftest import at_experts, mature_studio

D = MeetingDecision.Decision


def more_applications(path, count, *, accept, start=0):
    """`count` more applications of company A's branch at the organiser (accepted into expert
    assessment, or left at receipt)."""
    quota = path.campaign.quotas.get(union=path.company_a)
    quota.places += count
    quota.save()
    return [
        at_experts(
            path.campaign,
            mature_studio(path.a1 if n % 2 else path.a2, name=f"第{start + n}号查询工作室"),
            path,
            accept=accept,
        )
        for n in range(count)
    ]


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def assert_constant(client, url, grow, django_assert_max_num_queries, shown):
    client.get(url)  # warm: what a process compiles once (unions/compiled.py)
    few, _page = queries_of(client, url)
    grow()
    with django_assert_max_num_queries(few):
        page = client.get(url).content.decode()
    assert shown in page
    return few


def test_the_receipt_page_reads_in_constant_queries(client, path, django_assert_max_num_queries):
    more_applications(path, 2, accept=False)
    client.force_login(path.prov_reviewer)
    url = reverse("studios:receipt", args=[path.campaign.pk])
    assert_constant(
        client,
        url,
        lambda: more_applications(path, 3, accept=False, start=10),
        django_assert_max_num_queries,
        "第12号查询工作室",
    )


def meet(path, apps, held_on):
    return experts.record_meeting(
        campaign=path.campaign,
        by=path.prov_head,
        held_on=held_on,
        attendees="陈丽华、王志强",
        outcomes={app: (D.APPROVE, 5, 1, 0) for app in apps},
    )


def test_the_meeting_page_reads_in_constant_queries(client, path, django_assert_max_num_queries):
    first = more_applications(path, 2, accept=True)
    today = timezone.localdate()
    meet(path, first, today - datetime.timedelta(days=3))
    client.force_login(path.prov_head)
    url = reverse("studios:campaign_meeting", args=[path.campaign.pk])

    def grow():
        later = more_applications(path, 3, accept=True, start=10)
        meet(path, later[:2], today - datetime.timedelta(days=2))
        meet(path, first + later, today - datetime.timedelta(days=1))

    assert_constant(client, url, grow, django_assert_max_num_queries, "第12号查询工作室")


def test_the_experts_page_reads_in_constant_queries(client, path, django_assert_max_num_queries):
    more_applications(path, 2, accept=True)
    client.force_login(path.prov_head)
    url = reverse("studios:campaign_experts", args=[path.campaign.pk])
    assert_constant(
        client,
        url,
        lambda: more_applications(path, 3, accept=True, start=10),
        django_assert_max_num_queries,
        "第12号查询工作室",
    )


def visit(path, app, n, files=2):
    uploads = []
    for k in range(files):
        upload = ContentFile(pdf_bytes(), name=f"考察{n}-{k}.pdf")
        uploads.append((upload, check_upload(upload)))
    return experts.record_site_visit(
        application=app,
        by=path.prov_reviewer,
        visited_on=timezone.localdate() - datetime.timedelta(days=n),
        visitors=f"考察组{n}",
        findings=f"第{n}次考察：场地与申报一致。",
        files=uploads,
    )


def test_the_site_visit_page_reads_in_constant_queries(client, path, django_assert_max_num_queries):
    (app,) = more_applications(path, 1, accept=True)
    visit(path, app, 1)
    client.force_login(path.prov_reviewer)
    url = reverse("studios:site_visits", args=[path.campaign.pk, app.pk])

    def grow():
        for n in range(2, 6):
            visit(path, app, n, files=3)

    assert_constant(client, url, grow, django_assert_max_num_queries, "考察5-2.pdf")
