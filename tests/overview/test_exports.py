"""Large Excel exports go through the worker (in-process here): every row, only one's own, scoped."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from openpyxl import load_workbook

from ledgers.models import Export, FundEntry
from ledgers.overview import exports
from tests.factories import StudioFactory
from unions.models import Notice

from .helpers import named_studio, spend
from .test_grants import grant

pytestmark = pytest.mark.django_db


def sheet_rows(export):
    export.refresh_from_db()
    with export.file.open("rb") as f:
        ws = load_workbook(io.BytesIO(f.read()), read_only=True).active
        return [list(row) for row in ws.iter_rows(values_only=True)]


def ask(client, export_kind, **query):
    url = reverse("ledgers:export_request", args=[export_kind])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return client.post(url)


def test_the_grants_export_holds_every_studio_with_spending_by_use_and_tells_the_person(
    client, tree, django_capture_on_commit_callbacks
):
    first = named_studio(tree.a1, by=tree.province)
    second = named_studio(tree.b1, by=tree.province)
    grant(tree, first, "50000", 2025)
    grant(tree, second, "20000", 2025)
    spend(first, datetime.date(2025, 5, 1), Decimal("3000"), FundEntry.Use.ACTIVITIES)
    client.force_login(tree.prov_head)
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, "grants", union=tree.province.pk, year=2025)
    assert response.status_code == 302 and response["Location"] == reverse("ledgers:exports")
    export = Export.objects.get(requested_by=tree.prov_head)
    rows = sheet_rows(export)
    assert export.status == Export.Status.READY and export.rows == 2
    header = rows[0]
    assert header[:3] == ["工作室", "所属工会", "拨付（元）"]
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name[first.name][2] == 50000 and by_name[first.name][-1] == 3000
    assert by_name[second.name][2] == 20000 and by_name[second.name][-1] == 0
    notice = Notice.objects.get(user=tree.prov_head)
    assert "已生成" in notice.text and "2" in notice.text
    page = client.get(reverse("ledgers:exports")).content.decode()
    assert reverse("ledgers:export_download", args=[export.pk]) in page
    download = client.get(reverse("ledgers:export_download", args=[export.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


def test_the_studio_search_export_follows_the_filters_and_the_scope(
    client, tree, django_capture_on_commit_callbacks
):
    StudioFactory(host_union=tree.a1, name="甲一技术工作室", kind="technical")
    StudioFactory(host_union=tree.a2, name="甲二技能工作室", kind="skills")
    StudioFactory(host_union=tree.b1, name="乙一技术工作室", kind="technical")
    client.force_login(tree.a_reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "studios", kind="technical")
    export = Export.objects.get(requested_by=tree.a_reviewer)
    names = [r[0] for r in sheet_rows(export)[1:]]
    assert names == ["甲一技术工作室"]  # company B's studio is out of reach, the skill one filtered out


def test_nobody_else_sees_or_downloads_an_export(client, tree, django_capture_on_commit_callbacks):
    StudioFactory(host_union=tree.a1, name="甲一工作室")
    client.force_login(tree.a_reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "studios")
    client.get(reverse("ledgers:exports"))  # the message "being written" is shown to its asker
    export = Export.objects.get()
    for other in (tree.a_head, tree.prov_head, tree.b_reviewer):
        client.force_login(other)
        assert client.get(reverse("ledgers:export_download", args=[export.pk])).status_code == 404
        assert export.title not in client.get(reverse("ledgers:exports")).content.decode()


def test_an_export_of_a_union_out_of_reach_is_refused_at_once(client, tree):
    client.force_login(tree.a_reviewer)
    response = ask(client, "grants", union=tree.province.pk)
    assert response.status_code == 302
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "不在您的权限范围" in said
    assert not Export.objects.exists()


def test_a_role_ended_before_the_worker_runs_leaves_a_failed_export_and_no_file(tree):
    from unions import services

    StudioFactory(host_union=tree.a1)
    export = exports.request_export(user=tree.a_reviewer, kind="studios", params={"union": tree.company_a.pk})
    services.end_membership(membership=tree.a_reviewer.memberships.get())
    exports.write(export.pk)  # the worker reads the account afresh
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED and not export.file
    assert "不在您的权限范围" in export.error


def test_a_finished_export_is_not_written_twice(tree):
    StudioFactory(host_union=tree.a1)
    export = exports.request_export(user=tree.a_reviewer, kind="studios", params={})
    assert exports.write(export.pk).status == Export.Status.READY
    name = Export.objects.get().file.name
    assert exports.write(export.pk) is None  # a redelivered task finds it done
    assert Export.objects.get().file.name == name


def test_the_exports_page_polls_only_while_one_is_being_written(client, tree):
    export = Export.objects.create(requested_by=tree.a_reviewer, kind="studios", title="进行中的导出")
    client.force_login(tree.a_reviewer)
    assert 'hx-trigger="every 2s"' in client.get(reverse("ledgers:exports")).content.decode()
    Export.objects.filter(pk=export.pk).update(status=Export.Status.FAILED, error="出错了")
    page = client.get(reverse("ledgers:exports"), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' not in page and "出错了" in page


def test_an_unknown_kind_is_a_404_and_a_get_is_refused(client, tree):
    client.force_login(tree.a_reviewer)
    assert ask(client, "everything").status_code == 404
    assert client.get(reverse("ledgers:export_request", args=["studios"])).status_code == 405


def test_an_export_that_cannot_start_ends_failed_with_a_message_never_queued(
    client, tree, django_capture_on_commit_callbacks, monkeypatch
):
    """In-process (no Redis) the task runs inside the request: an error there must not leave the
    export queued with 'My Excel exports' polling for ever."""
    from ledgers import tasks

    def refuse(*args, **kwargs):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(tasks.write_export, "delay", refuse)
    client.force_login(tree.prov_head)
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, "grants", union=tree.province.pk, year=2025)
    assert response.status_code == 302
    export = Export.objects.get(requested_by=tree.prov_head)
    assert export.status == Export.Status.FAILED and export.error
    assert "无法开始" in client.get(reverse("ledgers:exports")).content.decode()
