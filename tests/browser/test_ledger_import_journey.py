"""A studio's lead imports trainings from Excel: the preview names what is added and what the ledger holds
already (by the file's row), nothing is saved before "apply", then the rows are in the ledger."""

import datetime

import pytest
from playwright.sync_api import expect

from ledgers.models import Training
from tests.factories import StudioFactory, lead
from tests.ledgers.test_excel import workbook_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = ["日期", "培训名称", "授课人", "场次", "培训人次"]


def test_a_lead_previews_and_applies_a_training_import(live_server, login_as, tree, tmp_path):
    studio = StudioFactory(host_union=tree.a1, name="甲一导入工作室")
    person = lead(studio, "t_import_lead")
    day = datetime.date.today() - datetime.timedelta(days=10)
    Training.objects.create(studio=studio, date=day, title="安全培训", headcount=12)
    path = tmp_path / "培训.xlsx"
    path.write_bytes(
        workbook_bytes(
            [HEADER, [day.isoformat(), "焊接培训", "王工", 2, 30], [day.isoformat(), "安全培训", "", 1, 12]]
        )
    )
    page = login_as(person)
    page.goto(f"{live_server.url}/ledgers/studio/{studio.pk}/trainings/import/")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="校验并预览").click()
    expect(page.locator("h1")).to_contain_text("导入预览")
    expect(page.locator("#preview-counts .count-new")).to_have_text("1")
    expect(page.locator("#preview-counts .count-held")).to_have_text("1")
    expect(page.locator("#preview-held")).to_contain_text("安全培训")
    assert Training.objects.filter(studio=studio).count() == 1
    page.locator("#apply").click()
    expect(page.locator(".alert-success")).to_contain_text("1")
    assert set(Training.objects.filter(studio=studio).values_list("title", flat=True)) == {
        "焊接培训",
        "安全培训",
    }
