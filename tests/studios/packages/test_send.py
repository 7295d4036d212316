"""Sending: only a ready, current package; its applications go up through send_up, its file is frozen."""

import pytest
from django.core.files.storage import default_storage

from studios import workflow
from studios.models import Application, NominationPackage, Review
from studios.services import applications as filing
from studios.services import packages as services
from tests.factories import make_union, member
from unions.models import Role, Union

from .conftest import compile_now, recommended, studio_with_evidence

P = NominationPackage.Status
S = Application.Status


def test_sending_moves_the_applications_up_and_freezes_the_package(pack, django_capture_on_commit_callbacks):
    package = compile_now(pack, django_capture_on_commit_callbacks)
    sha, name = package.sha256, package.file.name
    package = services.send_package(package=package, by=pack.a_reviewer)
    assert package.status == P.SENT
    assert package.sent_by == pack.a_reviewer and package.sent_at is not None
    assert package.recipient == pack.province
    assert (package.sha256, package.file.name) == (sha, name)
    assert default_storage.exists(name)
    for app in Application.objects.filter(pk__in=package.application_ids):
        # The province organises this campaign: the company's package waits for its receipt (形式审查).
        assert (app.status, app.current_union) == (S.RECEIPT, pack.province)
        assert [log.action for log in workflow.history(app)][-1] == "send_to_experts"
        assert f"第 {package.pk} 号推荐材料包" in workflow.history(app).last().comment
    assert not Review.objects.filter(union=pack.company_a, sent_up_at__isnull=True).exists()
    assert [log.action for log in workflow.history(package)][-1] == "send"


def test_a_sent_package_cannot_be_compiled_again_and_a_new_one_starts_empty(
    pack, django_capture_on_commit_callbacks
):
    package = services.send_package(
        package=compile_now(pack, django_capture_on_commit_callbacks), by=pack.a_reviewer
    )
    with pytest.raises(workflow.TransitionError):
        services.request_compile(campaign=pack.campaign, union=pack.company_a, by=pack.a_reviewer)
    package.refresh_from_db()
    assert package.status == P.SENT
    assert NominationPackage.objects.filter(status=P.SENT).count() == 1


def test_only_a_ready_package_can_be_sent(pack, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        package, _queued = services.request_compile(
            campaign=pack.campaign, union=pack.company_a, by=pack.a_reviewer
        )
    with pytest.raises(workflow.TransitionError):
        services.send_package(package=package, by=pack.a_reviewer)
    assert Application.objects.filter(status=S.RECOMMENDED).count() == 2


def test_a_package_outdated_by_a_ranking_change_must_be_compiled_again(
    pack, django_capture_on_commit_callbacks
):
    package = compile_now(pack, django_capture_on_commit_callbacks)
    first, second = pack.apps
    filing.rerank(
        campaign=pack.campaign,
        union=pack.company_a,
        by=pack.a_reviewer,
        ranking=[(second, 1, ""), (first, 2, "")],
    )
    assert services.is_outdated(package)
    with pytest.raises(workflow.TransitionError, match="重新编制"):
        services.send_package(package=package, by=pack.a_reviewer)
    assert Application.objects.filter(status=S.RECOMMENDED).count() == 2
    package = compile_now(pack, django_capture_on_commit_callbacks)
    assert package.application_ids == [second.pk, first.pk]
    assert services.send_package(package=package, by=pack.a_reviewer).status == P.SENT


def test_a_damaged_package_file_is_not_sent(pack, django_capture_on_commit_callbacks):
    package = compile_now(pack, django_capture_on_commit_callbacks)
    default_storage.delete(package.file.name)
    with pytest.raises(workflow.TransitionError, match="缺失或已损坏"):
        services.send_package(package=package, by=pack.a_reviewer)
    assert NominationPackage.objects.get(pk=package.pk).status == P.READY


def test_another_union_cannot_send_it(pack, django_capture_on_commit_callbacks):
    from django.core.exceptions import PermissionDenied

    package = compile_now(pack, django_capture_on_commit_callbacks)
    for outsider in (pack.b_reviewer, pack.prov_reviewer):
        with pytest.raises(PermissionDenied):
            services.send_package(package=package, by=outsider)
    assert NominationPackage.objects.get(pk=package.pk).status == P.READY


def test_below_a_middle_level_the_package_goes_to_the_parents_review(
    pack, django_capture_on_commit_callbacks
):
    # province → company A → city → grassroots: the city's package goes to company A's review.
    city = Union.objects.get(
        pk=make_union(pack.company_a, name="甲市工会", code="a-city", level=Union.Level.CITY_OR_COMPANY).pk
    )
    grassroots = make_union(city, name="甲市基层工会", code="a-city-1")
    staff, city_reviewer = member(grassroots, Role.STAFF), member(city, Role.REVIEWER)
    studio = studio_with_evidence(grassroots, staff, name="市级推荐工作室")
    recommended(pack.campaign, studio, staff, city_reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        package, _queued = services.request_compile(campaign=pack.campaign, union=city, by=city_reviewer)
    package.refresh_from_db()
    assert package.status == P.READY
    services.send_package(package=package, by=city_reviewer)
    app = Application.objects.get(studio=studio)
    assert (app.status, app.current_union) == (S.UNDER_REVIEW, pack.company_a)
    assert services.received_packages(pack.a_reviewer).get() == package
