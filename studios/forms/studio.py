"""Forms for registering a studio, proving its criteria and appointing its lead."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unions import access, uploads
from unions.forms import InviteForm
from unions.models import TEXT_MAX_LENGTH, Union
from unions.phones import validate_mainland_phone

from .. import permissions
from ..models import EvidenceFile, Honour, Studio, Topic

User = get_user_model()


# Dates a person types are real dates of this world: not the year 0001, not 9999, not tomorrow.
EARLIEST_FOUNDING = datetime.date(1949, 10, 1)
EARLIEST_BIRTH = datetime.date(1920, 1, 1)


def _plausible_date(value, *, earliest):
    if value is None:
        return value
    today = timezone.localdate()
    if not earliest <= value <= today:
        raise ValidationError(
            _("Enter a date between %(earliest)s and today."), params={"earliest": f"{earliest:%Y-%m-%d}"}
        )
    return value


class StudioForm(forms.ModelForm):
    person_honours = forms.MultipleChoiceField(
        label=_("honours"), choices=Honour.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    topics = forms.MultipleChoiceField(
        label=_("main topics"), choices=Topic.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Studio
        fields = [
            "name",
            "host_union",
            "unit",
            "kind",
            "topics",
            "founded_on",
            "person_name",
            "person_gender",
            "person_birth_date",
            "person_political_status",
            "person_education",
            "person_title",
            "person_skill_level",
            "person_post",
            "person_phone",
            "person_honours",
            "person_expertise",
            "site_address",
            "site_area",
            "site_equipment",
            "introduction",
            "main_deeds",
        ]
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "person_birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "person_expertise": forms.Textarea(attrs={"rows": 3}),
            "site_equipment": forms.Textarea(attrs={"rows": 3}),
            "introduction": forms.Textarea(attrs={"rows": 5}),
            "main_deeds": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "name": _("Usually named after the person, e.g. 张三劳模创新工作室."),
            "site_equipment": _("Books, computers, instruments, tools — one item per line."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # One year field per honour, right after the honours, filled from person_honour_years.
        years = self.instance.person_honour_years or {}
        order = list(self.fields)
        at = order.index("person_honours") + 1
        for code, label in Honour.choices:
            name = f"honour_year_{code}"
            self.fields[name] = forms.IntegerField(
                label=_("Year awarded: %(honour)s") % {"honour": label},
                required=False,
                min_value=1950,
                max_value=timezone.localdate().year,
                initial=years.get(code),
            )
            order.insert(at, name)
            at += 1
        self.order_fields(order)
        # Only grassroots unions on which the user registers studios.
        unions = access.unions_for(user, access.FILE).filter(level=Union.Level.GRASSROOTS)
        self.fields["host_union"].queryset = unions
        if self.instance.pk is None and unions.count() == 1:
            self.fields["host_union"].initial = unions.first().pk
        self.fields["site_area"].widget.attrs["min"] = "0"

    def clean(self):
        cleaned = super().clean()
        honours = set(cleaned.get("person_honours") or [])
        for code in Honour.values:
            if cleaned.get(f"honour_year_{code}") and code not in honours:
                self.add_error(f"honour_year_{code}", _("Tick the honour too, or leave its year empty."))
        return cleaned

    def save(self, commit=True):
        honours = set(self.cleaned_data.get("person_honours") or [])
        self.instance.person_honour_years = {
            code: self.cleaned_data[f"honour_year_{code}"]
            for code in Honour.values
            if code in honours and self.cleaned_data.get(f"honour_year_{code}")
        }
        return super().save(commit=commit)

    def clean_founded_on(self):
        return _plausible_date(self.cleaned_data.get("founded_on"), earliest=EARLIEST_FOUNDING)

    def clean_person_birth_date(self):
        return _plausible_date(self.cleaned_data.get("person_birth_date"), earliest=EARLIEST_BIRTH)

    def clean_person_phone(self):
        phone = self.cleaned_data.get("person_phone", "")
        validate_mainland_phone(phone)
        return phone

    def clean_site_area(self):
        area = self.cleaned_data.get("site_area")
        if area is not None and area <= 0:
            raise ValidationError(_("The area must be more than 0 m²."))
        return area


class EvidenceStatementForm(forms.Form):
    description = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("statement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the records and files show for this condition."),
    )


class EvidenceFileForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=EvidenceFile.Kind.choices)
    rule_kind = forms.ChoiceField(
        label=_("kind of rule"),
        choices=[("", "---------")] + list(EvidenceFile.RuleKind.choices),
        required=False,
        help_text=_("Needed when the file is a rule document."),
    )
    title = forms.CharField(label=_("title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("file"),
        help_text=_("A photo, a scan, a PDF or an Office document."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.upload_info = uploads.check_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        if data.get("kind") == EvidenceFile.Kind.RULE_DOCUMENT and not data.get("rule_kind"):
            self.add_error("rule_kind", _("Say which kind of rule this document is."))
        return data


class ExistingAccountForm(forms.Form):
    """An account to give a role on a studio: only one the appointer may appoint
    (studios.permissions.can_appoint). Unknown, inactive and out-of-reach usernames get the same
    message, so the form tells nothing of accounts elsewhere."""

    username = forms.CharField(label=_("username of an existing account"), max_length=150)

    def __init__(self, *args, appointer=None, studio=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.appointer, self.studio = appointer, studio

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        account = User.objects.filter(username__iexact=username).first()
        if account is None or not permissions.can_appoint(self.appointer, account, self.studio):
            raise ValidationError(
                _(
                    "No account you may appoint has this username. Ask its union, or create a new "
                    "account for the person."
                )
            )
        self.account = account
        return username


class NewLeadForm(InviteForm):
    """The invitation form of unions, without a union role: the account only leads the studio."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["role"]


class MoveForm(forms.Form):
    comment = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
