"""Forms for the union tree and its accounts; messages are Chinese through gettext."""

import io

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import uploads
from .models import Role, Union
from .phones import validate_mainland_phone

User = get_user_model()

ID_RANGE = range(-(2**63), 2**63)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing an id beyond a 64-bit integer as an invalid choice: SQLite raises
    OverflowError on one in an `__in` lookup (a 500 for a crafted request)."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            try:
                number = int(str(pk).strip())
            except ValueError:
                continue  # Django's own check says what is wrong with it
            if number not in ID_RANGE:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


SEAL_MAX_BYTES = 2 * 1024 * 1024


def check_seal(upload):
    """A seal image: a real PNG (re-encoded by uploads.check_upload) with transparent pixels, so that
    the text under a stamp box shows through it; its UploadInfo, or ValidationError."""
    from PIL import Image

    info = uploads.check_upload(upload, families=(uploads.IMAGE,), max_bytes=SEAL_MAX_BYTES)
    if info.content_type != "image/png":
        raise ValidationError(
            _("The seal must be a PNG file (with a transparent background)."), code="not_png"
        )
    with Image.open(io.BytesIO(info.content)) as image:
        rgba = image.convert("RGBA")
        lowest, _highest = rgba.getchannel("A").getextrema()
    if lowest == 255:
        raise ValidationError(
            _(
                "The seal has no transparent background: save it as a PNG whose area around the seal is transparent."
            ),
            code="opaque",
        )
    return info


class UnionForm(forms.ModelForm):
    """A union of the tree; its level bounded by the tree: never above its parent's (a union under
    `parent`), never at or below one of its children's (an existing union)."""

    class Meta:
        model = Union
        fields = ["name", "code", "level", "unit", "region", "industry", "ownership", "document_prefix"]
        help_texts = {"code": _("Letters, digits and hyphens, unique in the whole tree, e.g. gd-power-01.")}

    def __init__(self, *args, parent=None, **kwargs):
        super().__init__(*args, **kwargs)
        children = ()
        if self.instance.pk:
            parent = Union.objects.get_parent(self.instance)
            children = set(Union.objects.get_children(self.instance).values_list("level", flat=True))
        self.allowed_levels = Union.levels_allowed(parent.level if parent else None, children)
        self.fields["level"].choices = [
            c for c in self.fields["level"].choices if c[0] in self.allowed_levels
        ]
        if self.instance.pk:
            # The e-seal belongs to an existing union (one adding a union below has none yet).
            self.fields["seal_upload"] = forms.FileField(
                label=_("e-seal"),
                required=False,
                widget=forms.FileInput(attrs={"accept": "image/png"}),
                help_text=_(
                    "Optional: the union's seal as a PNG with a transparent background (at most 2 MB). "
                    "Documents print it over the stamp box of this union's opinion once the union has signed off."
                ),
            )
            if self.instance.seal:
                self.fields["remove_seal"] = forms.BooleanField(label=_("remove the e-seal"), required=False)

    def clean_seal_upload(self):
        upload = self.cleaned_data.get("seal_upload")
        if not upload:
            return None
        return check_seal(upload)

    def save(self, commit=True):
        union = super().save(commit=False)
        info = self.cleaned_data.get("seal_upload")
        if info is not None:
            union.seal.save("seal.png", info.stored_file(self.files["seal_upload"]), save=False)
        elif self.cleaned_data.get("remove_seal"):
            union.seal = ""
        if commit:
            union.save()
        return union

    def clean_level(self):
        level = self.cleaned_data["level"]
        if level not in self.allowed_levels:
            raise ValidationError(
                _(
                    "This level does not fit the union's place in the tree (its parent's and its children's levels)."
                )
            )
        return level


class InviteForm(forms.Form):
    username = forms.RegexField(
        label=_("username"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        error_messages={"invalid": _("Use letters, digits and @ . + - _ only.")},
    )
    full_name = forms.CharField(label=_("real name"), max_length=50)
    email = forms.EmailField(label=_("e-mail"))
    phone = forms.CharField(
        label=_("phone"), max_length=20, required=False, validators=[validate_mainland_phone]
    )
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is already taken."))
        return username


class ProfileForm(forms.ModelForm):
    phone = forms.CharField(
        label=_("phone"), max_length=20, required=False, validators=[validate_mainland_phone]
    )

    class Meta:
        model = User
        fields = ["full_name", "email", "phone"]
