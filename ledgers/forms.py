"""Forms of the studio's ledgers: one per ledger, used by the web pages and by the Excel import alike."""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unions import uploads
from unions.forms import ModelMultipleChoiceField
from unions.models import TEXT_MAX_LENGTH
from unions.uploads import IMAGE, OFFICE, PDF, check_upload, clean_text

from . import alliances
from .models import Achievement, Activity, Alliance, FundEntry, Member, Training

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]
EARLIEST = datetime.date(1950, 1, 1)
MAX_FILES = 10
MAX_COUNT = 100_000  # head-counts, sessions: anything above is a typing error
MAX_HOURS = Decimal("10000")
MAX_BENEFIT = Decimal("1000000")  # 万元, i.e. 100 亿元
MAX_AMOUNT = Decimal("100000000")  # yuan


def date_field(label, required=True):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def check_past_date(value, *, allow_future=False):
    if value is None:
        return value
    if value < EARLIEST:
        raise ValidationError(_("The date is too far in the past."), code="too_early")
    if not allow_future and value > timezone.localdate():
        raise ValidationError(_("The date lies in the future."), code="future")
    return value


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by unions.uploads.check_upload in the form."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def checked_files(files, families, already=0):
    """[(upload, UploadInfo)] for the files, or ValidationError naming what is wrong (`already`:
    the files kept from an earlier try, counted in)."""
    if len(files) + already > MAX_FILES:
        raise ValidationError(
            _("At most %(count)d files at a time."), params={"count": MAX_FILES}, code="too_many"
        )
    return [(upload, check_upload(upload, families=families)) for upload in files]


class KeptFilesMixin:
    """A form whose files (`files_field`) survive a failed submission: the checked uploads are kept
    for the account (unions.uploads.hold) under tokens in the hidden field `<files_field>_kept`,
    listed beside the field, and saved with the entry on the next submission — nobody picks
    them again. Without an `owner` (the Excel import) nothing is kept."""

    files_field = None
    families = ()

    def __init__(self, *args, owner=None, **kwargs):
        self.owner = owner
        super().__init__(*args, **kwargs)
        self.kept_name = f"{self.files_field}_kept"
        self.fields[self.kept_name] = forms.CharField(required=False, widget=forms.HiddenInput)
        tokens = uploads.tokens_of(self.data.get(self.add_prefix(self.kept_name)))
        self.kept = uploads.held(tokens, owner=owner)
        self._new_files = []
        self._describe_kept()

    def _describe_kept(self):
        field = self.fields[self.files_field]
        base = getattr(self, "_base_help", None)
        if base is None:
            base = self._base_help = field.help_text
        if self.kept:
            names = "、".join(p.original_name for p in self.kept)
            field.help_text = _(
                "Kept from your last try, saved with this entry: %(names)s. Choose only further files."
            ) % {"names": names}
        else:
            field.help_text = base
        self._bound_fields_cache.pop(self.files_field, None)  # a BoundField copies its help text

    def clean_files(self):
        new = checked_files(
            self.cleaned_data.get(self.files_field) or [], self.families, already=len(self.kept)
        )
        self._new_files = new
        return [uploads.held_upload(p) for p in self.kept] + new

    def keep_files(self):
        """After a failed submission: keep the new checked uploads too, and carry every token."""
        if self.owner is None or not getattr(self.owner, "pk", None):
            return
        if self._new_files:
            self.kept += uploads.hold(self._new_files, owner=self.owner)
            self._new_files = []
        self.data = self.data.copy()
        self.data[self.add_prefix(self.kept_name)] = ",".join(p.token for p in self.kept)
        self._describe_kept()

    def saved(self):
        """After the entry is saved with copies of the kept files: remove them."""
        uploads.release(self.kept)
        self.kept = []


class StudioFormMixin:
    """Every ledger form knows its studio (for choices and rules that look at the other rows)."""

    def __init__(self, *args, studio, **kwargs):
        self.studio = studio
        super().__init__(*args, **kwargs)
        # A new entry is most often logged the day it happened: its date starts as today (in Shanghai).
        if not self.instance.pk and "date" in self.fields and not self.initial.get("date"):
            self.initial["date"] = timezone.localdate()


class MemberForm(StudioFormMixin, forms.ModelForm):
    joined_on = date_field(gettext_lazy("joined on"))
    birth_date = date_field(gettext_lazy("date of birth"), required=False)

    class Meta:
        model = Member
        fields = [
            "name",
            "gender",
            "birth_date",
            "education",
            "title",
            "post",
            "skill_level",
            "honours",
            "role",
            "joined_on",
        ]
        labels = {"name": gettext_lazy("Full name")}
        help_texts = {"honours": gettext_lazy("E.g. 省劳动模范、技术能手; separate several with 、")}

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_title(self):
        return self.cleaned_data.get("title", "").strip()

    def clean_birth_date(self):
        return check_past_date(self.cleaned_data.get("birth_date"))

    def clean_joined_on(self):
        return check_past_date(self.cleaned_data["joined_on"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Member.StudioRole.LEAD and (
            self.instance.pk is None or self.instance.is_current
        ):
            other = (
                Member.objects.filter(studio=self.studio, role=Member.StudioRole.LEAD, left_on__isnull=True)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if other is not None:
                self.add_error(
                    "role",
                    _("The studio already has a current lead (%(name)s); record that they left first.")
                    % {"name": other.name},
                )
        return cleaned


class MemberLeftForm(forms.Form):
    left_on = date_field(gettext_lazy("left on"))

    def __init__(self, *args, member, **kwargs):
        self.member = member
        super().__init__(*args, **kwargs)

    def clean_left_on(self):
        left_on = check_past_date(self.cleaned_data["left_on"])
        if left_on < self.member.joined_on:
            raise ValidationError(
                _("A member cannot leave before joining (%(date)s)."),
                params={"date": self.member.joined_on.isoformat()},
                code="before_joining",
            )
        return left_on


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for voiding"),
        max_length=300,
        help_text=gettext_lazy(
            "E.g. entered twice, or recorded for the wrong studio. Everyone who sees the ledger reads it."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_reason(self):
        reason = clean_text(self.cleaned_data["reason"]).strip()
        if not reason:
            raise ValidationError(_("Say why the entry is voided."), code="required")
        return reason


class ActivityForm(KeptFilesMixin, StudioFormMixin, forms.ModelForm):
    files_field = "photos"
    families = (IMAGE,)

    date = date_field(gettext_lazy("date"))
    # An activity takes some time: 0 hours is a field left as it was, not an activity.
    hours = forms.DecimalField(
        label=gettext_lazy("hours"),
        min_value=Decimal("0.1"),
        max_value=MAX_HOURS,
        decimal_places=1,
        error_messages={"min_value": gettext_lazy("Give how long the activity took (at least 0.1 hours).")},
    )
    headcount = forms.IntegerField(
        label=gettext_lazy("head-count"),
        min_value=0,
        max_value=MAX_COUNT,
        required=False,
        help_text=gettext_lazy("Left empty, the members taking part plus the others listed are counted."),
    )
    photos = MultipleFileField(
        label=gettext_lazy("photos"),
        help_text=gettext_lazy("JPG or PNG photos of the activity; several may be chosen at once."),
        widget=MultipleFileInput(attrs={"accept": "image/*"}),
    )

    class Meta:
        model = Activity
        fields = [
            "kind",
            "date",
            "topic",
            "place",
            "participants",
            "other_participants",
            "headcount",
            "hours",
            "outcome",
            "alliance",
        ]
        widgets = {
            "participants": forms.CheckboxSelectMultiple,
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"kind": gettext_lazy("Activity kind")}
        help_texts = {"other_participants": gettext_lazy("Names of people from outside the studio, with 、")}
        field_classes = {"participants": ModelMultipleChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            # Not the model's default 0: an empty field is what lets the head-count be counted.
            self.initial["headcount"] = None
            self.initial["hours"] = None
        members = Member.objects.filter(studio=self.studio)
        if self.instance.pk:
            chosen = self.instance.participants.values("pk")
            members = members.filter(Q(left_on__isnull=True) | Q(pk__in=chosen))
        else:
            members = members.filter(left_on__isnull=True)
        self.fields["participants"].queryset = members.order_by("name_pinyin", "name", "pk")
        # Only for an alliance the studio leads (a member sees the lead's shared activities, never logs them).
        led = Alliance.objects.filter(Q(lead_studio=self.studio) | Q(pk=self.instance.alliance_id))
        led = led.order_by("name", "pk")
        self.fields["alliance"].queryset = led
        self.fields["alliance"].required = False
        self.fields["alliance"].empty_label = gettext_lazy("the studio's own activity")
        self.fields["alliance"].help_text = gettext_lazy(
            "A shared activity of an alliance the studio leads counts for every member studio."
        )
        if not led.exists() and not self.instance.alliance_id:
            del self.fields["alliance"]

    def clean_date(self):
        return check_past_date(self.cleaned_data["date"])

    def clean_photos(self):
        return self.clean_files()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("headcount") in (None, ""):
            others = [n for n in _split_names(cleaned.get("other_participants", "")) if n]
            cleaned["headcount"] = len(cleaned.get("participants") or []) + len(others)
        return cleaned


def _split_names(text):
    for sep in ",，;；/ \n":
        text = text.replace(sep, "、")
    return [part.strip() for part in text.split("、")]


class TrainingForm(StudioFormMixin, forms.ModelForm):
    date = date_field(gettext_lazy("date"))
    sessions = forms.IntegerField(label=gettext_lazy("sessions"), min_value=1, max_value=MAX_COUNT, initial=1)
    headcount = forms.IntegerField(
        label=gettext_lazy("head-count (人次)"), min_value=0, max_value=MAX_COUNT * 10
    )
    hours = forms.DecimalField(
        label=gettext_lazy("hours"), min_value=0, max_value=MAX_HOURS, decimal_places=1, initial=0
    )
    certified_count = forms.IntegerField(
        label=gettext_lazy("people certified at a higher level"), min_value=0, max_value=MAX_COUNT, initial=0
    )

    class Meta:
        model = Training
        fields = [
            "date",
            "title",
            "trainer",
            "sessions",
            "headcount",
            "hours",
            "trainees",
            "levels_reached",
            "certified_count",
        ]
        widgets = {"trainees": forms.Textarea(attrs={"rows": 2})}
        labels = {"title": gettext_lazy("Training title")}
        help_texts = {"levels_reached": gettext_lazy("E.g. 高级工 3 人、技师 1 人")}

    def clean_date(self):
        return check_past_date(self.cleaned_data["date"])

    def clean(self):
        cleaned = super().clean()
        headcount, certified = cleaned.get("headcount"), cleaned.get("certified_count")
        if headcount is not None and certified is not None and certified > headcount:
            self.add_error("certified_count", _("More people certified than the head-count of the training."))
        return cleaned


class AchievementForm(KeptFilesMixin, StudioFormMixin, forms.ModelForm):
    files_field = "proofs"
    families = (IMAGE, PDF, OFFICE)

    date = date_field(gettext_lazy("date"))
    economic_benefit = forms.DecimalField(
        label=gettext_lazy("economic benefit (10,000 yuan)"),
        min_value=0,
        max_value=MAX_BENEFIT,
        decimal_places=2,
        initial=0,
    )
    proofs = MultipleFileField(
        label=gettext_lazy("proof files"),
        help_text=gettext_lazy(
            "Certificates, patent papers, acceptance reports: photos, PDF or Office files."
        ),
    )

    class Meta:
        model = Achievement
        fields = ["kind", "title", "date", "people", "economic_benefit", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"kind": gettext_lazy("Achievement kind"), "title": gettext_lazy("Achievement title")}

    def clean_date(self):
        return check_past_date(self.cleaned_data["date"])

    def clean_proofs(self):
        return self.clean_files()


class FundEntryForm(StudioFormMixin, forms.ModelForm):
    date = date_field(gettext_lazy("date"))
    amount = forms.DecimalField(
        label=gettext_lazy("amount (yuan)"), min_value=Decimal("0.01"), max_value=MAX_AMOUNT, decimal_places=2
    )

    class Meta:
        model = FundEntry
        fields = ["direction", "date", "amount", "source", "use", "description", "document_number"]
        help_texts = {
            "source": gettext_lazy("For income: where the money comes from."),
            "use": gettext_lazy("For an expenditure: what the money was spent on."),
        }

    def clean_date(self):
        return check_past_date(self.cleaned_data["date"])

    def clean(self):
        cleaned = super().clean()
        direction = cleaned.get("direction")
        if direction == FundEntry.Direction.INCOME:
            cleaned["use"] = ""
            if not cleaned.get("source"):
                self.add_error("source", _("Say where the income comes from."))
        elif direction == FundEntry.Direction.EXPENDITURE:
            cleaned["source"] = ""
            if not cleaned.get("use"):
                self.add_error("use", _("Say what the money was spent on."))
        return cleaned


class FilterForm(forms.Form):
    """Filters of a ledger list: a date range and, where the ledger has one, its kind."""

    date_from = date_field(gettext_lazy("Date from"), required=False)
    date_to = date_field(gettext_lazy("Date to"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("kind"), required=False)
    status = forms.ChoiceField(
        label=gettext_lazy("members"),
        required=False,
        choices=[
            ("current", gettext_lazy("Current")),
            ("former", gettext_lazy("Former")),
            ("all", gettext_lazy("All")),
        ],
    )

    def __init__(self, *args, kind_label=None, kind_choices=None, with_status=False, **kwargs):
        super().__init__(*args, **kwargs)
        if kind_choices:
            self.fields["kind"].choices = [("", _("All"))] + list(kind_choices)
            if kind_label:
                self.fields["kind"].label = kind_label
        else:
            del self.fields["kind"]
        if not with_status:
            del self.fields["status"]
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = f"{css} {css}-sm"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the range lies before its start."))
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


class AllianceForm(forms.Form):
    """Register or change a studio alliance (工作室联盟): the studios are those the person may register for."""

    name = forms.CharField(label=gettext_lazy("alliance name"), max_length=100)
    union = forms.ModelChoiceField(label=gettext_lazy("registered by"), queryset=Alliance.objects.none())
    lead_studio = forms.ModelChoiceField(label=gettext_lazy("lead studio"), queryset=Alliance.objects.none())
    members = ModelMultipleChoiceField(
        label=gettext_lazy("member studios"),
        queryset=Alliance.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("The lead studio is a member in any case; choose the others, of any unit."),
    )
    founded_on = date_field(gettext_lazy("founded on"))
    description = forms.CharField(
        label=gettext_lazy("description"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, unions, studios, alliance=None, **kwargs):
        if alliance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": alliance.name,
                    "union": alliance.union_id,
                    "lead_studio": alliance.lead_studio_id,
                    "members": [s.pk for s in alliance.members.all()],
                    "founded_on": alliance.founded_on,
                    "description": alliance.description,
                },
            )
        super().__init__(*args, **kwargs)
        self.alliance = alliance
        self.fields["union"].queryset = unions.order_by("path")
        studios = studios.select_related("host_union").order_by("host_union__path", "name", "pk")
        self.fields["lead_studio"].queryset = studios
        self.fields["members"].queryset = studios
        self.fields["lead_studio"].label_from_instance = self.fields["members"].label_from_instance = (
            lambda s: f"{s.name}（{s.host_union.name}）"
        )

    def clean_name(self):
        return clean_text(self.cleaned_data["name"]).strip()

    def clean_founded_on(self):
        return check_past_date(self.cleaned_data["founded_on"])

    def clean(self):
        data = super().clean()
        if data.get("union") and data.get("lead_studio") and data.get("name"):
            for name, message in alliances.check_alliance(
                union=data["union"],
                lead_studio=data["lead_studio"],
                members=data.get("members") or [],
                name=data["name"],
                alliance=self.alliance,
            ).items():
                self.add_error(name, message)
        return data
