"""The forms of the overview: the studio search's filters, a creation-fund grant, a batch grant."""

import uuid
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from studios.models import NamingLevel, Studio, StudioType, Topic
from unions.models import Union

from ..models import GrantSource


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Studio, person or unit"), required=False)
    union = forms.IntegerField(required=False, widget=forms.HiddenInput)
    own = forms.BooleanField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=gettext_lazy("type"), required=False)
    stage = forms.ChoiceField(label=gettext_lazy("stage"), required=False)
    level = forms.ChoiceField(label=gettext_lazy("naming level"), required=False)
    topic = forms.ChoiceField(label=gettext_lazy("main topic"), required=False)
    flag = forms.ChoiceField(label=gettext_lazy("warnings"), required=False)
    named_year = forms.IntegerField(
        label=gettext_lazy("named in"), required=False, min_value=1949, max_value=2100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("all"))]
        self.fields["kind"].choices = everything + list(StudioType.choices)
        self.fields["stage"].choices = everything + list(Studio.Stage.choices)
        self.fields["level"].choices = everything + list(NamingLevel.choices)
        self.fields["topic"].choices = everything + list(Topic.choices)
        self.fields["flag"].choices = everything + [
            ("any", _("Falling behind (any warning)")),
            ("quiet", _("No ledger entry in the last 90 days")),
            ("no_results", _("No achievement in the last 12 months")),
        ]


class GrantForm(forms.Form):
    union = forms.ModelChoiceField(queryset=Union.objects.none(), label=gettext_lazy("granting union"))
    year = forms.IntegerField(label=gettext_lazy("year"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(
        label=gettext_lazy("amount (yuan)"), max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )
    source = forms.ChoiceField(label=gettext_lazy("source"), choices=GrantSource.choices)
    purpose = forms.CharField(label=gettext_lazy("purpose"), max_length=300)
    document_number = forms.CharField(label=gettext_lazy("document number"), max_length=100)
    granted_on = forms.DateField(
        label=gettext_lazy("granted on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, unions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = Union.objects.filter(pk__in=[u.pk for u in unions])
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["granted_on"].initial = today
        if unions:
            self.fields["union"].initial = unions[0].pk


def _amount_field(label, required=True):
    return forms.DecimalField(
        label=label, required=required, max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )


class BatchGrantForm(forms.Form):
    """One document, many named studios, an amount each (or the same amount for every one chosen)."""

    document_number = forms.CharField(label=gettext_lazy("grant document number"), max_length=100)
    title = forms.CharField(label=gettext_lazy("document title"), max_length=300)
    year = forms.IntegerField(label=gettext_lazy("year"), min_value=2000, max_value=2100)
    granted_on = forms.DateField(
        label=gettext_lazy("granted on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    source = forms.ChoiceField(label=gettext_lazy("source"), choices=GrantSource.choices)
    purpose = forms.CharField(label=gettext_lazy("purpose"), max_length=300)
    same_amount = _amount_field(gettext_lazy("Same amount for every studio chosen (yuan)"), required=False)
    studios = forms.ModelMultipleChoiceField(
        queryset=Studio.objects.none(),
        label=gettext_lazy("studios"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("Choose at least one studio."),
            "invalid_choice": gettext_lazy("A studio chosen is not a named studio of this union."),
            "invalid_pk_value": gettext_lazy("A studio chosen is not a named studio of this union."),
        },
    )
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, union, studios, **kwargs):
        super().__init__(*args, **kwargs)
        self.union = union
        self.eligible = list(studios)
        self.fields["studios"].queryset = Studio.objects.select_related("host_union").filter(
            pk__in=[s.pk for s in self.eligible]
        )
        for studio in self.eligible:
            self.fields[f"amount_{studio.pk}"] = _amount_field(gettext_lazy("amount (yuan)"), required=False)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["granted_on"].initial = today
        self.fields["key"].initial = uuid.uuid4().hex

    def rows(self):
        """(studio, chosen, its amount field) for each eligible studio, in the page's order."""
        if self.is_bound:
            chosen = set(self.data.getlist("studios")) if hasattr(self.data, "getlist") else set()
        else:
            chosen = set()
        return [(s, str(s.pk) in chosen, self[f"amount_{s.pk}"]) for s in self.eligible]

    def clean(self):
        data = super().clean()
        same = data.get("same_amount")
        amounts = {}
        for studio in data.get("studios") or ():
            name = f"amount_{studio.pk}"
            if name in self.errors:
                continue
            amount = data.get(name) or same
            if amount is None:
                self.add_error(name, _("Give an amount for this studio, or the same amount for every one."))
            else:
                amounts[studio] = amount
        self.amounts = amounts
        return data


class EarmarkForm(forms.Form):
    """The years of the 专款专用 report (both included)."""

    year_from = forms.IntegerField(label=gettext_lazy("from"), min_value=2000, max_value=2100, required=False)
    year_to = forms.IntegerField(label=gettext_lazy("to"), min_value=2000, max_value=2100, required=False)
    idle = forms.BooleanField(
        label=gettext_lazy("Only studios with no spending within a year"), required=False
    )

    def clean(self):
        data = super().clean()
        this_year = timezone.localdate().year
        first, last = data.get("year_from"), data.get("year_to")
        first = first or last or this_year
        last = last or first
        if first > last:
            self.add_error("year_to", _("The last year cannot come before the first."))
        data["year_from"], data["year_to"] = first, last
        return data

    def choice(self):
        """(first year, last year, idle only) of a valid form, else this year and every studio."""
        if self.is_valid():
            data = self.cleaned_data
            return data["year_from"], data["year_to"], data["idle"]
        this_year = timezone.localdate().year
        return this_year, this_year, False


class StatisticsYearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("year"), required=False, min_value=2000, max_value=2100)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Which system uses it"),
        max_length=100,
        help_text=gettext_lazy("E.g. the city's portal; it tells tokens apart when one is revoked."),
    )
