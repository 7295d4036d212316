"""Phone numbers people type: a mainland China number (mobile or landline with its area code), checked
by the phone-number library of django-phonenumber-field (region CN); kept as the person wrote it."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

REGION = "CN"


def validate_mainland_phone(value):
    """Refuse what is no mainland number ("12345"), beside the field; an empty value is for `required`."""
    if not value:
        return
    try:
        number = phonenumbers.parse(str(value), REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number_for_region(number, REGION):
        raise ValidationError(
            _("Enter a mainland phone number, e.g. 13800000000 or 0571-88888888."), code="invalid_phone"
        )
