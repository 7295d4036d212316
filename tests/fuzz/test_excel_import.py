"""The Excel import of members and activities, fed generated workbooks: the right headers and rows of bad
cells (any text, numbers out of range, dates before 1900 or after 9999, booleans, formulas, empty rows).
The page names the row and column of each problem and saves nothing, or saves every row."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from hypothesis import assume, given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ledgers.models import Activity, Member
from ledgers.views.specs import SPECS
from tests.security.test_url_matrix import changed, fingerprint

from .conftest import FUZZ, count
from .strategies import ODD

pytestmark = pytest.mark.django_db

cells = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(ODD + ["成员", "member", "带头人", "lead", "攻关", "other", "=1+1", '=HYPERLINK("x")']),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(9999, 12, 31)),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1), max_value=datetime.datetime(9999, 12, 31)),
    st.builds(lambda n: "长" * n, st.integers(300, 5000)),
)


def headers(ledger):
    with translation.override("zh-hans"):
        return [str(c.header) for c in SPECS[ledger].import_columns]


def workbook(header, rows):
    wb = Workbook()
    ws = wb.active
    for row in [header, *rows]:
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    try:
        wb.save(out)
    except (ValueError, OverflowError, TypeError):
        assume(False)  # a value openpyxl itself cannot write
    return out.getvalue()


def sheets(ledger):
    columns = headers(ledger)
    return st.tuples(
        # The headers, sometimes shuffled, one left out, or an extra column.
        st.one_of(
            st.just(columns),
            st.permutations(columns),
            st.lists(st.sampled_from(columns), min_size=1, max_size=len(columns), unique=True),
            st.just(columns + ["多余的列"]),
        ),
        st.lists(st.lists(cells, min_size=0, max_size=len(columns) + 2), min_size=0, max_size=8),
    )


@pytest.mark.parametrize("ledger, model", [("members", Member), ("activities", Activity)])
def test_an_import_of_bad_cells_names_row_and_column_and_saves_nothing(client, world, ledger, model):
    client.force_login(world.lead)
    url = reverse("ledgers:import", kwargs={"studio_pk": world.studio.pk, "ledger": ledger})
    seen = {"refused": 0}

    @FUZZ
    @given(sheets(ledger))
    def fuzz(sheet):
        count()
        header, rows = sheet
        upload = SimpleUploadedFile("台帐.xlsx", workbook(header, rows))
        with transaction.atomic():
            before, rows_before = fingerprint(), model.objects.count()
            response = client.post(url, {"file": upload})
            previewed = fingerprint()
            if response.status_code == 200 and "token" in response.context:
                # The preview saved nothing; "apply" saves every row of it.
                assert not changed(before, previewed), f"a preview saved {changed(before, previewed)}"
                apply_url = reverse(
                    "ledgers:import_apply", kwargs={"studio_pk": world.studio.pk, "ledger": ledger}
                )
                new = len(response.context["plan"].new)
                response = client.post(apply_url, {"token": response.context["token"]})
                assert response.status_code == 302
                rows_after = model.objects.count()
                transaction.set_rollback(True)
                assert rows_after - rows_before == new  # every new row of the preview went in
                return
            after, rows_after = previewed, model.objects.count()
            transaction.set_rollback(True)
        assert response.status_code == 200, response.status_code
        seen["refused"] += 1
        assert not changed(before, after), f"a refused import saved {changed(before, after)}"
        page = response.content.decode()
        row_problems = response.context["row_errors"]
        if row_problems:
            for problem in row_problems:
                assert re.match(r"第\d+行 · ", str(problem)), str(problem)
                assert str(problem).split(" · ")[0] in page
        else:
            assert response.context["form"].errors["file"], "refused without saying why"

    fuzz()
    assert seen["refused"]
