"""Forms for a request to change a studio's life: the new lead (带头人变更), or its dissolution (撤销/注销)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unions.models import TEXT_MAX_LENGTH
from unions.phones import validate_mainland_phone

from ..models import StudioChange
from .studio import EARLIEST_BIRTH, _plausible_date

DATE = {"type": "date"}
# How far ahead a lead change may be dated (a retirement known in advance).
LEAD_CHANGE_AHEAD = datetime.timedelta(days=366)


class _ChangeFields:
    """What both request forms share (a mixin, not a form of its own): the studio, the effective date
    (not before the studio was founded, nor further ahead than `latest_ahead`), a reason."""

    latest_ahead = datetime.timedelta(0)

    def __init__(self, *args, studio, **kwargs):
        self.studio = studio
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget = forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX_LENGTH})
        self.fields["reason"].max_length = TEXT_MAX_LENGTH
        self.fields["effective_on"].widget = forms.DateInput(attrs=DATE, format="%Y-%m-%d")
        if not self.is_bound:
            self.initial.setdefault("effective_on", timezone.localdate())

    def clean_effective_on(self):
        day = self.cleaned_data.get("effective_on")
        if day is None:
            return day
        earliest = self.studio.founded_on
        latest = timezone.localdate() + self.latest_ahead
        if not earliest <= day <= latest:
            raise ValidationError(
                _("Enter a date between %(earliest)s and %(latest)s."),
                params={"earliest": f"{earliest:%Y-%m-%d}", "latest": f"{latest:%Y-%m-%d}"},
            )
        return day

    def clean_reason(self):
        reason = (self.cleaned_data.get("reason") or "").strip()
        if not reason:
            raise ValidationError(_("Please give a reason."))
        return reason


class LeadChangeForm(_ChangeFields, forms.ModelForm):
    """The new lead's particulars, as the 申报表 asks for them, and a new name if the studio takes one."""

    latest_ahead = LEAD_CHANGE_AHEAD

    class Meta:
        model = StudioChange
        fields = [
            "person_name",
            "person_gender",
            "person_birth_date",
            "person_political_status",
            "person_education",
            "person_title",
            "person_skill_level",
            "person_post",
            "person_phone",
            "new_name",
            "effective_on",
            "reason",
        ]
        widgets = {"person_birth_date": forms.DateInput(attrs=DATE, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_name"].required = True
        self.fields["reason"].help_text = _("E.g. the lead retired or moved to another post.")

    def clean_person_name(self):
        name = (self.cleaned_data.get("person_name") or "").strip()
        if not name:
            raise ValidationError(_("Please give the name of the new lead."))
        return name

    def clean_person_birth_date(self):
        return _plausible_date(self.cleaned_data.get("person_birth_date"), earliest=EARLIEST_BIRTH)

    def clean_person_phone(self):
        phone = (self.cleaned_data.get("person_phone") or "").strip()
        validate_mainland_phone(phone)
        return phone

    def clean_new_name(self):
        return (self.cleaned_data.get("new_name") or "").strip()


class DissolutionForm(_ChangeFields, forms.ModelForm):
    """Why and since when the studio ends (its unit closed, merged or moved away, or it stopped)."""

    class Meta:
        model = StudioChange
        fields = ["cause", "effective_on", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cause"].required = True
        self.fields["cause"].choices = StudioChange.Cause.choices


FORMS = {StudioChange.Kind.LEAD.value: LeadChangeForm, StudioChange.Kind.DISSOLUTION.value: DissolutionForm}
