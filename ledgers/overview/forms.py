"""The forms of the overview: the studio search's filters and a creation-fund grant."""

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


class StatisticsYearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("year"), required=False, min_value=2000, max_value=2100)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Which system uses it"),
        max_length=100,
        help_text=gettext_lazy("E.g. the city's portal; it tells tokens apart when one is revoked."),
    )
