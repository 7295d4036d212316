"""A union's e-seal previewed over a sample stamp box, typeset by the same template code as the opinions
of the 申报表 (`opinion` of templates/documents/common.typ) and the same seal (`seals.union_seal`), as a
PNG the union's edit page shows to those who may manage the union."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .application_form import _opinion
from .renderer import render
from .seals import union_seal
from .text import long_date

TEMPLATE = "seal_preview.typ"


def preview_data(union, seal):
    return {
        "note": _("Preview: a sample opinion with the e-seal over its stamp box, as the documents print it."),
        "opinion": _opinion(
            _("Opinion of %(union)s") % {"union": union.name},
            text=_("Sample text: we agree to recommend this studio."),
            signed=_("Reviewed by: %(person)s") % {"person": "—"},
            date=long_date(timezone.localdate()),
            seal=seal,
        ),
    }


def seal_preview_png(union):
    """The PNG of the preview; the stamp box stays empty when the union has no seal (or its file is gone)."""
    return render(TEMPLATE, preview_data(union, union_seal(union)), format="png")
