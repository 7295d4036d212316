"""An uploaded file kept between an import's preview and its "apply": the one mechanism of every
import with a preview (onboarding, the historic titles, each ledger).

`stage()` stores the checked upload in private storage (Django's default storage, under
`staged/`, a random name) and returns a token: the name, its owner, what it is for and for which
object, signed with the site's key (`django.core.signing`, its own salt) and stamped with the time.
`open_staged()` gives the file back only to that owner, for that purpose and object, within
`STAGED_UPLOAD_SECONDS` (an hour by default); anything else — a token of another person, of another
studio or union, altered, expired, or already applied (`discard()` removes the file) — is `Expired`,
and the page asks for the file again. Files left behind by a preview never applied are removed by the
next `stage()` once they are older than the expiry. The apply step plans the file again: the data may
have changed since the preview.
"""

import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

FOLDER = "staged"
SALT = "unions.staging"


class Expired(Exception):
    """The staged file is gone, expired, or not this person's for this import."""


def expiry_seconds():
    return getattr(settings, "STAGED_UPLOAD_SECONDS", 60 * 60)


def stage(upload, *, owner, purpose, target):
    """Keep `upload` (checked already) for `owner`'s import `purpose` of object `target`; return the token."""
    purge()
    upload.seek(0)
    name = default_storage.save(f"{FOLDER}/{secrets.token_hex(16)}.xlsx", ContentFile(upload.read()))
    upload.seek(0)
    return signing.dumps({"n": name, "u": owner.pk, "p": purpose, "t": str(target)}, salt=SALT)


def _name(token, *, owner, purpose, target):
    if not isinstance(token, str) or not token:
        raise Expired
    try:
        data = signing.loads(token, salt=SALT, max_age=expiry_seconds())
    except signing.BadSignature as exc:  # SignatureExpired is one
        raise Expired from exc
    if data.get("u") != owner.pk or data.get("p") != purpose or data.get("t") != str(target):
        raise Expired
    name = data.get("n", "")
    if not name.startswith(f"{FOLDER}/") or ".." in name:
        raise Expired
    return name


def open_staged(token, *, owner, purpose, target):
    """The staged file (open, binary) for this owner, purpose and target; Expired otherwise."""
    name = _name(token, owner=owner, purpose=purpose, target=target)
    try:
        return default_storage.open(name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Expired from exc


def discard(token, *, owner, purpose, target):
    """Remove the staged file (after "apply", or when it no longer fits): its token opens nothing more."""
    try:
        default_storage.delete(_name(token, owner=owner, purpose=purpose, target=target))
    except Expired:
        pass


def purge(now=None):
    """Remove staged files older than the expiry (previews never applied)."""
    now = now or timezone.now()
    oldest = now - datetime.timedelta(seconds=expiry_seconds())
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except (FileNotFoundError, NotImplementedError, OSError):
        return
    for filename in files:
        name = f"{FOLDER}/{filename}"
        try:
            if default_storage.get_modified_time(name) < oldest:
                default_storage.delete(name)
        except (FileNotFoundError, NotImplementedError, OSError):
            continue
