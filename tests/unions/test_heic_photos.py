"""A phone's HEIC/HEIF photo (every iPhone's default) is accepted and stored as a JPEG: upright, no
EXIF location, at most PHOTO_MAX_SIDE on its long side (unions.uploads, through pillow-heif)."""

import io

import pillow_heif
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.unions.test_photo_reencode import phone_exif
from unions import uploads


def heic_bytes(size=(3000, 2000), exif=None):
    """Written by pillow-heif directly: registering its opener here would hide a missing one in the code."""
    out = io.BytesIO()
    options = {"exif": exif.tobytes()} if exif is not None else {}
    pillow_heif.from_pillow(Image.new("RGB", size, (200, 60, 40))).save(out, quality=80, **options)
    return out.getvalue()


def test_an_iphone_photo_is_accepted_and_stored_as_a_jpeg_without_its_location():
    upload = SimpleUploadedFile("IMG_0001.HEIC", heic_bytes(exif=phone_exif()))
    info = uploads.check_upload(upload)
    assert info.content_type == "image/jpeg"
    assert info.original_name.endswith(".jpg")
    stored = Image.open(io.BytesIO(info.content))
    assert stored.format == "JPEG"
    assert max(stored.size) == uploads.PHOTO_MAX_SIDE
    assert not stored.getexif()
    assert b"PhoneMaker" not in info.content


def test_a_damaged_heic_is_refused_with_a_clear_message():
    data = heic_bytes(size=(64, 64))
    upload = SimpleUploadedFile("IMG_0002.HEIC", data[: len(data) // 2])
    try:
        uploads.check_upload(upload)
    except Exception as error:  # ValidationError, in Chinese
        assert "IMG_0002.HEIC" in " ".join(getattr(error, "messages", [str(error)]))
    else:
        raise AssertionError("a half HEIC file was accepted")
