"""The one form of a nomination package: what the cover letter says about review and 公示 at this level."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CompileForm(forms.Form):
    statement = forms.CharField(
        label=_("Review and public notice at this level (for the cover letter)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "E.g. the meeting that decided the ranking and the dates of the public notice in your union."
        ),
    )
