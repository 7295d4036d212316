"""Forms of the review path: campaigns, filing, reviewing, ranking, experts, the meeting and 公示."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unions import uploads
from unions.forms import ModelMultipleChoiceField
from unions.models import TEXT_MAX_LENGTH, Union

from ..models import Campaign, Honour, MeetingDecision, NamingLevel, Objection, ScoringDimension
from ..models.campaign import CERTIFICATE_PATTERN, DEFAULT_REAPPLY_YEARS, naming_levels_for
from ..models.review import Decision, VerdictChoice

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "title",
            "year",
            "naming_level",
            "criteria_set",
            "opens_on",
            "closes_on",
            "description",
            "require_mature",
            "min_years_running",
            "min_honour",
            "require_named_at_level",
            "publicity_working_days",
            "certificate_prefix",
            "certificate_pattern",
            "score_spread_threshold",
            "trim_extremes",
            "reapply_wait_years",
            "exemplary_quota",
        ]
        widgets = {"opens_on": DATE, "closes_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["min_honour"].choices = [("", _("no honour required"))] + list(Honour.choices)
        self.fields["require_named_at_level"].choices = [("", _("no earlier naming required"))] + list(
            NamingLevel.choices
        )
        self.fields["reapply_wait_years"].required = False  # empty: the default (2 years)
        self.fields["exemplary_quota"].required = False  # empty: no exemplary tier
        if self.instance.organiser_id:
            self.offer_naming_levels([self.instance.organiser])
        self.fields["certificate_pattern"].required = False

    def clean_certificate_pattern(self):
        """Empty: the default pattern (the model's validator has checked any other)."""
        return self.cleaned_data.get("certificate_pattern") or CERTIFICATE_PATTERN

    def offer_naming_levels(self, organisers):
        """Only the titles these organisers may grant (the model refuses any other)."""
        allowed = {level for union in organisers for level in naming_levels_for(union)}
        self.fields["naming_level"].choices = [
            (value, label)
            for value, label in self.fields["naming_level"].choices
            if value in allowed or not value
        ]

    def clean_exemplary_quota(self):
        return self.cleaned_data.get("exemplary_quota") or 0

    def clean_reapply_wait_years(self):
        value = self.cleaned_data.get("reapply_wait_years")
        return DEFAULT_REAPPLY_YEARS if value is None else value

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The closing date is before the opening date."))
        return data


class NewCampaignForm(CampaignForm):
    organiser = forms.ModelChoiceField(label=_("organiser"), queryset=Union.objects.none())

    class Meta(CampaignForm.Meta):
        fields = ["organiser"] + CampaignForm.Meta.fields

    def __init__(self, *args, organisers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = Union.objects.filter(pk__in=[u.pk for u in organisers])
        self.offer_naming_levels(organisers)
        self.fields["certificate_prefix"].required = False
        self.fields["certificate_prefix"].help_text = _(
            "Empty: 省 for provincial, 市 for city, 企 for company level. Numbers read PREFIX-YEAR-0001."
        )


class QuotaForm(forms.Form):
    """One number field per child union; empty means no limit."""

    def __init__(self, *args, unions, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.unions = list(unions)
        for union in self.unions:
            self.fields[f"u{union.pk}"] = forms.IntegerField(
                label=union.name, min_value=0, max_value=999, required=False, initial=current.get(union.pk)
            )

    def places(self):
        return {union: self.cleaned_data.get(f"u{union.pk}") for union in self.unions}


POINTS_IN_ALL = 100


class _ExistingRow(forms.ModelChoiceField):
    """A formset's hidden id, found among the rows the formset already loaded (not one query per form)."""

    def __init__(self, rows, *args, **kwargs):
        self.rows = {str(row.pk): row for row in rows}
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        row = self.rows.get(str(value))
        if row is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return row


class BaseDimensionFormSet(forms.BaseInlineFormSet):
    """The dimensions' maxima must add up to 100 points."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        pk = self.model._meta.pk.name
        field = form.fields[pk]
        form.fields[pk] = _ExistingRow(
            self.get_queryset(), queryset=field.queryset, required=False, widget=field.widget
        )

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("name")
        ]
        total = sum(data.get("max_points") or 0 for data in kept)
        if kept and total != POINTS_IN_ALL:
            raise ValidationError(
                _("The maxima add up to %(total)s points; they must add up to %(all)s."),
                params={"total": total, "all": POINTS_IN_ALL},
            )


DimensionFormSet = forms.inlineformset_factory(
    Campaign,
    ScoringDimension,
    formset=BaseDimensionFormSet,
    fields=["name", "description", "max_points", "position"],
    extra=1,
    can_delete=True,
)


class ApplicationForm(forms.Form):
    plan = forms.FileField(
        label=_("activity implementation plan (活动实施方案)"),
        required=False,
        help_text=_("PDF or an Office document."),
    )

    def __init__(self, *args, criteria, statements=None, has_plan=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.has_plan = has_plan
        self.plan_info = None
        statements = statements or {}
        for criterion in self.criteria:
            self.fields[f"s_{criterion.code}"] = forms.CharField(
                max_length=TEXT_MAX_LENGTH,
                label=_("Statement: %(criterion)s") % {"criterion": criterion.name},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                initial=statements.get(criterion.code, ""),
                help_text=criterion.description,
            )
        if has_plan:
            self.fields["plan"].help_text = _("A plan is attached; choose a file only to replace it.")

    def clean_plan(self):
        upload = self.cleaned_data.get("plan")
        if upload:
            self.plan_info = uploads.check_upload(upload, families=(uploads.PDF, uploads.OFFICE))
        return upload

    def statements(self):
        return {c.code: self.cleaned_data.get(f"s_{c.code}", "") for c in self.criteria}


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("decision"), choices=Decision.choices, widget=forms.RadioSelect)
    score = forms.IntegerField(label=_("score (0–100)"), min_value=0, max_value=100)
    reason = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("reason / comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when returning or not recommending: the filer sees it."),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"v_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.name, choices=VerdictChoice.choices, widget=forms.RadioSelect
            )
            self.fields[f"c_{criterion.pk}"] = forms.CharField(
                label=_("comment on %(criterion)s") % {"criterion": criterion.name},
                required=False,
                widget=forms.TextInput,
            )

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") in (Decision.RETURN, Decision.REJECT)
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Please give a reason."))
        return data

    def verdict_rows(self):
        return [(c, self[f"v_{c.pk}"], self[f"c_{c.pk}"]) for c in self.criteria]

    def verdicts(self):
        return {
            c.pk: (self.cleaned_data[f"v_{c.pk}"], self.cleaned_data.get(f"c_{c.pk}", ""))
            for c in self.criteria
        }


class ReceiptForm(forms.Form):
    """形式审查 of one application at the organiser: accept, or return for correction with reasons."""

    ACTIONS = [("accept", _("Accept")), ("return_for_correction", _("Return for correction (补正)"))]
    application = forms.ModelChoiceField(label=_("application"), queryset=None)
    action = forms.ChoiceField(label=_("decision"), choices=ACTIONS, widget=forms.RadioSelect)
    comment = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("what to correct"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications

    def clean(self):
        data = super().clean()
        if data.get("action") == "return_for_correction" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Please give a reason."))
        return data


class RankForm(forms.Form):
    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = list(applications)
        for app in self.applications:
            review = app.recommendation
            self.fields[f"r_{app.pk}"] = forms.IntegerField(
                label=_("rank"), min_value=1, max_value=999, initial=review.rank if review else None
            )
            self.fields[f"why_{app.pk}"] = forms.CharField(
                label=_("reason for the rank"), required=False, initial=review.rank_reason if review else ""
            )

    def clean(self):
        data = super().clean()
        ranks = [data.get(f"r_{a.pk}") for a in self.applications if data.get(f"r_{a.pk}") is not None]
        if len(ranks) != len(set(ranks)):
            raise ValidationError(_("Give each recommendation a different rank."))
        return data

    def rows(self):
        return [(a, self[f"r_{a.pk}"], self[f"why_{a.pk}"]) for a in self.applications]

    def ranking(self):
        return [
            (a, self.cleaned_data[f"r_{a.pk}"], self.cleaned_data.get(f"why_{a.pk}", ""))
            for a in self.applications
        ]


class ExpertForm(forms.Form):
    username = forms.SlugField(label=_("username"), max_length=150)
    full_name = forms.CharField(label=_("real name"), max_length=50)
    email = forms.EmailField(label=_("e-mail"), required=False)
    field = forms.CharField(label=_("field of expertise"), max_length=100)
    unit = forms.CharField(label=_("work unit"), max_length=150)
    union = forms.ModelChoiceField(
        label=_("union of the work unit"),
        queryset=Union.objects.none(),
        required=False,
        help_text=_("When the unit has a union in the tree: used to exclude conflicts of interest."),
    )

    def __init__(self, *args, organiser, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = Union.objects.filter(path__startswith=organiser.path)


class AssignForm(forms.Form):
    expert = forms.ModelChoiceField(label=_("expert"), queryset=None)

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts


class DeclarationForm(forms.Form):
    """The conflict declaration (回避声明) an expert makes before seeing an application."""

    DECLARE = [
        ("none", _("I have no conflict of interest")),
        ("conflict", _("I have a conflict of interest")),
    ]
    declare = forms.ChoiceField(choices=DECLARE, widget=forms.HiddenInput)
    no_conflict = forms.BooleanField(
        label=_(
            "I declare that I have no conflict of interest with this studio, its unit or its lead "
            "(no work, family or financial tie), and that I will keep the application confidential."
        ),
        required=False,
    )
    reason = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("the conflict (for the organiser)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("declare") == "none" and not data.get("no_conflict"):
            self.add_error("no_conflict", _("Tick the box to declare that you have no conflict of interest."))
        return data


class ScoreForm(forms.Form):
    comment = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("overall comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, dimensions, **kwargs):
        super().__init__(*args, **kwargs)
        self.dimensions = list(dimensions)
        for d in self.dimensions:
            self.fields[f"d_{d.pk}"] = forms.IntegerField(
                label=_("%(dimension)s (at most %(points)s points)")
                % {"dimension": d.name, "points": d.max_points},
                min_value=0,
                max_value=d.max_points,
                help_text=d.description,
                error_messages={
                    "max_value": _("At most %(points)s points for %(dimension)s.")
                    % {"points": d.max_points, "dimension": d.name},
                    "min_value": _("Points cannot be negative."),
                },
            )
        self.order_fields([f"d_{d.pk}" for d in self.dimensions] + ["comment"])

    def scores(self):
        return {d.pk: self.cleaned_data[f"d_{d.pk}"] for d in self.dimensions}


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("held on"), widget=DATE)
    attendees = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("attendees"), widget=forms.Textarea(attrs={"rows": 2})
    )
    decisions = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("what was decided"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    minutes = forms.FileField(
        label=_("minutes"), required=False, help_text=_("PDF, an Office document or a photo.")
    )

    def __init__(self, *args, applications=(), exemplary_tier=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = list(applications)
        self.exemplary_tier = exemplary_tier
        votes = {"min_value": 0, "max_value": 999, "required": False}
        for app in self.applications:
            if exemplary_tier:
                self.fields[f"ex_{app.pk}"] = forms.BooleanField(
                    label=_("name %(studio)s in the exemplary tier (示范性)") % {"studio": app.studio.name},
                    required=False,
                )
            self.fields[f"a_{app.pk}"] = forms.ChoiceField(
                label=_("decision on %(studio)s") % {"studio": app.studio.name},
                choices=[("", _("not decided at this meeting"))] + list(MeetingDecision.Decision.choices),
                required=False,
            )
            self.fields[f"for_{app.pk}"] = forms.IntegerField(label=_("votes for"), **votes)
            self.fields[f"against_{app.pk}"] = forms.IntegerField(label=_("votes against"), **votes)
            self.fields[f"abstain_{app.pk}"] = forms.IntegerField(label=_("abstentions"), **votes)

    def clean_minutes(self):
        upload = self.cleaned_data.get("minutes")
        self.minutes_info = uploads.check_upload(upload) if upload else None
        return upload

    def clean(self):
        data = super().clean()
        for app in self.applications:
            voted = any(data.get(f"{k}_{app.pk}") is not None for k in ("for", "against", "abstain"))
            if voted and not data.get(f"a_{app.pk}"):
                self.add_error(f"a_{app.pk}", _("A vote was entered: record the decision it reached."))
            if data.get(f"ex_{app.pk}") and data.get(f"a_{app.pk}") != MeetingDecision.Decision.APPROVE:
                self.add_error(
                    f"ex_{app.pk}", _("Only an application the meeting approves can be exemplary.")
                )
        return data

    def rows(self):
        return [
            (
                app,
                self[f"a_{app.pk}"],
                self[f"for_{app.pk}"],
                self[f"against_{app.pk}"],
                self[f"abstain_{app.pk}"],
                self[f"ex_{app.pk}"] if self.exemplary_tier else None,
            )
            for app in self.applications
        ]

    def exemplary(self):
        """The applications the meeting names in the exemplary tier."""
        return [app for app in self.applications if self.cleaned_data.get(f"ex_{app.pk}")]

    def outcomes(self):
        data = self.cleaned_data
        return {
            app: (
                data[f"a_{app.pk}"],
                data.get(f"for_{app.pk}"),
                data.get(f"against_{app.pk}"),
                data.get(f"abstain_{app.pk}"),
            )
            for app in self.applications
            if data.get(f"a_{app.pk}")
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each checked by the form (unions.uploads)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


SITE_VISIT_FILES = 10


class SiteVisitForm(forms.Form):
    visited_on = forms.DateField(label=_("visited on"), widget=DATE)
    visitors = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("who visited"), widget=forms.Textarea(attrs={"rows": 2})
    )
    findings = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("findings"), widget=forms.Textarea(attrs={"rows": 4})
    )
    files = MultipleFileField(
        label=_("files"), required=False, help_text=_("PDF, Office documents or photos; up to 10.")
    )

    def clean_visited_on(self):
        day = self.cleaned_data["visited_on"]
        if day > timezone.localdate():
            raise ValidationError(
                _("An inspection is recorded after it took place: the date is in the future.")
            )
        return day

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if len(files) > SITE_VISIT_FILES:
            raise ValidationError(_("At most %(n)s files at a time."), params={"n": SITE_VISIT_FILES})
        self.checked = [(upload, uploads.check_upload(upload)) for upload in files]
        return files


class PublishForm(forms.Form):
    applications = ModelMultipleChoiceField(
        label=_("studios to be named"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    starts_on = forms.DateField(label=_("public notice starts on"), widget=DATE)
    text = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("notice text"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    contact_person = forms.CharField(
        max_length=50,
        label=_("contact person"),
        help_text=_("Printed on the public notice: whom the public writes to or calls with an objection."),
    )
    contact_phone = forms.CharField(max_length=30, label=_("contact phone"))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = candidates
        self.fields["applications"].label_from_instance = lambda a: (
            f"{a.studio.name}（{a.filing_union.name}）"
        )


class ObjectionForm(forms.Form):
    application = forms.ModelChoiceField(label=_("studio"), queryset=None)
    received_on = forms.DateField(label=_("received on"), widget=DATE)
    text = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("objection"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        self.fields["application"].label_from_instance = lambda a: a.studio.name


class ResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        label=_("resolution"),
        choices=[
            (Objection.Resolution.UPHELD, Objection.Resolution.UPHELD.label),
            (Objection.Resolution.DISMISSED, Objection.Resolution.DISMISSED.label),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("reason / note"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    comment = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("reason / comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
