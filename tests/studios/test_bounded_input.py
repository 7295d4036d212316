"""Free text and dates a person types are bounded: a megabyte of text or the year 9999 is refused
beside its field, and nothing is saved."""

import pytest

from studios.forms.studio import StudioForm
from studios.models import Studio
from unions.models import TEXT_MAX_LENGTH

pytestmark = pytest.mark.django_db


def studio_data(tree, **changes):
    return {
        "name": "测试劳模创新工作室",
        "kind": Studio._meta.get_field("kind").choices[0][0],
        "host_union": tree.a1.pk,
        "founded_on": "2020-05-01",
        "person_name": "张三",
        **changes,
    }


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1900-01-01"])
def test_an_implausible_founding_date_is_refused_beside_the_field(tree, day):
    form = StudioForm(studio_data(tree, founded_on=day), user=tree.a1_staff)
    assert not form.is_valid() and "founded_on" in form.errors


def test_a_megabyte_of_text_is_refused_beside_the_field(tree):
    form = StudioForm(studio_data(tree, site_equipment="长" * (1024 * 1024)), user=tree.a1_staff)
    assert not form.is_valid() and "site_equipment" in form.errors
    fine = StudioForm(studio_data(tree, site_equipment="长" * TEXT_MAX_LENGTH), user=tree.a1_staff)
    assert "site_equipment" not in fine.errors
