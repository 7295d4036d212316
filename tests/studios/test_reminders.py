"""The yearly assessment's to-dos and reminders: a round opened tells each host union and lead what to
self-assess by when; a rectification is reminded 7 days before its deadline and on the day, once
each, by the day in Asia/Shanghai; the round page shows what is overdue; the home page lists the
self-assessments still to file."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.celery import app as celery_app
from studios import middleware
from studios.models import Assessment, AssessmentReminder, AssessmentRound
from studios.services import assessments as services
from studios.services import reminders
from tests.factories import lead
from tests.overview.helpers import named_studio
from unions.models import Notice

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
K = AssessmentReminder.Kind
DEADLINE = datetime.date(2026, 3, 10)


def at(day, hour, minute=0):
    """A moment given as the wall-clock time in Shanghai (time-machine takes it as an instant)."""
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def scores_for(studio, points):
    return {c.pk: points for c in studio.criteria_set.criteria.all()}


@pytest.fixture
def rectifying(tree):
    """A studio of A1 named by the province, ordered on 2026-03-01 to rectify by 2026-03-10."""
    with time_machine.travel(at(datetime.date(2026, 3, 1), 10), tick=False):
        studio = named_studio(tree.a1, by=tree.province, year=2024, name="甲一整改工作室")
        the_lead = lead(studio, "t_rect_lead")
        round_ = services.open_round(union=tree.province, year=2025, by=tree.prov_head)
        assessment = round_.assessments.get(studio=studio)
        assessment = services.score(
            assessment=assessment, by=tree.prov_reviewer, scores=scores_for(studio, 2), result="fail"
        )
        assessment = services.decide(
            assessment=assessment, by=tree.prov_head, action="rectify", comment="无成果", deadline=DEADLINE
        )
    Notice.objects.all().delete()  # the round's to-dos; these tests count the reminders
    return assessment, the_lead


def run_at(moment):
    with time_machine.travel(moment, tick=False):
        return reminders.send_rectification_reminders()


def notices_of(user):
    return list(Notice.objects.filter(user=user).order_by("pk"))


def test_reminded_seven_days_before_and_on_the_day_by_the_day_in_shanghai(tree, rectifying):
    assessment, the_lead = rectifying
    week_before = DEADLINE - datetime.timedelta(days=7)
    # 23:30 in Shanghai the evening before the week starts: nothing is due yet.
    assert run_at(at(week_before - datetime.timedelta(days=1), 23, 30)) == 0
    # 00:30 in Shanghai is still the day before in UTC: the local day decides.
    moment = at(week_before, 0, 30)
    assert moment.astimezone(datetime.UTC).date() == week_before - datetime.timedelta(days=1)
    assert run_at(moment) == 1
    assert run_at(moment) == 0  # run twice: nothing twice
    assert run_at(at(week_before, 18)) == 0  # a run later that day
    assert run_at(at(DEADLINE - datetime.timedelta(days=1), 23, 59)) == 0
    for user in (the_lead, tree.a1_staff):
        (week,) = notices_of(user)
        assert "2026-03-10" in week.text and "7" in week.text
    assert notices_of(tree.a1_staff)[0].link == reverse("studios:assessment", args=[assessment.pk])
    assert notices_of(the_lead)[0].link == reverse("studios:detail", args=[assessment.studio_id])
    assert notices_of(tree.b1_staff) == [] and notices_of(tree.a2_staff) == []
    # On the day, from 00:00 in Shanghai (16:00 UTC the day before).
    assert run_at(at(DEADLINE, 0, 5)) == 1
    assert run_at(at(DEADLINE, 12)) == 0
    for user in (the_lead, tree.a1_staff):
        week, day = notices_of(user)
        assert "今天" in day.text and "2026-03-10" in day.text
    assert set(AssessmentReminder.objects.values_list("kind", flat=True)) == {K.RECTIFY_WEEK, K.RECTIFY_DAY}
    assert run_at(at(DEADLINE + datetime.timedelta(days=1), 9)) == 0


def test_a_missed_day_still_sends_the_reminder_that_fell_due_once(tree, rectifying):
    _assessment, the_lead = rectifying
    assert run_at(at(datetime.date(2026, 3, 5), 8)) == 1  # the worker was down on the 3rd and 4th
    (week,) = notices_of(the_lead)
    assert "5" in week.text and "2026-03-10" in week.text
    assert run_at(at(datetime.date(2026, 3, 6), 8)) == 0


def test_a_run_after_the_deadline_sends_one_late_reminder_not_two(tree, rectifying):
    _assessment, the_lead = rectifying
    assert run_at(at(datetime.date(2026, 3, 11), 8)) == 1
    (late,) = notices_of(the_lead)
    assert "2026-03-10" in late.text and "今天" not in late.text
    assert AssessmentReminder.objects.count() == 2  # the week's stands recorded as covered
    assert run_at(at(datetime.date(2026, 3, 12), 8)) == 0


def test_a_deadline_long_past_sends_no_late_reminder(tree, rectifying):
    assert run_at(at(DEADLINE + datetime.timedelta(days=30), 8)) == 0
    assert not Notice.objects.exists()


def test_a_studio_that_rectified_is_not_reminded(tree, rectifying):
    assessment, _lead = rectifying
    with time_machine.travel(at(datetime.date(2026, 3, 2), 10), tick=False):
        services.decide(assessment=assessment, by=tree.prov_head, action="keep", comment="已整改")
    assert run_at(at(datetime.date(2026, 3, 3), 8)) == 0
    assert run_at(at(DEADLINE, 8)) == 0
    assert not Notice.objects.exists()


def test_the_reminder_e_mails_carry_absolute_links(
    tree, rectifying, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://studios.example.cn"
    assessment, the_lead = rectifying
    mailoutbox.clear()
    with time_machine.travel(at(datetime.date(2026, 3, 3), 8), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders")
    assert AssessmentReminder.objects.filter(kind=K.RECTIFY_WEEK).count() == 1
    to = {m.to[0]: m for m in mailoutbox}
    assert len(mailoutbox) == len(to)  # one each
    assert set(to) >= {the_lead.email, tree.a1_staff.email}
    assert f"https://studios.example.cn/studios/{assessment.studio_id}/" in to[the_lead.email].body
    assert (
        "https://studios.example.cn" + reverse("studios:assessment", args=[assessment.pk])
        in to[tree.a1_staff.email].body
    )


def test_the_beat_schedule_runs_the_reminders_daily_in_shanghai(settings):
    (entry,) = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if "reminders" in e["task"]]
    assert entry["task"] in celery_app.tasks
    assert entry["schedule"].hour == {8} and entry["schedule"].minute == {0}
    assert celery_app.conf.timezone == "Asia/Shanghai"


def test_without_a_worker_the_first_request_of_the_local_day_runs_the_reminders(
    client, tree, rectifying, settings
):
    settings.REMINDERS_ON_REQUEST = True
    middleware.forget()
    _assessment, the_lead = rectifying
    client.force_login(tree.b1_staff)
    try:
        with time_machine.travel(at(datetime.date(2026, 3, 2), 23, 50), tick=False):
            client.get(reverse("home"))
        assert not Notice.objects.exists()  # ran: nothing due yet on the 2nd
        with time_machine.travel(at(datetime.date(2026, 3, 2), 23, 55), tick=False):
            assert middleware.run_if_due() is False  # once per local day and process
        with time_machine.travel(at(datetime.date(2026, 3, 3), 0, 10), tick=False):
            client.get(reverse("home"))
            assert middleware.run_if_due() is False
        assert len(notices_of(the_lead)) == 1
    finally:
        middleware.forget()


def test_the_daily_run_is_off_under_tests_and_with_a_worker(settings):
    assert settings.REMINDERS_ON_REQUEST is False


# --- the round's to-dos ----------------------------------------------------------------------


@pytest.fixture
def two_studios(tree):
    first = named_studio(tree.a1, by=tree.province, year=2024, name="甲一待自评工作室")
    second = named_studio(tree.a2, by=tree.province, year=2024, name="甲二待自评工作室")
    return first, second, lead(first, "t_todo_lead1"), lead(second, "t_todo_lead2")


def test_opening_a_round_tells_each_host_union_and_lead_what_to_self_assess_by_when(tree, two_studios):
    first, second, lead1, lead2 = two_studios
    named_studio(tree.b1, by=tree.company_b, year=2024, name="乙一别家工作室")  # another union's naming
    deadline = datetime.date(2026, 4, 30)
    with time_machine.travel(at(datetime.date(2026, 3, 1), 10), tick=False):
        with CaptureQueriesContext(connection) as queries:
            round_ = services.open_round(
                union=tree.province, year=2025, by=tree.prov_head, self_assess_by=deadline
            )
    notice_inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "unions_notice"')]
    assert len(notice_inserts) == 1  # one bulk insert, not one per studio
    a1_notice, a2_notice, lead1_notice = (
        notices_of(tree.a1_staff),
        notices_of(tree.a2_staff),
        notices_of(lead1),
    )
    assert len(a1_notice) == len(a2_notice) == len(lead1_notice) == 1
    assert "甲一待自评工作室" in a1_notice[0].text and "2026-04-30" in a1_notice[0].text
    assert "甲二待自评工作室" in a2_notice[0].text and "甲一" not in a2_notice[0].text
    assert "甲一待自评工作室" in lead1_notice[0].text
    first_assessment = round_.assessments.get(studio=first)
    assert a1_notice[0].link == reverse("studios:assessment", args=[first_assessment.pk])
    assert lead1_notice[0].link == reverse("studios:detail", args=[first.pk])
    assert notices_of(tree.b1_staff) == [] and "乙一" not in "".join(
        Notice.objects.values_list("text", flat=True)
    )
    assert round_.self_assess_by == deadline


def test_the_notice_count_does_not_grow_the_queries_with_the_studios(tree, two_studios):
    def queries_to_open(union_year, extra):
        for n in range(extra):
            lead(named_studio(tree.a1, by=tree.province, year=2020, name=f"甲一多{union_year}-{n}"))
        with CaptureQueriesContext(connection) as queries:
            services.open_round(union=tree.province, year=union_year, by=tree.prov_head)
        AssessmentRound.objects.filter(year=union_year).delete()
        return len(queries)

    queries_to_open(2024, 0)  # warm: the first round of a process reads what later ones find cached
    assert queries_to_open(2025, 0) == queries_to_open(2026, 4)


def test_the_round_form_refuses_a_past_deadline_beside_the_field(client, tree):
    client.force_login(tree.prov_head)
    page = client.post(
        reverse("studios:assessment_open"),
        {"union": tree.province.pk, "year": 2025, "self_assess_by": "2020-01-01"},
    )
    assert page.status_code == 200
    assert page.context["form"].errors["self_assess_by"]
    assert 'value="2020-01-01"' in page.content.decode()
    assert not AssessmentRound.objects.exists()


def test_the_home_page_lists_the_self_assessments_to_file_until_filed(client, tree, two_studios):
    first, second, lead1, _lead2 = two_studios
    round_ = services.open_round(
        union=tree.province, year=2025, by=tree.prov_head, self_assess_by=datetime.date(2099, 4, 30)
    )
    for user, shown, hidden in (
        (tree.a1_staff, "甲一待自评工作室", "甲二待自评工作室"),
        (lead1, "甲一待自评工作室", "甲二待自评工作室"),
        (tree.a_admin, None, None),  # an administrator files nothing
    ):
        client.force_login(user)
        page = client.get(reverse("home")).content.decode()
        if shown is None:
            assert 'id="panel-self-assessments"' not in page
            continue
        assert 'id="panel-self-assessments"' in page and shown in page and hidden not in page
        assert "2099-04-30" in page
    client.force_login(tree.b1_staff)
    assert 'id="panel-self-assessments"' not in client.get(reverse("home")).content.decode()
    services.self_assess(assessment=round_.assessments.get(studio=first), by=tree.a1_staff, text="全年攻关")
    for user in (tree.a1_staff, lead1):
        client.force_login(user)
        assert 'id="panel-self-assessments"' not in client.get(reverse("home")).content.decode()


def test_the_home_panel_reads_in_constant_queries(client, tree, django_assert_max_num_queries):
    client.force_login(tree.a1_staff)
    for n in range(2):
        named_studio(tree.a1, by=tree.province, year=2024, name=f"甲一少{n}")
    services.open_round(union=tree.province, year=2025, by=tree.prov_head)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for n in range(6):
        named_studio(tree.a1, by=tree.province, year=2024, name=f"甲一多{n}")
    services.open_round(union=tree.province, year=2026, by=tree.prov_head)
    with django_assert_max_num_queries(len(few)):
        page = client.get(reverse("home")).content.decode()
    assert "甲一多5" in page


# --- what is overdue on the round page --------------------------------------------------------


def test_the_round_page_shows_what_is_overdue_by_the_day_in_shanghai(client, tree, rectifying):
    assessment, _lead = rectifying
    late = named_studio(tree.a2, by=tree.province, year=2024, name="甲二迟交工作室")
    round_ = assessment.round
    Assessment.objects.create(round=round_, studio=late, naming=late.namings.get())
    round_.self_assess_by = datetime.date(2026, 3, 10)
    round_.save()
    client.force_login(tree.prov_head)
    url = reverse("studios:assessment_round", args=[round_.pk])
    with time_machine.travel(at(DEADLINE, 23, 50), tick=False):
        page = client.get(url).content.decode()
    assert 'id="overdue"' not in page  # the deadline's own day is not late yet
    # 00:10 on the 11th in Shanghai is still the 10th in UTC.
    with time_machine.travel(at(DEADLINE + datetime.timedelta(days=1), 0, 10), tick=False):
        page = client.get(url).content.decode()
    rectifications = page.split('id="overdue-rectifications"')[1].split("</ul>")[0]
    unfiled = page.split('id="overdue-self-assessments"')[1].split("</ul>")[0]
    assert "甲一整改工作室" in rectifications and "2026-03-10" in rectifications
    assert "甲二迟交工作室" in unfiled and "甲一整改工作室" not in unfiled
    assert "2026-03-11" in page.split('id="overdue-title"')[1][:200]


def test_a_failed_daily_run_never_breaks_the_page_and_is_tried_again_an_hour_later(
    client, tree, settings, monkeypatch
):
    from studios import tasks

    settings.REMINDERS_ON_REQUEST = True
    middleware.forget()
    calls = []

    def broken():
        calls.append(1)
        raise RuntimeError("database away")

    monkeypatch.setattr(tasks, "daily_reminders", broken)
    client.force_login(tree.b1_staff)
    try:
        with time_machine.travel(at(datetime.date(2026, 3, 3), 9), tick=False):
            assert client.get(reverse("home")).status_code == 200
        with time_machine.travel(at(datetime.date(2026, 3, 3), 9, 30), tick=False):
            assert client.get(reverse("home")).status_code == 200
        assert len(calls) == 1
        with time_machine.travel(at(datetime.date(2026, 3, 3), 10, 1), tick=False):
            client.get(reverse("home"))
        assert len(calls) == 2
    finally:
        middleware.forget()


def test_the_round_page_with_its_overdue_lists_reads_in_constant_queries(
    client, tree, django_assert_max_num_queries
):
    def late_studios(names):
        for name in names:
            named_studio(tree.a1, by=tree.province, year=2024, name=name)

    late_studios(["甲一迟甲", "甲一迟乙"])
    with time_machine.travel(at(datetime.date(2026, 3, 1), 10), tick=False):
        round_ = services.open_round(
            union=tree.province, year=2025, by=tree.prov_head, self_assess_by=datetime.date(2026, 3, 5)
        )
    client.force_login(tree.prov_head)
    url = reverse("studios:assessment_round", args=[round_.pk])
    with time_machine.travel(at(datetime.date(2026, 3, 9), 10), tick=False):
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for n in range(5):
            studio = named_studio(tree.a2, by=tree.province, year=2024, name=f"甲二迟{n}")
            Assessment.objects.create(round=round_, studio=studio, naming=studio.namings.get())
        with django_assert_max_num_queries(len(few)):
            page = client.get(url).content.decode()
    assert "甲二迟4" in page.split('id="overdue-self-assessments"')[1]
