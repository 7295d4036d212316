"""The package pages: compile and watch, send, the received list, downloads; and scope (404 elsewhere)."""

import pytest
from django.core.files.storage import default_storage

from studios.models import Application, NominationPackage
from studios.services import packages as services

from .conftest import compile_now

P = NominationPackage.Status


def post_compile(client, pack, django_capture_on_commit_callbacks, **data):
    client.force_login(pack.a_reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            f"/studios/campaigns/{pack.campaign.pk}/package/compile/",
            {"union": pack.company_a.pk, "statement": "公示 5 个工作日无异议", **data},
        )


def test_the_ranking_panel_offers_to_compile(client, pack):
    client.force_login(pack.a_reviewer)
    response = client.get(f"/studios/campaigns/{pack.campaign.pk}/package/?union={pack.company_a.pk}")
    assert response.status_code == 200
    assert "编制推荐材料包" in response.content.decode()


def test_a_reviewer_compiles_and_sees_the_download_and_the_send_button(
    client, pack, django_capture_on_commit_callbacks
):
    response = post_compile(client, pack, django_capture_on_commit_callbacks)
    package = NominationPackage.objects.get()
    assert response.status_code == 302 and response.url == f"/studios/packages/{package.pk}/"
    page = client.get(response.url).content.decode()
    assert "已编制，待报送" in page
    assert f"/studios/packages/{package.pk}/download/" in page
    assert 'id="send-package"' in page and "报送 测试省总工会" in page
    assert "甲一劳模创新工作室" in page and "=1+1工作室" in page
    assert package.statement == "公示 5 个工作日无异议"


def test_an_overlong_statement_is_refused_with_a_message(client, pack, django_capture_on_commit_callbacks):
    response = post_compile(client, pack, django_capture_on_commit_callbacks, statement="长" * 2001)
    assert response.status_code == 302
    assert not NominationPackage.objects.exists()
    page = client.get(response.url).content.decode()
    assert "2000" in page


def test_the_progress_box_polls_while_compiling_and_stops_when_done(
    client, pack, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        package, _queued = services.request_compile(
            campaign=pack.campaign, union=pack.company_a, by=pack.a_reviewer
        )
    NominationPackage.objects.filter(pk=package.pk).update(
        status=P.COMPILING, progress=42, step="申报表和附件：已完成 1 / 2 个工作室"
    )
    client.force_login(pack.a_reviewer)
    busy = client.get(f"/studios/packages/{package.pk}/progress/", HTTP_HX_REQUEST="true")
    body = busy.content.decode()
    assert busy.status_code == 200
    assert 'hx-trigger="every 2s"' in body and "42%" in body and "已完成 1 / 2" in body

    package = compile_now(pack, django_capture_on_commit_callbacks)  # nothing queued: still compiling
    assert package.status == P.COMPILING
    from studios import tasks

    tasks.compile_package.apply(args=[package.pk])
    done = client.get(f"/studios/packages/{package.pk}/progress/", HTTP_HX_REQUEST="true")
    assert done.status_code == 286  # htmx stops polling
    assert "hx-trigger" not in done.content.decode() and "下载材料包" in done.content.decode()


def test_a_failed_package_shows_the_message_and_a_retry_button(
    client, pack, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        package, _queued = services.request_compile(
            campaign=pack.campaign, union=pack.company_a, by=pack.a_reviewer
        )
    services.fail_compile(package.pk, "编制失败：测试。")
    client.force_login(pack.a_reviewer)
    page = client.get(f"/studios/packages/{package.pk}/").content.decode()
    assert "编制失败：测试。" in page and 'id="recompile-package"' in page and "重试" in page


def test_sending_from_the_page_moves_the_applications(client, pack, django_capture_on_commit_callbacks):
    package = compile_now(pack, django_capture_on_commit_callbacks)
    client.force_login(pack.a_reviewer)
    response = client.post(f"/studios/packages/{package.pk}/send/", follow=True)
    assert "材料包已报送 测试省总工会，其中 2 项申报已冻结。" in response.content.decode()
    assert not Application.objects.filter(status=Application.Status.RECOMMENDED).exists()


def test_the_province_sees_the_received_package_and_downloads_it(
    client, pack, django_capture_on_commit_callbacks
):
    package = services.send_package(
        package=compile_now(pack, django_capture_on_commit_callbacks), by=pack.a_reviewer
    )
    client.force_login(pack.prov_reviewer)
    listing = client.get("/studios/packages/").content.decode()
    assert "甲集团公司工会" in listing and "测试省级评选" in listing
    page = client.get(f"/studios/packages/{package.pk}/").content.decode()
    assert f"/studios/applications/{pack.apps[0].pk}/" in page
    assert 'id="send-package"' not in page and 'id="recompile-package"' not in page
    response = client.get(f"/studios/packages/{package.pk}/download/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "%E6%8E%A8%E8%8D%90%E6%9D%90%E6%96%99%E5%8C%85" in response["Content-Disposition"]  # 推荐材料包
    with default_storage.open(package.file.name, "rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()


@pytest.mark.parametrize("who", ["b_reviewer", "a1_staff", "b_admin"])
def test_another_branch_gets_404_on_the_package_and_its_file(
    client, pack, django_capture_on_commit_callbacks, who
):
    package = compile_now(pack, django_capture_on_commit_callbacks)
    client.force_login(getattr(pack, who))
    for suffix in ("", "progress/", "download/"):
        assert client.get(f"/studios/packages/{package.pk}/{suffix}").status_code == 404
    for suffix in ("send/", "compile/"):
        assert client.post(f"/studios/packages/{package.pk}/{suffix}").status_code == 404
    assert NominationPackage.objects.get(pk=package.pk).status == P.READY
    assert "甲集团公司工会" not in client.get("/studios/packages/").content.decode()


def test_the_received_list_costs_the_same_queries_for_many_packages(
    client, pack, django_assert_max_num_queries
):
    from studios.models import Campaign

    for i in range(30):
        campaign = Campaign.objects.create(
            organiser=pack.province,
            title=f"包测{i:02d}号",
            year=2020,
            naming_level=pack.campaign.naming_level,
            criteria_set=pack.campaign.criteria_set,
            opens_on=pack.campaign.opens_on,
            closes_on=pack.campaign.closes_on,
            certificate_prefix="省",
            created_by=pack.prov_head,
        )
        NominationPackage.objects.create(
            campaign=campaign,
            union=pack.company_a,
            recipient=pack.province,
            status=P.SENT,
            application_ids=[1, 2],
        )
    client.force_login(pack.prov_reviewer)
    with django_assert_max_num_queries(12):
        response = client.get("/studios/packages/")
    assert response.content.decode().count("/download/") == 0  # no files in these rows
    assert response.content.decode().count("包测") == 25  # one page


def test_a_compile_that_cannot_start_ends_failed_with_a_message_never_queued(
    client, pack, django_capture_on_commit_callbacks, monkeypatch
):
    """In-process (no Redis) the task runs inside the request: an error there (e.g. the database
    busy) must not leave the package queued with its page polling for ever."""
    from studios import tasks

    def refuse(*args, **kwargs):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(tasks.compile_package, "delay", refuse)
    response = post_compile(client, pack, django_capture_on_commit_callbacks)
    package = NominationPackage.objects.get()
    assert response.status_code == 302
    assert package.status == P.FAILED and package.error
    assert "无法开始" in client.get(response.url).content.decode()
