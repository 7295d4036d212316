"""Forms of the public pages (no log-in): an objection to a studio on public notice, a certificate look-up."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from unions import uploads
from unions.models import TEXT_MAX_LENGTH

# A mobile (11 digits) or a landline with its area code; spaces, hyphens and brackets allowed.
PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{5,24}$")
REAL_NAME = _("An objection is received under a real name only.")


class PublicObjectionForm(forms.Form):
    application = forms.ModelChoiceField(
        label=_("studio concerned"),
        queryset=None,
        empty_label=_("— choose the studio —"),
        error_messages={"required": _("Choose the studio your objection concerns.")},
    )
    name = forms.CharField(
        label=_("your name"),
        max_length=50,
        help_text=_("A named person, or the person signing for a unit."),
        error_messages={"required": REAL_NAME},
    )
    phone = forms.CharField(
        label=_("your phone"),
        max_length=30,
        error_messages={"required": _("Give a phone number the organiser can call back.")},
    )
    unit = forms.CharField(
        label=_("your unit"),
        max_length=150,
        help_text=_("Where you work; for a unit's objection, the unit that stamps the letter."),
        error_messages={"required": _("Give your unit (where you work, or the unit objecting).")},
    )
    text = forms.CharField(
        label=_("grounds of the objection"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the facts your objection rests on.")},
    )
    attachment = forms.FileField(
        label=_("attachment"),
        required=False,
        help_text=_("Optional: the stamped unit letter or evidence (PDF, an Office document or a photo)."),
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        self.fields["application"].label_from_instance = lambda a: a.studio.name
        self.attachment_info = None

    def clean_name(self):
        return self._stripped("name", REAL_NAME)

    def clean_unit(self):
        return self._stripped("unit", self.fields["unit"].error_messages["required"])

    def clean_text(self):
        return self._stripped("text", self.fields["text"].error_messages["required"])

    def clean_phone(self):
        phone = self._stripped("phone", self.fields["phone"].error_messages["required"])
        if not PHONE.match(phone) or sum(c.isdigit() for c in phone) < 7:
            raise ValidationError(_("Give a phone number of digits, e.g. 13800000000 or 0571-88888888."))
        return phone

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        self.attachment_info = uploads.check_upload(upload) if upload else None
        return upload

    def _stripped(self, field, message):
        value = (self.cleaned_data.get(field) or "").strip()
        if not value:
            raise ValidationError(message)
        return value


class VerifyForm(forms.Form):
    number = forms.CharField(
        label=_("certificate number"),
        max_length=40,
        help_text=_("As printed on the certificate or plaque, e.g. 省-2026-0001."),
        error_messages={"required": _("Type the certificate number.")},
    )

    def clean_number(self):
        number = (self.cleaned_data.get("number") or "").strip()
        if not number:
            raise ValidationError(_("Type the certificate number as printed, e.g. 省-2026-0001."))
        return number
