"""Checking uploads (size and real type, by content) and serving private files through views.

Every uploaded file in the project goes through `check_upload` in a form's clean
method, is stored as `info.stored_file(upload)` (an image re-encoded, anything else as it
came), and goes out through `private_file_response` from a view that has already
fetched the owning object through access.py.
"""

import datetime
import functools
import hashlib
import io
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass, field

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

IMAGE = "image"
PDF = "pdf"
OFFICE = "office"
EXCEL = "excel"

# Real types we accept, by family, as libmagic names them.
FAMILIES = {
    IMAGE: {"image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/heif", "image/bmp"},
    PDF: {"application/pdf"},
    OFFICE: {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/CDFV2",
        "application/x-ole-storage",
    },
    EXCEL: {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
}
FAMILY_NAMES = {
    IMAGE: "图片（JPG、PNG 等）",
    PDF: "PDF",
    OFFICE: "Office 文档（Word、Excel、PowerPoint）",
    EXCEL: "Excel 工作簿（.xlsx）",
}
OOXML_PREFIX = "application/vnd.openxmlformats-officedocument."
# The extension a stored or downloaded file gets: always the one of its real type, never the one
# its uploader chose ("report.html" holding a PNG is stored and served as "report.png").
EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "image/heif": ".heif",
    "image/bmp": ".bmp",
    "application/pdf": ".pdf",
    OOXML_PREFIX + "wordprocessingml.document": ".docx",
    OOXML_PREFIX + "spreadsheetml.sheet": ".xlsx",
    OOXML_PREFIX + "presentationml.presentation": ".pptx",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.ms-powerpoint": ".ppt",
    "application/zip": ".zip",
}
# Old binary Office files all sniff as one container type: keep the uploader's extension if it
# is one of theirs.
OLE_TYPES = {"application/CDFV2", "application/x-ole-storage"}
OLE_EXTENSIONS = (".doc", ".xls", ".ppt")
# The most pixels an image may have (about 50 megapixels: a 12,000 × 12,000 image is refused).
MAX_IMAGE_PIXELS = 50_000_000
# A zip (Office file) whose members unpack to more than this is refused as a zip bomb.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# The long side of an image as stored: a certificate stays legible, a 12 MP phone photo loses
# most of its bytes, and no 10,000-pixel image is ever sent to a browser to show inline.
PHOTO_MAX_SIDE = 2560
JPEG_QUALITY = 85
# A colour profile is kept (a phone's Display P3 photo keeps its colours); real ones are a few KB,
# so a bigger one is dropped rather than let it carry the uploader's bytes through.
MAX_ICC_BYTES = 64 * 1024
# What each accepted image type is stored as: (Pillow format, content type). BMP becomes a PNG
# (lossless, shown everywhere, far smaller); HEIC/HEIF (opened through pillow-heif) a JPEG, which
# every browser and office program shows.
STORED_IMAGE_TYPES = {
    "image/jpeg": ("JPEG", "image/jpeg"),
    "image/png": ("PNG", "image/png"),
    "image/gif": ("GIF", "image/gif"),
    "image/webp": ("WEBP", "image/webp"),
    "image/bmp": ("PNG", "image/png"),
    "image/heic": ("JPEG", "image/jpeg"),
    "image/heif": ("JPEG", "image/jpeg"),
}
# The modes each format is written in as they are; an image in another mode is converted first.
WRITABLE_MODES = {
    "JPEG": {"L", "RGB"},
    "PNG": {"1", "L", "LA", "P", "RGB", "RGBA", "I;16"},
    "GIF": {"L", "P"},
    "WEBP": {"RGB", "RGBA"},
}


@dataclass(frozen=True)
class UploadInfo:
    """The facts of a checked upload, as stored: for an image, those of its re-encoded bytes."""

    content_type: str
    size: int
    sha256: str
    original_name: str
    # The bytes to store instead of the upload's (a re-encoded image); None: the upload as it came.
    content: bytes | None = field(default=None, repr=False, compare=False)

    def stored_file(self, upload):
        """What a store saves for `upload`: the file the facts describe."""
        if self.content is None:
            return upload
        return ContentFile(self.content, name=self.original_name)


def _sniff(upload):
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    content_type = magic.from_buffer(head, mime=True)
    if content_type in {"application/zip", "application/octet-stream"} and head.startswith(b"PK"):
        content_type = _ooxml_type(upload) or content_type
    return content_type


def _ooxml_type(upload):
    """libmagic may call an Office file a zip; look inside for the part that says which."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    for part, kind in (
        ("word/", "wordprocessingml.document"),
        ("xl/", "spreadsheetml.sheet"),
        ("ppt/", "presentationml.presentation"),
    ):
        if any(n.startswith(part) for n in names):
            return OOXML_PREFIX + kind
    return None


def clean_text(text):
    """`text` without the characters that hide or reorder what a person reads in a name: controls,
    bidi overrides and isolates (U+202E…), zero-width and other format characters, line and
    paragraph separators."""
    return "".join(
        ch for ch in text or "" if unicodedata.category(ch) not in {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}
    ).strip()


def file_name(name, content_type):
    """A name to store or send a file under: `name` cleaned of hidden characters and path separators,
    with the extension of the file's real type in place of any it had."""
    name = clean_text(name).replace("/", "_").replace("\\", "_").strip(". ")
    stem, dot, ext = name.rpartition(".")
    looks_like_extension = ext.isascii() and ext.isalnum() and not ext.isdigit()
    if not (dot and stem and 0 < len(ext) <= 8 and looks_like_extension):
        stem, ext = name, ""
    if content_type in OLE_TYPES:
        extension = f".{ext.lower()}" if f".{ext.lower()}" in OLE_EXTENSIONS else ".doc"
    else:
        extension = EXTENSIONS.get(content_type, "")
    return (stem or "file") + extension


@functools.cache
def _heif_opener():
    """Pillow opens HEIC/HEIF (an iPhone's photos) once pillow-heif has registered its opener."""
    from pillow_heif import register_heif_opener

    register_heif_opener()


def _parse_check(upload, content_type):
    """Sniffing is not enough (13 bytes of '%PDF-1.4' pass as PDF): parse what we can."""
    upload.seek(0)
    try:
        if content_type.startswith("image/"):
            from PIL import Image

            _heif_opener()
            with Image.open(upload) as image:
                width, height = image.size
                image.verify()
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _(
                        "The image “%(name)s” is %(width)s × %(height)s pixels; "
                        "the limit is %(limit)s million pixels."
                    ),
                    params={"name": upload.name, "width": width, "height": height, "limit": 50},
                    code="too_many_pixels",
                )
        elif content_type == "application/pdf":
            from pypdf import PdfReader

            reader = PdfReader(upload, strict=False)
            if len(reader.pages) < 1:
                raise ValueError("no pages")
        elif content_type.startswith(OOXML_PREFIX):
            with zipfile.ZipFile(upload) as archive:
                # The declared sizes first: testzip() inflates every member, a bomb's too.
                unpacked = sum(info.file_size for info in archive.infolist())
                if unpacked > MAX_UNPACKED_BYTES:
                    raise ValueError("zip bomb")
                # Reads each member up to its declared size and checks its CRC (a forged size fails).
                if archive.testzip() is not None:
                    raise ValueError("corrupt member")
                _refuse_dtds(archive)
    except ValidationError:
        raise
    except Exception as exc:  # any parser failure means the file is not what it claims
        raise ValidationError(
            _("The file “%(name)s” is damaged or is not a real %(family)s file."),
            params={"name": upload.name, "family": content_type},
            code="corrupt",
        ) from exc
    finally:
        upload.seek(0)


def _reencode(upload, content_type):
    """The image as it is stored, as (bytes, content type): its first frame, turned upright, at most
    PHOTO_MAX_SIDE on its long side, written afresh by Pillow.

    Only pixels (and the colour profile, so colours stay right) survive: EXIF with a phone's GPS
    position, XMP, comments and text chunks are not written, nor anything hidden after the image
    data. An animation keeps its first frame only: a photo or proof needs no motion, and resizing
    every frame is more work than an evidence file is worth.
    """
    from PIL import Image, ImageOps

    pil_format, stored_type = STORED_IMAGE_TYPES[content_type]
    _heif_opener()
    upload.seek(0)
    with Image.open(upload) as opened:
        opened.seek(0)
        original_mode = opened.mode
        icc_profile = opened.info.get("icc_profile")
        image = opened
        too_big = max(image.size) > PHOTO_MAX_SIDE
        if too_big and image.mode in ("1", "P"):
            # Palette images are resized pixel by pixel (jagged): resize them in full colour.
            image = image.convert("RGBA" if image.mode == "P" else "L")
        # The box is square, so it bounds the long side whichever way the image is turned;
        # shrinking before turning keeps a 50 MP photo from being copied at full size.
        image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE), Image.Resampling.LANCZOS)
        # The orientation is in the EXIF about to be dropped: apply it to the pixels first.
        image = ImageOps.exif_transpose(image)
    if image.mode not in WRITABLE_MODES[pil_format]:
        alpha = "A" in image.mode or "transparency" in image.info
        image = image.convert("RGBA" if alpha and pil_format != "JPEG" else "RGB")
    options = {}
    if "transparency" in image.info:
        options["transparency"] = image.info["transparency"]
    # A profile describes the pixels it came with: an image converted to another family loses it.
    same_family = Image.getmodebase(image.mode) == Image.getmodebase(original_mode)
    if icc_profile and len(icc_profile) <= MAX_ICC_BYTES and same_family:
        options["icc_profile"] = icc_profile
    if pil_format in ("JPEG", "WEBP"):
        options["quality"] = JPEG_QUALITY
    if pil_format in ("JPEG", "PNG"):
        options["optimize"] = True
    image.info = {}  # nothing of the original's metadata may reach the writer
    out = io.BytesIO()
    image.save(out, format=pil_format, **options)
    return out.getvalue(), stored_type


def _refuse_dtds(archive):
    """Office never writes a DOCTYPE: one in an XML part is an entity attack (XXE, billion laughs).

    Only the prolog is parsed (up to the root element), where a DOCTYPE must stand.
    """
    from defusedxml.ElementTree import iterparse

    for info in archive.infolist():
        if info.filename.endswith((".xml", ".rels")):
            with archive.open(info) as part:
                for _event in iterparse(part, events=("start",), forbid_dtd=True):
                    break


def check_upload(upload, families=(IMAGE, PDF, OFFICE), max_bytes=None):
    """Validate an uploaded file; return its facts as stored (an image re-encoded, see `_reencode`)
    or raise ValidationError with a Chinese message."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload is None:
        raise ValidationError(_("Choose a file."), code="required")
    if upload.size == 0:
        raise ValidationError(_("The file “%(name)s” is empty."), params={"name": upload.name}, code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file “%(name)s” is %(size)s; the limit is %(limit)s."),
            params={
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(max_bytes),
            },
            code="too_large",
        )
    content_type = _sniff(upload)
    allowed = set().union(*(FAMILIES[f] for f in families))
    if content_type not in allowed:
        raise ValidationError(
            _(
                "The file “%(name)s” is not an accepted type (its content is %(type)s). Accepted: %(accepted)s."
            ),
            params={
                "name": upload.name,
                "type": content_type,
                "accepted": "、".join(FAMILY_NAMES[f] for f in families),
            },
            code="wrong_type",
        )
    _parse_check(upload, content_type)
    if content_type in STORED_IMAGE_TYPES:
        try:
            content, content_type = _reencode(upload, content_type)
        except Exception as exc:  # verify() does not decode the pixels: a truncated image fails here
            raise ValidationError(
                _("The file “%(name)s” is damaged or is not a real %(family)s file."),
                params={"name": upload.name, "family": content_type},
                code="corrupt",
            ) from exc
        finally:
            upload.seek(0)
        return UploadInfo(
            content_type=content_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            original_name=file_name(upload.name, content_type),
            content=content,
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return UploadInfo(
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        original_name=file_name(upload.name, content_type),
    )


def private_file_response(field_file, filename, content_type=None, inline=False):
    """Stream a stored private file with a Content-Disposition that keeps a Chinese name intact (and
    the extension of its real type)."""
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=not inline,
        filename=file_name(filename, content_type) if content_type else clean_text(filename),
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- files kept while a form is corrected ----------------------------------------------------
#
# A form with files that fails for another field (a date in the future, a missing topic) keeps
# its checked files: `hold` stores them for their owner under random tokens the form carries in a
# hidden field; on the next submission `held` gives them back, for the same account only, with
# the facts they were checked with; `release` removes them once the entry is saved. Anything not
# claimed within PENDING_HOURS is removed by the next `hold`.

PENDING_HOURS = 24
MAX_TOKENS = 20


def _pending_model():
    from .models import PendingUpload

    return PendingUpload


def tokens_of(text):
    """The tokens a hidden field holds ("a,b,c"), bounded and without anything odd."""
    parts = [part.strip() for part in str(text or "").split(",")]
    return [part for part in parts if part and len(part) <= 64 and part.isalnum()][:MAX_TOKENS]


def purge_pending(now=None):
    """Remove the kept files nobody claimed in time (and their stored bytes)."""
    from django.utils import timezone

    cutoff = (now or timezone.now()) - datetime.timedelta(hours=PENDING_HOURS)
    for pending in _pending_model().objects.filter(created_at__lt=cutoff):
        pending.file.delete(save=False)
        pending.delete()


def hold(files, *, owner):
    """Keep checked uploads [(upload, UploadInfo)] for `owner`; returns the rows (each its token)."""
    purge_pending()
    model = _pending_model()
    kept = []
    for upload, info in files:
        pending = model(
            owner=owner,
            token=secrets.token_hex(16),
            original_name=info.original_name[:255],
            content_type=info.content_type,
            size=info.size,
            sha256=info.sha256,
        )
        pending.file.save(info.original_name, info.stored_file(upload), save=False)
        pending.save()
        kept.append(pending)
    return kept


def held(tokens, *, owner):
    """The kept files of `owner` named by `tokens` (others' tokens and expired ones are ignored),
    in the order given."""
    from django.utils import timezone

    if owner is None or not getattr(owner, "pk", None) or not tokens:
        return []
    cutoff = timezone.now() - datetime.timedelta(hours=PENDING_HOURS)
    rows = {
        row.token: row
        for row in _pending_model().objects.filter(token__in=tokens, owner=owner, created_at__gte=cutoff)
    }
    return [rows[token] for token in tokens if token in rows]


def held_upload(pending):
    """A kept file as a checked upload (upload, UploadInfo), as `check_upload` first gave it."""
    info = UploadInfo(
        content_type=pending.content_type,
        size=pending.size,
        sha256=pending.sha256,
        original_name=pending.original_name,
    )
    return pending.file, info


def release(pendings):
    """Remove kept files once their entry holds copies of them."""
    for pending in pendings:
        pending.file.delete(save=False)
        pending.delete()
