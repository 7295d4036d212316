"""Compiling: one queued task per request, failures that leave the previous file, recompiles that replace it."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from studios import tasks, workflow
from studios.models import NominationPackage, TransitionLog
from studios.packages import build
from studios.services import packages as services

from .conftest import compile_now

P = NominationPackage.Status


def manifest(package):
    with default_storage.open(package.file.name, "rb") as stored:
        return json.loads(zipfile.ZipFile(io.BytesIO(stored.read())).read("manifest.json"))


def test_compiling_ends_ready_with_progress_at_100_and_a_timeline(pack, django_capture_on_commit_callbacks):
    package = compile_now(pack, django_capture_on_commit_callbacks)
    assert package.status == P.READY
    assert (package.progress, package.step, package.error) == (100, "编制完成", "")
    assert package.attempts == 1
    assert package.application_ids == [a.pk for a in pack.apps]
    assert default_storage.exists(package.file.name)
    actions = [log.action for log in workflow.history(package)]
    assert actions == ["compile", "start", "finish"]
    assert all(log.actor == pack.a_reviewer for log in workflow.history(package))


def test_a_second_request_while_queued_queues_nothing(pack, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first, queued = services.request_compile(
            campaign=pack.campaign, union=pack.company_a, by=pack.a_reviewer
        )
        again, queued_again = services.request_compile(
            campaign=pack.campaign, union=pack.company_a, by=pack.a_reviewer
        )
    assert (queued, queued_again) == (True, False)
    assert again.pk == first.pk and again.status == P.QUEUED
    assert len(callbacks) == 1  # one task for two clicks
    assert NominationPackage.objects.count() == 1


def test_only_a_reviewer_of_the_sending_union_may_compile(pack):
    from django.core.exceptions import PermissionDenied

    for outsider in (pack.b_reviewer, pack.prov_reviewer, pack.a1_staff):
        with pytest.raises(PermissionDenied):
            services.request_compile(campaign=pack.campaign, union=pack.company_a, by=outsider)
    assert not NominationPackage.objects.exists()


def test_a_failure_midway_leaves_the_previous_file_intact_and_says_why(
    pack, django_capture_on_commit_callbacks, monkeypatch
):
    package = compile_now(pack, django_capture_on_commit_callbacks)
    previous_name, previous_sha = package.file.name, package.sha256
    with default_storage.open(previous_name, "rb") as stored:
        previous_bytes = stored.read()
    stored_before = set(default_storage.listdir(previous_name.rsplit("/", 1)[0])[1])

    real_form = build.form_bytes
    calls = []

    def breaks_on_the_second_studio(entry, **kwargs):
        calls.append(entry.rank)
        if len(calls) == 2:
            raise ValueError("磁盘读写错误")
        return real_form(entry, **kwargs)

    monkeypatch.setattr(build, "form_bytes", breaks_on_the_second_studio)
    package = compile_now(pack, django_capture_on_commit_callbacks)
    assert calls == [1, 2]  # it failed in the middle, after writing the first studio
    assert package.status == P.FAILED
    assert "编制失败" in package.error and "磁盘读写错误" in package.error
    assert (package.file.name, package.sha256) == (previous_name, previous_sha)
    with default_storage.open(previous_name, "rb") as stored:
        assert stored.read() == previous_bytes
    # No half-written zip was left beside it.
    assert set(default_storage.listdir(previous_name.rsplit("/", 1)[0])[1]) == stored_before

    monkeypatch.setattr(build, "form_bytes", real_form)
    package = compile_now(pack, django_capture_on_commit_callbacks)  # the retry button
    assert package.status == P.READY and package.error == ""


def test_a_recompile_replaces_the_previous_file(pack, django_capture_on_commit_callbacks):
    first = compile_now(pack, django_capture_on_commit_callbacks)
    second = compile_now(pack, django_capture_on_commit_callbacks)
    assert second.pk == first.pk and second.status == P.READY
    assert second.file.name != first.file.name
    assert default_storage.exists(second.file.name)
    assert not default_storage.exists(first.file.name)


def test_the_same_package_compiles_to_the_same_content(pack, django_capture_on_commit_callbacks):
    first = manifest(compile_now(pack, django_capture_on_commit_callbacks))
    second = manifest(compile_now(pack, django_capture_on_commit_callbacks))
    assert first["applications"] == second["applications"]
    assert [f["path"] for f in first["files"]] == [f["path"] for f in second["files"]]
    attachments = [f for f in first["files"] if not f["path"].endswith(".xlsx")]
    assert attachments == [f for f in second["files"] if not f["path"].endswith(".xlsx")]


def test_a_duplicate_delivery_of_a_finished_job_does_nothing(pack, django_capture_on_commit_callbacks):
    package = compile_now(pack, django_capture_on_commit_callbacks)
    logs = TransitionLog.objects.count()
    tasks.compile_package.apply(args=[package.pk])
    package.refresh_from_db()
    assert package.status == P.READY and package.attempts == 1
    assert TransitionLog.objects.count() == logs


def test_a_job_redelivered_too_often_fails_instead_of_looping(pack, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        package, _queued = services.request_compile(
            campaign=pack.campaign, union=pack.company_a, by=pack.a_reviewer
        )
    NominationPackage.objects.filter(pk=package.pk).update(status=P.COMPILING, attempts=services.MAX_ATTEMPTS)
    tasks.compile_package.apply(args=[package.pk])
    package.refresh_from_db()
    assert package.status == P.FAILED
    assert "中断 5 次" in package.error


def test_a_transient_database_error_is_retried(pack, django_capture_on_commit_callbacks, monkeypatch):
    from django.db import OperationalError

    real_build = tasks.build_package
    calls = []

    def flaky(package, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real_build(package, **kwargs)

    monkeypatch.setattr(tasks, "build_package", flaky)
    package = compile_now(pack, django_capture_on_commit_callbacks)
    assert len(calls) == 2
    assert package.status == P.READY and package.attempts == 2


def test_a_lost_job_may_be_queued_again_once_stale(pack, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        package, _queued = services.request_compile(
            campaign=pack.campaign, union=pack.company_a, by=pack.a_reviewer
        )
    long_ago = timezone.now() - services.STALE_AFTER - datetime.timedelta(minutes=1)
    NominationPackage.objects.filter(pk=package.pk).update(updated_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        package, queued = services.request_compile(
            campaign=pack.campaign, union=pack.company_a, by=pack.a_reviewer
        )
    assert queued and len(callbacks) == 1
    package.refresh_from_db()
    assert package.status == P.READY
