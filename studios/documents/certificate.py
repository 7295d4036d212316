"""证书 and 牌匾: a named studio's certificate (A4 landscape) and the plaque's text at print size.

Both carry the naming's certificate number (studios.services.naming: the campaign's pattern,
unique, never reused) and a QR code (segno, SVG) of `verify_url`: the certificate's public
verification page (studios.services.naming.verify_url).
"""

import io

import segno
from django.utils import timezone
from django.utils.translation import gettext as _

from .renderer import render
from .seals import union_seal
from .text import long_date


def qr_svg(url):
    """The QR code of `url` as an SVG document (error correction M, a 2-module quiet zone)."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="svg", border=2, xmldecl=False)
    return out.getvalue().decode("ascii")


def _level_title(naming):
    return _("%(level)s model-worker innovation studio") % {"level": naming.title_level}


def certificate_data(naming, *, verify_url):
    studio = naming.studio
    return {
        "title": _("Certificate of honour"),
        "addressee": _("%(studio)s:") % {"studio": studio.name},
        "body": _(
            "In %(year)s you were named a %(title)s by %(union)s. This certificate is awarded as proof."
        )
        % {"year": naming.year, "title": _level_title(naming), "union": naming.named_by.name},
        "issuer": naming.named_by.name,
        "date": long_date(naming.named_on),
        "stamp": _("(stamp)"),
        "seal": union_seal(naming.named_by),  # the naming is recorded: the organiser has signed off
        "number_label": _("Certificate number:"),
        "number": naming.certificate_number,
        "qr": qr_svg(verify_url),
        "qr_caption": _("Scan to verify"),
    }


def certificate_pdf(naming, *, verify_url, generated_at=None):
    return render("certificate.typ", certificate_data(naming, verify_url=verify_url), timestamp=generated_at)


def plaque_pdf(naming, *, verify_url, generated_at=None):
    data = {
        "issuer": naming.named_by.name,
        "studio": naming.studio.name,
        "title": _level_title(naming),
        "year": _("Named in %(year)s") % {"year": naming.year},
        "number": naming.certificate_number,
        "qr": qr_svg(verify_url),
    }
    return render("plaque.typ", data, timestamp=generated_at or timezone.now())
