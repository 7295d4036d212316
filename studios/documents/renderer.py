"""Typst, the one typesetter of the official documents: a compiler per template and process.

The fonts are read once per process (only the vendored OFL font in static/vendor/fonts/, never
the machine's), each template is parsed once, and every document is one `compile()` with its
data as JSON in `sys.inputs.data`: the templates in templates/documents/ only place what the
data says, so every word a person reads has been through Django's translations first.
"""

import datetime
import json
import subprocess
import sys
import threading
from collections import deque
from decimal import Decimal
from functools import cache

import typst
from django.conf import settings
from django.utils import timezone

from . import typesetter as frames

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


def _inputs(data, timestamp):
    payload = json.dumps(data, ensure_ascii=False, default=_plain)
    # The PDF's creation date is the day (Asia/Shanghai), not the second: the same data on the same
    # day gives the same bytes, so compiling a package twice gives the same files.
    day = timezone.localdate(timestamp) if timestamp else timezone.localdate()
    stamp = timezone.make_aware(datetime.datetime.combine(day, datetime.time())).astimezone(datetime.UTC)
    return payload, stamp


PNG_PPI = 144


def render(template, data, *, timestamp=None, format="pdf"):
    """The PDF of `template` (a file in templates/documents/) filled with `data`, as bytes.

    `timestamp` (an aware datetime) gives the creation day written into the PDF. `format="png"`:
    the first page as a PNG image instead (a preview on a page).
    """
    payload, stamp = _inputs(data, timestamp)
    with _lock:
        try:
            if format == "png":
                found = _compiler(template).compile(format="png", ppi=PNG_PPI, sys_inputs={"data": payload})
                return found[0] if isinstance(found, list) else found
            return _compiler(template).compile(format="pdf", sys_inputs={"data": payload}, timestamp=stamp)
        except typst.TypstError as error:
            raise RenderError(f"{template}: {error.message}") from error


# --- Typesetting beside the package build -------------------------------------------------------
# A package typesets a 申报表 per studio. `Typesetters` runs the same compile in child processes
# (studios/documents/typesetter.py), so the builder reads the database, writes the Word files,
# workbooks and the zip while the children typeset (the worker uses both cores), and whatever
# Typst keeps between compiles lives and dies with a child: each is replaced after
# `per_child` documents, and a one-off document (the summary of every studio, the letter) gets a
# child of its own that ends with it, so the worker's memory does not grow with the package.

TYPESETTER = [sys.executable, "-I", str(settings.BASE_DIR / "studios" / "documents" / "typesetter.py")]


class _Child:
    def __init__(self):
        self.process = subprocess.Popen(
            [*TYPESETTER, str(TEMPLATES), str(FONTS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.done = 0

    def send(self, template, payload, stamp):
        try:
            frames.write_frame(
                self.process.stdin,
                json.dumps({"template": template, "timestamp": stamp.isoformat()}).encode(),
            )
            frames.write_frame(self.process.stdin, payload.encode("utf-8"))
        except (BrokenPipeError, OSError) as error:
            raise RenderError(f"{template}: the typesetter stopped ({error})") from error
        self.done += 1

    def receive(self, template):
        answer = frames.read_frame(self.process.stdout)
        if answer is None:
            raise RenderError(f"{template}: the typesetter stopped (exit {self.process.poll()})")
        if answer[:2] != b"ok":
            raise RenderError(f"{template}: {answer[2:].decode('utf-8', 'replace')}")
        return answer[2:]

    def close(self):
        """End the child: both pipes closed, it returns (or stops on writing an answer nobody reads);
        it is killed if it has not ended within seconds."""
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                pipe.close()
            except OSError:
                pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Pending:
    """A document being typeset; `result()` waits for its PDF bytes."""

    def __init__(self, child, template):
        self.child, self.template = child, template
        self._answer = None  # the PDF or the RenderError, once read: the child answers once

    def result(self):
        if self._answer is None:
            try:
                self._answer = self.child.receive(self.template)
            except RenderError as error:
                self._answer = error
        if isinstance(self._answer, RenderError):
            raise self._answer
        return self._answer

    def settle(self):
        """Read the answer if not yet read, keeping an error for `result()`."""
        try:
            self.result()
        except RenderError:
            pass


class Typesetters:
    """`processes` typesetting children taking documents in turn, each with one in flight at most.

    `submit()` returns at once with a `Pending`; one document per child is in flight, so the
    pipes never fill both ways at once. Use as a context manager: the children end on leaving.
    """

    def __init__(self, processes=2, *, per_child=200):
        self.processes, self.per_child = max(1, processes), per_child
        self.children = [None] * self.processes
        self.pending = [None] * self.processes
        self.turn = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def submit(self, template, data, *, timestamp=None):
        payload, stamp = _inputs(data, timestamp)
        slot = self.turn
        self.turn = (self.turn + 1) % self.processes
        if self.pending[slot] is not None:
            self.pending[slot].settle()  # its previous document first: one in flight per child
        child = self.children[slot]
        if child is not None and child.done >= self.per_child:
            child.close()
            child = None
        if child is None:
            child = self.children[slot] = _Child()
        child.send(template, payload, stamp)
        self.pending[slot] = Pending(child, template)
        return self.pending[slot]

    def close(self):
        for child in self.children:
            if child is not None:
                child.close()
        self.children = [None] * self.processes
        self.pending = [None] * self.processes


def render_apart(template, data, *, timestamp=None):
    """`render` in a child process of its own, ended after: for one large document (its memory goes
    with the child)."""
    with Typesetters(1) as typesetters:
        return typesetters.submit(template, data, timestamp=timestamp).result()


class Window:
    """Keep up to `size` items waiting (e.g. studios whose PDF is being typeset), first in, first out."""

    def __init__(self, size):
        self.size, self.items = size, deque()

    def push(self, item):
        """Add `item`; return the oldest one once more than `size` wait, else None."""
        self.items.append(item)
        return self.items.popleft() if len(self.items) > self.size else None

    def drain(self):
        while self.items:
            yield self.items.popleft()
