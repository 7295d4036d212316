"""A union's e-seal on its documents: only over the stamp box of that union's own opinion, and only once
that union has signed off (its review, decision or naming recorded) — never for another union.

Typst takes the seal as an SVG wrapping the PNG (a data URI), since a template's inputs are text.
"""

import base64
import io
import re

from PIL import Image

from unions.models import Union

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'width="{w}" height="{h}" viewBox="0 0 {w} {h}"><image width="{w}" height="{h}" '
    'xlink:href="data:image/png;base64,{data}"/></svg>'
)
DATA = re.compile(r"base64,([A-Za-z0-9+/=]+)")


def _svg(png):
    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    return SVG.format(w=width, h=height, data=base64.b64encode(png).decode("ascii"))


def union_seal(union):
    """The union's seal as SVG text; "" when it has none (or its file is gone)."""
    if union is None or not union.seal:
        return ""
    try:
        with union.seal.open("rb") as stored:
            return _svg(stored.read())
    except (FileNotFoundError, OSError, Image.UnidentifiedImageError):
        return ""


def seals_of(union_ids):
    """{union id: seal SVG} for those of the unions that have a seal (one query)."""
    ids = {pk for pk in union_ids if pk}
    if not ids:
        return {}
    found = {}
    for union in Union.objects.filter(pk__in=ids).exclude(seal=""):
        svg = union_seal(union)
        if svg:
            found[union.pk] = svg
    return found


def png_of(svg):
    """The PNG inside a seal SVG (for the Word documents)."""
    match = DATA.search(svg or "")
    return base64.b64decode(match.group(1)) if match else b""


class Seals:
    """`seals_of` remembered: a package reads each union's seal once, however many forms it prints."""

    def __init__(self):
        self.known = {}

    def of(self, union_ids):
        wanted = {pk for pk in union_ids if pk}
        missing = wanted - self.known.keys()
        if missing:
            found = seals_of(missing)
            self.known.update({pk: found.get(pk, "") for pk in missing})
        return {pk: self.known[pk] for pk in wanted if self.known[pk]}
