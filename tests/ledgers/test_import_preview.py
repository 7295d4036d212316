"""A ledger import shows its preview first (what is added, what the ledger holds already and skips,
by the file's row), saves only on "apply", and the kept file serves its uploader, once, while it fits."""

from decimal import Decimal

import pytest

from ledgers.models import FundEntry, Training
from ledgers.services import void_entry

from .conftest import days_ago, income
from .test_excel import post_preview, workbook_bytes
from .test_import_every_ledger import template_header

pytestmark = pytest.mark.django_db


def apply(client, studio, ledger, token):
    return client.post(f"/ledgers/studio/{studio.pk}/{ledger}/import/apply/", {"token": token})


def trainings_file(client, studios):
    header = template_header(client, studios.a, "trainings")
    day = days_ago(20).isoformat()
    return workbook_bytes(
        [header, [day, "焊接培训", "王工", 2, 30], [day, "安全培训", "", 1, 12], [day, "电工培训", "", 3, 8]]
    )


def test_the_preview_names_new_and_held_rows_and_saves_nothing(client, studios):
    Training.objects.create(studio=studios.a, date=days_ago(20), title="安全培训", headcount=12)
    client.force_login(studios.a_lead)
    response = post_preview(client, studios.a, "trainings", trainings_file(client, studios))
    assert response.status_code == 200
    plan = response.context["plan"]
    assert [number for number, _row in plan.new] == [2, 4]
    assert [number for number, _row in plan.held] == [3]
    page = response.content.decode()
    held = page[page.index('id="preview-held"') :].split("</table>")[0]
    assert "安全培训" in held and ">3</td>" in held and "焊接培训" not in held
    assert Training.objects.filter(studio=studios.a).count() == 1  # nothing saved yet

    assert apply(client, studios.a, "trainings", response.context["token"]).status_code == 302
    assert set(Training.objects.filter(studio=studios.a).values_list("title", flat=True)) == {
        "焊接培训",
        "安全培训",
        "电工培训",
    }


def test_a_preview_applies_once(client, studios):
    client.force_login(studios.a_lead)
    token = post_preview(client, studios.a, "trainings", trainings_file(client, studios)).context["token"]
    apply(client, studios.a, "trainings", token)
    again = apply(client, studios.a, "trainings", token)
    assert again.status_code == 302 and again.url.endswith("/trainings/import/")
    assert Training.objects.filter(studio=studios.a).count() == 3


def test_the_kept_file_serves_only_its_uploader_for_that_studio_and_ledger(client, studios):
    client.force_login(studios.a_lead)
    token = post_preview(client, studios.a, "trainings", trainings_file(client, studios)).context["token"]
    assert apply(client, studios.a, "achievements", token).status_code == 302  # another ledger
    # Another lead, with their own studio: the token opens nothing there nor on studio A.
    client.force_login(studios.b_lead)
    assert apply(client, studios.b, "trainings", token).status_code == 302
    assert apply(client, studios.a, "trainings", token).status_code == 404  # outside their scope
    assert not Training.objects.exists()
    client.force_login(studios.a_lead)
    assert apply(client, studios.a, "trainings", token).status_code == 302
    assert Training.objects.filter(studio=studios.a).count() == 3


def test_an_expired_preview_saves_nothing(client, studios, settings):
    settings.STAGED_UPLOAD_SECONDS = -1
    client.force_login(studios.a_lead)
    token = post_preview(client, studios.a, "trainings", trainings_file(client, studios)).context["token"]
    response = apply(client, studios.a, "trainings", token)
    assert response.status_code == 302 and not Training.objects.exists()


def test_apply_checks_again_what_changed_since_the_preview(client, studios):
    """The preview passed with enough funds; the income was voided since: apply saves nothing."""
    money_in = income(studios.a, "500", days_ago(30))
    client.force_login(studios.a_lead)
    header = template_header(client, studios.a, "funds")
    content = workbook_bytes([header, [days_ago(6).isoformat(), "支出", 300, "", "设备添置"]])
    preview = post_preview(client, studios.a, "funds", content)
    assert [number for number, _row in preview.context["plan"].new] == [2]
    void_entry(entry=money_in, by=studios.a_lead, reason="录错")
    response = apply(client, studios.a, "funds", preview.context["token"])
    assert response.status_code == 302 and response.url.endswith("/funds/import/")
    assert not FundEntry.objects.filter(studio=studios.a).exists()


def test_a_funds_preview_is_a_dry_run(client, studios):
    """The preview runs the import's own checks (the balance) and leaves the ledger and its rollup alone."""
    income(studios.a, "500", days_ago(30))
    client.force_login(studios.a_lead)
    header = template_header(client, studios.a, "funds")
    content = workbook_bytes([header, [days_ago(6).isoformat(), "支出", 300, "", "设备添置"]])
    assert post_preview(client, studios.a, "funds", content).status_code == 200
    assert list(FundEntry.objects.filter(studio=studios.a).values_list("amount", flat=True)) == [
        Decimal("500")
    ]
    assert studios.a.ledger_years.get().expenditure == 0
