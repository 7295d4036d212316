"""Every stored image is re-encoded by Pillow (unions.uploads): upright, at most PHOTO_MAX_SIDE on its
long side, without EXIF (a phone photo's GPS position), XMP, comments or bytes hidden after the image
data; its facts (size, SHA-256) are those of the bytes stored. Other files are stored as they came."""

import datetime
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import ExifTags, Image

from ledgers import services as ledgers
from studios.models import EvidenceFile, NamingLevel
from studios.services import campaigns, experts
from studios.services.studio import add_evidence_file
from tests.factories import StudioFactory, lead
from tests.studios.helpers import criterion, pdf_bytes
from unions import uploads

SCRIPT = b"<script>alert(document.cookie)</script>"


def encoded(image, pil_format, **options):
    out = io.BytesIO()
    image.save(out, format=pil_format, **options)
    return out.getvalue()


def phone_exif(orientation=1):
    """EXIF as a phone writes it: the maker, the orientation and where the photo was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (30.0, 15.0, 42.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (120.0, 9.0, 7.0)
    return exif


def checked(content, name="照片.jpg"):
    upload = SimpleUploadedFile(name, content)
    return upload, uploads.check_upload(upload)


def opened(info):
    return Image.open(io.BytesIO(info.content))


def test_gps_and_every_other_metadata_are_gone_from_a_stored_photo():
    original = encoded(
        Image.new("RGB", (400, 300), (90, 140, 60)),
        "JPEG",
        exif=phone_exif(),
        comment=b"taken at home",
        xmp=b"<x:xmpmeta>GPS home</x:xmpmeta>",
    )
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test is real

    _upload, info = checked(original)

    stored = opened(info)
    assert stored.format == "JPEG"
    assert not stored.getexif()
    assert not {"exif", "xmp", "comment"} & set(stored.info)
    for trace in (b"Exif", b"PhoneMaker", b"xmpmeta", b"taken at home"):
        assert trace not in info.content


def test_a_colour_profile_is_kept_but_not_one_big_enough_to_carry_a_payload():
    from PIL import ImageCms

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image = Image.new("RGB", (40, 30), (90, 140, 60))
    _upload, info = checked(encoded(image, "JPEG", icc_profile=srgb))
    assert opened(info).info.get("icc_profile") == srgb

    payload = SCRIPT * 2000  # some 80 KB, as the profile's bytes
    _upload, info = checked(encoded(image, "JPEG", icc_profile=payload))
    assert "icc_profile" not in opened(info).info
    assert SCRIPT not in info.content


def test_a_4000_by_3000_photo_is_stored_at_2560_by_1920():
    _upload, info = checked(encoded(Image.new("RGB", (4000, 3000), (200, 30, 30)), "JPEG"))
    stored = opened(info)
    assert (stored.format, stored.size) == ("JPEG", (2560, 1920))
    assert info.content_type == "image/jpeg"


def test_a_small_image_keeps_its_size():
    _upload, info = checked(encoded(Image.new("RGB", (300, 200), (200, 30, 30)), "PNG"), "小图.png")
    assert opened(info).size == (300, 200)


def test_the_orientation_is_applied_to_the_pixels_before_the_exif_goes():
    # Left half red, right half blue, tagged "turn 90° clockwise to show" (orientation 6).
    image = Image.new("RGB", (400, 200), (255, 0, 0))
    image.paste((0, 0, 255), (200, 0, 400, 200))
    _upload, info = checked(encoded(image, "JPEG", exif=phone_exif(orientation=6)))

    stored = opened(info).convert("RGB")
    assert stored.size == (200, 400)
    assert ExifTags.Base.Orientation not in stored.getexif()  # no viewer turns it a second time
    red, _green, blue = stored.getpixel((100, 50))
    assert red > 200 and blue < 50  # what was on the left is now on top
    red, _green, blue = stored.getpixel((100, 350))
    assert blue > 200 and red < 50


@pytest.mark.parametrize(
    "pil_format, name, end",
    [
        ("PNG", "报告.png", b"IEND\xaeB`\x82"),
        ("JPEG", "报告.jpg", b"\xff\xd9"),
        ("GIF", "报告.gif", b";"),
    ],
)
def test_bytes_hidden_after_the_image_data_are_not_stored(pil_format, name, end):
    original = encoded(Image.new("RGB", (64, 64), (10, 120, 200)), pil_format) + SCRIPT
    upload, info = checked(original, name)
    assert SCRIPT not in info.content
    assert info.content.endswith(end)
    assert SCRIPT not in info.stored_file(upload).read()


def test_the_facts_are_those_of_the_stored_bytes():
    original = encoded(Image.new("RGB", (3000, 1000), (10, 120, 200)), "PNG") + SCRIPT
    upload, info = checked(original, "长图.png")

    stored = info.stored_file(upload).read()
    assert stored == info.content
    assert info.size == len(stored) != len(original)
    assert info.sha256 == hashlib.sha256(stored).hexdigest() != hashlib.sha256(original).hexdigest()


def test_a_pdf_is_stored_as_it_came():
    original = pdf_bytes()
    upload, info = checked(original, "制度.pdf")
    assert info.content is None
    assert info.stored_file(upload) is upload
    assert (info.size, info.sha256) == (len(original), hashlib.sha256(original).hexdigest())


@pytest.mark.parametrize(
    "mode, pil_format, name, stored_format, stored_type, stored_name",
    [
        ("RGB", "JPEG", "a.jpg", "JPEG", "image/jpeg", "a.jpg"),
        ("RGBA", "PNG", "a.png", "PNG", "image/png", "a.png"),
        ("P", "PNG", "a.png", "PNG", "image/png", "a.png"),
        ("RGBA", "WEBP", "a.webp", "WEBP", "image/webp", "a.webp"),
        ("P", "GIF", "a.gif", "GIF", "image/gif", "a.gif"),
        ("RGB", "BMP", "a.bmp", "PNG", "image/png", "a.png"),  # BMP: lossless and smaller as PNG
    ],
)
def test_each_format_is_stored_in_its_own_kind_and_downscaled(
    mode, pil_format, name, stored_format, stored_type, stored_name
):
    image = Image.new("RGB", (3000, 600), (10, 120, 200)).convert(mode)
    _upload, info = checked(encoded(image, pil_format), name)
    stored = opened(info)
    assert (stored.format, stored.size) == (stored_format, (2560, 512))
    assert (info.content_type, info.original_name) == (stored_type, stored_name)


def test_transparency_survives():
    image = Image.new("RGBA", (3000, 600), (0, 0, 0, 0))
    image.paste((0, 200, 0, 255), (0, 0, 1500, 600))
    _upload, info = checked(encoded(image, "PNG"), "透明.png")
    stored = opened(info).convert("RGBA")
    assert stored.getpixel((100, 100))[3] == 255
    assert stored.getpixel((2400, 100))[3] == 0


def test_an_animated_gif_is_stored_as_its_first_frame():
    frames = [Image.new("P", (80, 80), 0), Image.new("P", (80, 80), 1)]
    for frame in frames:
        frame.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)

    _upload, info = checked(out.getvalue(), "动图.gif")
    stored = opened(info)
    assert (stored.format, getattr(stored, "n_frames", 1)) == ("GIF", 1)
    assert stored.convert("RGB").getpixel((40, 40)) == (255, 0, 0)


def test_a_truncated_image_is_refused():
    original = encoded(Image.effect_noise((600, 600), 60).convert("RGB"), "JPEG")
    with pytest.raises(ValidationError) as refused:
        checked(original[: len(original) // 2])
    assert refused.value.code == "corrupt"


# --- every store saves the re-encoded bytes ------------------------------------------------


def big_phone_photo():
    return encoded(Image.new("RGB", (4000, 3000), (90, 140, 60)), "JPEG", exif=phone_exif()) + SCRIPT


def assert_stored_as_checked(field_file, sha256, size):
    with field_file.open("rb") as stored_file:
        stored = stored_file.read()
    assert (hashlib.sha256(stored).hexdigest(), len(stored)) == (sha256, size)
    image = Image.open(io.BytesIO(stored))
    assert max(image.size) == uploads.PHOTO_MAX_SIDE
    assert not image.getexif()
    assert SCRIPT not in stored


@pytest.fixture
def studio(tree):
    return StudioFactory(host_union=tree.a1, name="甲一照片劳模创新工作室", person_name="张三")


@pytest.mark.django_db
def test_ledger_photos_and_proofs_are_stored_re_encoded(studio):
    by = lead(studio, "t_photo_lead")
    activity = ledgers.record_activity(
        studio=studio,
        data={"kind": "training", "date": timezone.localdate(), "topic": "培训", "headcount": 5},
        by=by,
        photos=[checked(big_phone_photo())],
    )
    achievement = ledgers.record_achievement(
        studio=studio,
        data={"kind": "proposal", "title": "合理化建议", "date": timezone.localdate()},
        proofs=[checked(big_phone_photo())],
    )
    for row in (activity.photos.get(), achievement.proofs.get()):
        assert_stored_as_checked(row.file, row.sha256, row.size)


@pytest.mark.django_db
def test_evidence_photos_are_stored_re_encoded(studio):
    upload = ContentFile(big_phone_photo(), name="牌匾.jpg")
    info = uploads.check_upload(upload)
    evidence_file = add_evidence_file(
        studio=studio,
        criterion=criterion(studio, "identity"),
        upload=upload,
        info=info,
        by=lead(studio, "t_photo_lead"),
        kind=EvidenceFile.Kind.PLAQUE_PHOTO,
    )
    assert (evidence_file.sha256, evidence_file.size) == (info.sha256, info.size)
    assert_stored_as_checked(evidence_file.file, info.sha256, info.size)


@pytest.mark.django_db
def test_meeting_minutes_photographed_are_stored_re_encoded(tree):
    today = timezone.localdate()
    campaign = campaigns.create_campaign(
        organiser=tree.province,
        by=tree.prov_head,
        title="照片评选",
        year=today.year,
        naming_level=NamingLevel.PROVINCIAL,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=30),
        require_mature=True,
        certificate_prefix="省",
    )
    upload, info = checked(big_phone_photo(), "会议纪要.jpg")
    meeting = experts.record_meeting(
        campaign=campaign,
        by=tree.prov_head,
        held_on=today,
        attendees="全体",
        minutes=upload,
        minutes_info=info,
    )
    assert (meeting.minutes_sha256, meeting.minutes_size) == (info.sha256, info.size)
    assert_stored_as_checked(meeting.minutes, info.sha256, info.size)
