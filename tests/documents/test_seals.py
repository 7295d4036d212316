"""A union's e-seal: uploaded by its administrator (a PNG with transparency, stored privately), printed
over the stamp box of that union's opinion only once that union has signed off, never for another."""

import io

import docx
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw
from pypdf import PdfReader

from studios.documents.application_form import form_data
from studios.packages.entries import application_entry

from .test_application_form import form_of
from .test_application_form_word import word_of


def seal_png(transparent=True):
    image = Image.new("RGBA", (240, 240), (255, 255, 255, 0 if transparent else 255))
    ImageDraw.Draw(image).ellipse((10, 10, 230, 230), outline=(200, 20, 30, 255), width=12)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def give_seal(union):
    union.seal.save("seal.png", ContentFile(seal_png()), save=True)
    return union


def images(pdf):
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_administrator_uploads_a_transparent_png_seal_stored_privately(tree, client):
    client.force_login(tree.a_admin)
    url = f"/unions/{tree.company_a.pk}/edit/"
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="seal_upload"' in page
    fields = {
        "name": tree.company_a.name,
        "code": tree.company_a.code,
        "level": tree.company_a.level,
        "unit": tree.company_a.unit,
        "region": tree.company_a.region,
        "document_prefix": "甲工",
    }
    opaque = client.post(url, {**fields, "seal_upload": SimpleUploadedFile("seal.png", seal_png(False))})
    assert opaque.status_code == 200 and "透明" in opaque.content.decode()
    photo = io.BytesIO()
    Image.new("RGB", (50, 50), "red").save(photo, format="JPEG")
    jpeg = client.post(url, {**fields, "seal_upload": SimpleUploadedFile("seal.png", photo.getvalue())})
    assert jpeg.status_code == 200 and "PNG" in jpeg.content.decode()
    tree.company_a.refresh_from_db()
    assert not tree.company_a.seal
    done = client.post(url, {**fields, "seal_upload": SimpleUploadedFile("seal.png", seal_png())})
    assert done.status_code == 302
    tree.company_a.refresh_from_db()
    assert tree.company_a.seal.name.startswith(f"private/seals/{tree.company_a.pk}/")
    with tree.company_a.seal.open("rb") as stored, Image.open(stored) as image:
        assert image.mode == "RGBA"
    client.post(url, {**fields, "remove_seal": "on"})
    tree.company_a.refresh_from_db()
    assert not tree.company_a.seal


def _opinions(pack):
    app = pack.apps[0]
    app.refresh_from_db()
    entry = application_entry(app, timezone.localdate(), own_union_id=pack.company_a.pk)
    data = form_data(
        entry,
        campaign=pack.campaign,
        criteria=list(pack.campaign.criteria_set.criteria.all()),
        recipient=pack.province,
    )
    (section,) = [s for s in data["sections"] if s["kind"] == "opinions"]
    return {o["title"]: bool(o["seal"]) for o in section["opinions"]}


def test_the_seal_goes_over_the_opinion_of_the_union_that_reviewed_and_no_other(full_pack):
    assert images(form_of(full_pack)) == 0  # no seal anywhere yet
    give_seal(full_pack.province)  # the province has not reviewed: its stamp box stays empty
    give_seal(full_pack.a1)  # the filing union: no opinion recorded in the form either
    assert not any(_opinions(full_pack).values())
    assert images(form_of(full_pack)) == 0
    give_seal(full_pack.company_a)  # company A reviewed and recommended: its opinion is sealed
    sealed = _opinions(full_pack)
    assert [title for title, seal in sealed.items() if seal] == ["甲集团公司工会意见"]
    assert images(form_of(full_pack)) == 1
    word = docx.Document(io.BytesIO(word_of(full_pack)))
    assert len(word.inline_shapes) == 1
