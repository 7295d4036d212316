"""A real Celery worker against the real Redis: queue, progress, completion, no second task for a second click.

Runs only when REDIS_URL is set (CI's second pass sets redis://127.0.0.1:6379/15); on the
embedded defaults there is no broker to talk to, and the test says so loudly.
"""

import time

import pytest
from celery.signals import task_prerun
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import OperationalError

from studios import workflow
from studios.models import NominationPackage, Quota
from studios.services import packages as services

from .conftest import recommended, studio_with_evidence

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

P = NominationPackage.Status


@pytest.fixture
def celery_app():
    if not settings.REDIS_URL:
        pytest.skip(
            "*** REDIS_URL IS UNSET: SKIPPING THE REAL CELERY WORKER TEST (set REDIS_URL=redis://127.0.0.1:6379/15) ***"
        )
    from config.celery import app

    assert not app.conf.task_always_eager, "tests marked `worker` must not run tasks in-process"
    app.control.purge()  # nothing left over from an earlier run
    return app


def more_recommendations(pack, n):
    """Enough studios that compiling takes a moment, so the test can click while it runs."""
    Quota.objects.filter(campaign=pack.campaign, union=pack.company_a).update(places=n + 10)
    for i in range(n):
        studio = studio_with_evidence(pack.a1, pack.a1_staff, name=f"排队测试{i:02d}号工作室")
        recommended(pack.campaign, studio, pack.a1_staff, pack.a_reviewer)


def wait_for(package, states, seconds=90, on_compiling=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            package.refresh_from_db()
        except OperationalError:  # SQLite's shared in-memory test database: a table locked for a moment
            continue
        if package.status == P.COMPILING and on_compiling:
            on_compiling()
            on_compiling = None
        if package.status in states:
            return package
        time.sleep(0.05)
    raise AssertionError(
        f"package still {package.status} at {package.progress}% ({package.step}, attempt {package.attempts}) "
        f"after {seconds} s"
    )


def test_a_real_worker_compiles_the_package_with_progress_and_one_task_for_two_clicks(
    celery_app, pack, monkeypatch
):
    from celery.contrib.testing.worker import start_worker

    reported = []
    real_report = services.report_progress

    def spy(package_id, percent, step):
        reported.append(percent)
        return real_report(package_id, percent, step)

    monkeypatch.setattr(services, "report_progress", spy)
    task_ids = []

    def ran(task_id=None, task=None, **kwargs):
        if task.name.endswith("compile_package"):
            task_ids.append(task_id)

    task_prerun.connect(ran, weak=False)
    more_recommendations(pack, 30)

    package, queued = services.request_compile(
        campaign=pack.campaign, union=pack.company_a, by=pack.a_reviewer
    )
    again, queued_again = services.request_compile(
        campaign=pack.campaign, union=pack.company_a, by=pack.a_reviewer
    )
    assert (queued, queued_again) == (True, False) and again.pk == package.pk
    package.refresh_from_db()
    assert package.status == P.QUEUED  # the web request only queued it

    clicks = []

    def click_while_compiling():
        clicks.append(
            services.request_compile(campaign=pack.campaign, union=pack.company_a, by=pack.a_reviewer)[1]
        )

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        package = wait_for(package, {P.READY, P.FAILED}, on_compiling=click_while_compiling)
        time.sleep(0.5)  # had a second task been queued, the worker would take it now

    assert clicks == [False], "the test never saw the package compiling, or a click queued a task"

    assert package.status == P.READY, package.error
    assert package.progress == 100
    task_prerun.disconnect(ran)
    assert any(0 < p < 100 for p in reported), reported
    assert default_storage.exists(package.file.name) and package.size > 0
    # One task for three clicks (a retry after a transient error keeps its task id).
    assert len(set(task_ids)) == 1, task_ids
    assert [log.action for log in workflow.history(package)].count("compile") == 1
