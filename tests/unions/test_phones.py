"""A phone number is a mainland number (mobile or landline, region CN): "12345" is refused beside the field."""

import pytest
from django.core.exceptions import ValidationError

from unions.forms import InviteForm
from unions.phones import validate_mainland_phone


@pytest.mark.parametrize(
    "phone", ["13800000000", "138 0000 0041", "+86 13912345678", "0571-88888888", "010-12345678"]
)
def test_mainland_mobiles_and_landlines_are_accepted(phone):
    validate_mainland_phone(phone)


@pytest.mark.parametrize("phone", ["12345", "1380000000", "abcdefg", "+1 202 555 0101"])
def test_what_is_no_mainland_number_is_refused(phone):
    with pytest.raises(ValidationError):
        validate_mainland_phone(phone)


@pytest.mark.django_db
def test_the_invitation_form_says_so_beside_the_phone_field():
    form = InviteForm(
        data={
            "username": "t_phone",
            "full_name": "王五",
            "email": "w@example.cn",
            "phone": "12345",
            "role": "staff",
        }
    )
    assert not form.is_valid()
    assert form.errors["phone"] == ["请填写中国大陆的电话号码，例如 13800000000 或 0571-88888888。"]
