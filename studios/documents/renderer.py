"""Typst, the one typesetter of the official documents: a compiler per template and process.

The fonts are read once per process (only the vendored OFL font in static/vendor/fonts/, never
the machine's), each template is parsed once, and every document is one `compile()` with its
data as JSON in `sys.inputs.data`: the templates in templates/documents/ only place what the
data says, so every word a person reads has been through Django's translations first.
"""

import datetime
import json
import threading
from decimal import Decimal
from functools import cache

import typst
from django.conf import settings
from django.utils import timezone

TEMPLATES = settings.BASE_DIR / "templates" / "documents"
FONTS = settings.BASE_DIR / "static" / "vendor" / "fonts" / "noto-serif-sc"

_lock = threading.Lock()  # a Compiler is not to be shared by two threads at once


class RenderError(RuntimeError):
    """A template failed to compile (a bug, never the data: values are text, not markup)."""


@cache
def _fonts():
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(FONTS)])


@cache
def _compiler(template):
    return typst.Compiler(
        str(TEMPLATES / template), root=str(TEMPLATES), font_paths=_fonts(), ignore_system_fonts=True
    )


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return str(value)


def render(template, data, *, timestamp=None):
    """The PDF of `template` (a file in templates/documents/) filled with `data`, as bytes.

    `timestamp` (an aware datetime) gives the creation day written into the PDF.
    """
    payload = json.dumps(data, ensure_ascii=False, default=_plain)
    # The PDF's creation date is the day (Asia/Shanghai), not the second: the same data on the same
    # day gives the same bytes, so compiling a package twice gives the same files.
    day = timezone.localdate(timestamp) if timestamp else timezone.localdate()
    stamp = timezone.make_aware(datetime.datetime.combine(day, datetime.time())).astimezone(datetime.UTC)
    with _lock:
        try:
            return _compiler(template).compile(format="pdf", sys_inputs={"data": payload}, timestamp=stamp)
        except typst.TypstError as error:
            raise RenderError(f"{template}: {error.message}") from error
