"""The e-seal previewed on the union's edit page: the seal over a sample stamp box, typeset by the
documents' own opinion block, shown only to those who may manage that union."""

import io

from PIL import Image

from .test_seals import give_seal


def red_pixels(png):
    with Image.open(io.BytesIO(png)) as image:
        red, green, blue = image.convert("RGB").split()
        # a pixel is red where R > 150, G < 90 and B < 90
        mask = (
            Image.merge(
                "RGB",
                (
                    red.point(lambda v: 255 if v > 150 else 0),
                    green.point(lambda v: 255 if v < 90 else 0),
                    blue.point(lambda v: 255 if v < 90 else 0),
                ),
            )
            .convert("L")
            .point(lambda v: 255 if v == 255 else 0)
        )
        return mask.histogram()[255]


def preview(client, union):
    response = client.get(f"/studios/seal-preview/{union.pk}.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    return b"".join(response.streaming_content)


def test_the_administrator_sees_the_seal_over_a_sample_stamp_box(tree, client):
    client.force_login(tree.a_admin)
    edit = f"/unions/{tree.company_a.pk}/edit/"
    assert "seal-preview" not in client.get(edit).content.decode()  # no seal yet: no preview
    empty = preview(client, tree.company_a)
    assert empty.startswith(b"\x89PNG") and red_pixels(empty) == 0  # the stamp box alone
    give_seal(tree.company_a)
    page = client.get(edit).content.decode()
    assert f'src="/studios/seal-preview/{tree.company_a.pk}.png"' in page
    assert "盖在本级工会意见的盖章处" in page  # its caption, in Chinese
    sealed = preview(client, tree.company_a)
    with Image.open(io.BytesIO(sealed)) as image:
        assert image.width >= 800  # 16 cm at 144 ppi
    assert red_pixels(sealed) > 500  # the red ring of the seal, printed over the box


def test_no_one_else_sees_the_preview(tree, client):
    give_seal(tree.company_a)
    url = f"/studios/seal-preview/{tree.company_a.pk}.png"
    client.force_login(tree.a_reviewer)  # sees the union, may not manage it
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
