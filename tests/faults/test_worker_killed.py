"""A worker killed in the middle of a compile: the package is still compiled, exactly once.

Real processes: `celery -A config worker` started as a subprocess against the real Redis (REDIS_URL,
CI: db 14) and the real PostgreSQL test database, a compile slowed down by PACKAGE_BUILD_DELAY, and a
real SIGKILL. Two ways to die: the pool process running the task is killed (the worker notices and
puts the job back: reject_on_worker_lost), or the whole worker with its pool is killed at once (the
job is unacknowledged in Redis and another worker takes it after the visibility timeout: acks_late).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from studios import workflow
from studios.models import NominationPackage
from studios.services import packages as package_services

from .conftest import needs, on_postgres, redis_url
from .test_redis_down import broker, recommend_in_review

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]

P = NominationPackage.Status
ROOT = Path(__file__).resolve().parents[2]
DELAY = 1.5  # seconds per studio while compiling, so that there is a "middle" to kill in
VISIBILITY = 4  # seconds before a dead worker's job is handed to another


@pytest.fixture
def real_services():
    needs(on_postgres(), "the worker tests need PostgreSQL (set DATABASE_URL=postgres://…); CI sets it")
    needs(redis_url(), "the worker tests need Redis (set REDIS_URL=redis://127.0.0.1:6379/14); CI sets it")


@pytest.fixture
def services(real_services, world):
    """The world is built first (its own package compiled in-process), then tasks go to Redis."""
    from config.celery import app

    with broker(redis_url()):
        app.control.purge()
        yield app
        app.control.purge()


def worker_env(delay):
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_SETTINGS"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="1",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        REDIS_URL=redis_url(),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        PACKAGE_BUILD_DELAY=str(delay),
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY),
    )
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


class Worker:
    """A `celery -A config worker` process group of our own, stopped by its id."""

    def __init__(self, name, delay, tmp_path):
        self.log = tmp_path / f"{name}.log"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--hostname={name}@%h",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=worker_env(delay),
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the pool dies with it on killpg
        )

    def pool_pids(self):
        """The pool processes (children of the worker's main process)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def kill_all(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def output(self):
        return self.log.read_text(errors="replace")


def wait_for(package, condition, seconds, workers=()):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        package.refresh_from_db()
        if condition(package):
            return package
        time.sleep(0.05)
    logs = "\n".join(w.output()[-3000:] for w in workers)
    raise AssertionError(f"package {package.status} at {package.progress}% after {seconds} s\n{logs}")


def in_the_middle(package):
    """Compiling, with at least one studio written and more to go."""
    return package.status == P.COMPILING and 5 < package.progress < 90


def queue_a_slow_compile(world):
    """Three recommendations of company A (the one in review and two more), queued for compiling."""
    from studios.models import Quota
    from tests.security.world import _mature, _recommend, _submitted

    Quota.objects.filter(campaign=world.campaign, union=world.company_a).update(places=10)
    recommend_in_review(world)
    for name in ("断电测试一号工作室", "断电测试二号工作室"):
        studio, _photo, _rule = _mature(world.a1, name, world.a1_staff)
        _recommend(_submitted(world.campaign, studio, world.a1_staff), world.a_reviewer, "推荐")
    package, queued = package_services.request_compile(
        campaign=world.campaign, union=world.company_a, by=world.a_reviewer, statement="说明"
    )
    assert queued and package.status == P.QUEUED
    return package


def compiled_exactly_once(package, world):
    package.refresh_from_db()
    assert package.status == P.READY, package.error
    actions = [log.action for log in workflow.history(package) if log.action != "send"]
    # Queued once; started by the killed worker and again; finished once.
    assert actions[-4:] == ["compile", "start", "start", "finish"], actions
    assert package.attempts == 2
    folder = (
        Path(settings.MEDIA_ROOT) / "private" / "packages" / str(package.campaign_id) / str(package.union_id)
    )
    files = sorted(folder.iterdir())
    # The package sent earlier, and one new file: the killed compile stored nothing.
    assert files == sorted([Path(world.package.file.path), Path(package.file.path)]), files
    assert package_services.stored_sha256(package.file.name) == package.sha256


def test_a_pool_process_killed_mid_compile_is_replaced_and_the_package_compiles_once(
    services, world, tmp_path
):
    package = queue_a_slow_compile(world)
    worker = Worker("pool-kill", DELAY, tmp_path)
    try:
        wait_for(package, in_the_middle, 60, [worker])
        (pid,) = worker.pool_pids()
        os.kill(pid, signal.SIGKILL)
        wait_for(package, lambda p: p.status == P.READY, 180, [worker])
        assert "WorkerLostError" in worker.output() or "exited with 'signal 9" in worker.output()
    finally:
        worker.stop()
    compiled_exactly_once(package, world)


def test_a_whole_worker_killed_mid_compile_leaves_the_job_to_the_next_worker_which_compiles_it_once(
    services, world, tmp_path
):
    package = queue_a_slow_compile(world)
    first = Worker("first", DELAY, tmp_path)
    try:
        wait_for(package, in_the_middle, 60, [first])
        first.kill_all()  # kill -9 of the worker and its pool, as a lost host would
    finally:
        first.stop()
    package.refresh_from_db()
    assert package.status == P.COMPILING and package.attempts == 1
    second = Worker("second", 0, tmp_path)
    try:
        wait_for(package, lambda p: p.status == P.READY, 180, [first, second])
        time.sleep(VISIBILITY + 2)  # had the job been handed out twice, a second start would show now
    finally:
        second.stop()
    compiled_exactly_once(package, world)
