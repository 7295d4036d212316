"""Stream a package into one zip: per studio the printed 申报表 (PDF and Word), its workbook and the attachments
(evidence, plan, proofs of results); the summary (xlsx and PDF), the letter (PDF and Word), the manifest.

Memory stays flat however many studios: applications are read in chunks, the summary
is written row by row (constant_memory), each form is small, and attachments are
copied chunk by chunk from storage into the zip (ZIP_STORED when already compressed).
The 申报表 PDFs are typeset by child processes (documents.renderer.Typesetters) while this
process writes the rest; the summary and letter PDFs, whose size follows the studio count,
by a child of their own, so what Typst holds leaves with it.
The zip is written to an anonymous scratch file, then saved under a new name in
Django's default storage; nothing is assumed about local paths of stored files. The
caller switches the package row to the new name only once `build_package` returns,
so the file the row points at is never half written.
"""

import hashlib
import tempfile
import time
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from unions.models import Union

from ..documents.application_form import form_data, form_docx, form_pdf_job
from ..documents.letter import letter_docx, letter_pdf
from ..documents.renderer import Typesetters, Window, render_apart
from ..documents.seals import Seals
from ..documents.summary import SummaryPdf
from ..models.package import package_path
from ..services.applications import quota_for
from ..services.documents import assign_letter_number
from .entries import iter_entries
from .form import form_bytes
from .manifest import NAME as MANIFEST_NAME
from .manifest import manifest_bytes
from .summary import SummaryWriter

COPY_CHUNK = 1024 * 1024
ZIP64_LIMIT = (1 << 31) - 1
# Already compressed: deflating them again costs time and saves nothing.
COMPRESSED_EXTENSIONS = {
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".webp",
    ".heic",
    ".heif",
    ".pdf",
    ".zip",
    ".docx",
    ".xlsx",
    ".pptx",
    ".mp4",
}


@dataclass(frozen=True)
class Built:
    name: str  # in default storage
    sha256: str
    size: int


def _compression(path):
    dot = path.rfind(".")
    return zipfile.ZIP_STORED if path[dot:].lower() in COMPRESSED_EXTENSIONS else zipfile.ZIP_DEFLATED


class _Zip:
    """A zip being written, keeping the record of every file for the manifest."""

    def __init__(self, archive, date_time):
        self.archive, self.date_time, self.files = archive, date_time, []

    def _info(self, path, size_hint=0):
        info = zipfile.ZipInfo(path, date_time=self.date_time)
        info.compress_type = _compression(path)
        info.file_size = size_hint or 0
        return info

    def add_bytes(self, path, data):
        self.archive.writestr(self._info(path), data)
        self.files.append({"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})

    def add_stream(self, path, source, size_hint=0):
        """Copy a readable binary file object into the zip, chunk by chunk."""
        digest, size = hashlib.sha256(), 0
        info = self._info(path, size_hint)
        with self.archive.open(info, "w", force_zip64=size_hint > ZIP64_LIMIT) as target:
            while chunk := source.read(COPY_CHUNK):
                digest.update(chunk)
                target.write(chunk)
                size += len(chunk)
        self.files.append({"path": path, "size": size, "sha256": digest.hexdigest()})


def _ignore(percent, step):
    return None


def build_package(package, *, progress=_ignore):
    """Write the package's zip into default storage under a new name and return it.

    Nothing is stored until the zip is complete; any failure raises and leaves the
    package's current file untouched.
    """
    campaign, union = package.campaign, package.union
    recipient = package.recipient or Union.objects.get_parent(union)
    places = quota_for(campaign, union)
    criteria = list(campaign.criteria_set.criteria.all())
    now = timezone.localtime()
    today = now.date()
    assign_letter_number(package, today.year)  # once: a recompile keeps the letter's 文号
    total = max(1, len(package.application_ids))
    applications, ranked, missing = [], [], []
    form_name = _("Application form") + ".xlsx"
    printed_form_name = _("Application form") + ".pdf"
    word_form_name = _("Application form") + ".docx"
    progress(2, _("Reading the applications"))
    with tempfile.TemporaryFile() as scratch, tempfile.TemporaryFile() as summary_file:
        with zipfile.ZipFile(scratch, "w", allowZip64=True) as archive:
            out = _Zip(archive, now.timetuple()[:6])
            heading = {
                "package": package,
                "recipient": recipient,
                "count": len(package.application_ids),
                "places": places,
                "today": today,
            }
            summary = SummaryWriter(summary_file, **heading)
            printed_summary = SummaryPdf(**heading)
            seals = Seals()
            done = 0

            def write(entry, printed, word, form):
                nonlocal done
                for attachment in entry.attachments:
                    if not attachment.missing:
                        try:
                            with default_storage.open(attachment.storage_name, "rb") as source:
                                out.add_stream(
                                    f"{entry.folder}/{attachment.path}", source, attachment.size or 0
                                )
                        except FileNotFoundError:
                            attachment.missing = _("not found in storage")
                    if attachment.missing:
                        missing.append(
                            {"path": f"{entry.folder}/{attachment.path}", "reason": attachment.missing}
                        )
                out.add_bytes(f"{entry.folder}/{printed_form_name}", printed.result())
                out.add_bytes(f"{entry.folder}/{word_form_name}", word)
                out.add_bytes(f"{entry.folder}/{form_name}", form)
                done += 1
                progress(
                    5 + 85 * done // total,
                    _("Forms and attachments: %(done)s of %(total)s studios")
                    % {"done": done, "total": total},
                )
                if settings.PACKAGE_BUILD_DELAY:
                    time.sleep(settings.PACKAGE_BUILD_DELAY)  # the fault tests' slow compile

            with Typesetters(
                settings.PACKAGE_TYPESETTERS, per_child=settings.PACKAGE_TYPESETTER_DOCUMENTS
            ) as typesetters:
                # While the children typeset a studio's PDF, this process writes its Word file and
                # workbook, then the next studio's; a studio goes into the zip, in rank order, once
                # its PDF is back. At most one studio per child waits.
                waiting = Window(typesetters.processes)
                for entry in iter_entries(package, today):
                    data = form_data(
                        entry,
                        campaign=campaign,
                        criteria=criteria,
                        recipient=recipient,
                        generated_on=today,
                        seals=seals,
                    )
                    printed = form_pdf_job(typesetters, data, generated_at=now)
                    word = form_docx(data, today)
                    del data
                    form = form_bytes(entry, package=package, criteria=criteria)
                    summary.add(entry)
                    printed_summary.add(entry)
                    applications.append(
                        {
                            "rank": entry.rank,
                            "application": entry.application.pk,
                            "studio": entry.studio.get("name") or entry.application.studio.name,
                            "folder": entry.folder,
                        }
                    )
                    ranked.append(
                        (
                            entry.rank,
                            entry.studio.get("name", ""),
                            entry.studio.get("unit", "") or entry.studio.get("host_union", ""),
                            entry.studio.get("person_name", ""),
                        )
                    )
                    if oldest := waiting.push((entry, printed, word, form)):
                        write(*oldest)
                for item in waiting.drain():
                    write(*item)
            progress(91, _("Writing the nomination summary"))
            summary.close()
            summary_file.seek(0)
            out.add_stream(_("Nomination summary") + ".xlsx", summary_file)
            out.add_bytes(
                _("Nomination summary") + ".pdf", printed_summary.pdf(generated_at=now, typeset=render_apart)
            )
            del printed_summary
            progress(94, _("Writing the cover letter"))
            letter = {
                "package": package,
                "recipient": recipient,
                "ranked": ranked,
                "places": places,
                "today": today,
            }
            out.add_bytes(
                _("Cover letter") + ".pdf", letter_pdf(**letter, generated_at=now, typeset=render_apart)
            )
            out.add_bytes(_("Cover letter") + ".docx", letter_docx(**letter))
            progress(96, _("Writing the manifest"))
            archive.writestr(
                zipfile.ZipInfo(MANIFEST_NAME, date_time=now.timetuple()[:6]),
                manifest_bytes(
                    package=package,
                    recipient=recipient,
                    generated_at=now,
                    applications=applications,
                    files=out.files,
                    missing=missing,
                ),
                compress_type=zipfile.ZIP_DEFLATED,
            )
        progress(98, _("Storing the package"))
        digest, size = hashlib.sha256(), 0
        scratch.seek(0)
        while chunk := scratch.read(COPY_CHUNK):
            digest.update(chunk)
            size += len(chunk)
        scratch.seek(0)
        name = default_storage.save(package_path(package, ""), File(scratch, name="package.zip"))
    return Built(name=name, sha256=digest.hexdigest(), size=size)
