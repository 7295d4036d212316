"""Script payloads in every stored text: the world's own texts carry one from the start (tag), and
`infect()` appends one to every remaining free-text column of the project's tables."""

from django.apps import apps
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Left

PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')

APPS = ("unions", "studios", "ledgers")
# Identifiers and facts about files, not text a person writes (or a form validates them to a safe
# alphabet: union codes, user names, e-mail addresses).
NOT_FREE_TEXT = {
    "code",
    "path",
    "username",
    "email",
    "password",
    "content_type",
    "plan_content_type",
    "minutes_content_type",
    "sha256",
    "plan_sha256",
    "minutes_sha256",
    "action",
    "from_state",
    "to_state",
    "rule",
    "link",
    "phone",
    "certificate_number",
    "certificate_prefix",
}
SKIP_MODELS = {"studios.TransitionLog"}  # its comment is text, the rest is machine data
MIN_LENGTH = 60


def free_text_fields():
    for model in apps.get_models():
        if model._meta.app_label not in APPS or model._meta.label in SKIP_MODELS:
            continue
        for f in model._meta.concrete_fields:
            if not isinstance(f, models.CharField | models.TextField) or f.choices or f.primary_key:
                continue
            if f.name in NOT_FREE_TEXT or isinstance(f, models.EmailField | models.SlugField):
                continue
            if isinstance(f, models.CharField) and (f.max_length or 0) < MIN_LENGTH:
                continue
            yield model, f
    log = apps.get_model("studios", "TransitionLog")
    yield log, log._meta.get_field("comment")


def infect():
    """Append both payloads to every free-text column (kept within max_length); returns the count."""
    both = "".join(PAYLOADS)
    count = 0
    for model, f in free_text_fields():
        keep = (f.max_length - len(both)) if isinstance(f, models.CharField) else None
        value = Left(f.name, keep) if keep is not None else f.name
        model._default_manager.exclude(**{f"{f.name}__contains": PAYLOADS[1]}).update(
            **{f.name: Concat(value, Value(both), output_field=f)}
        )
        count += 1
    return count


def infect_unions_and_people(t):
    """Union names and people's names carry the payload before the world is built from them."""
    from unions.models import Union, User

    for union in Union.objects.all():
        Union.objects.filter(pk=union.pk).update(name=union.name + PAYLOADS[0])
    for user in User.objects.all():
        User.objects.filter(pk=user.pk).update(full_name=user.full_name + PAYLOADS[1])
    for union in (t.province, t.company_a, t.company_b, t.a1, t.a2, t.b1):
        union.refresh_from_db()
