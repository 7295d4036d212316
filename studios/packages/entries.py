"""The ranked applications of a package, read in chunks with a constant number of queries per chunk.

Each `Entry` carries what the workbooks and the zip need about one application: the
frozen snapshot (what the reviewers saw), the ledger figures of the last 12 months
(from the functions ledgers/ registers in studios.hooks.studio_figures, else from the
snapshot), the reviews of the current round at each level, and the attachments.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from unions import uploads
from unions.dates import last_12_months

from .. import hooks
from ..models import Application, CriterionVerdict, EvidenceFile, Review
from ..models.review import Decision, VerdictChoice
from .sheets import safe_name

CHUNK = 200

# The figures of the summary, in column order; numbers from studios.hooks.studio_figures.
FIGURES = (
    "members",
    "activities",
    "training_headcount",
    "achievements",
    "economic_benefit",
    "expenditure",
    "balance",
)


@dataclass
class ReviewLine:
    union: str
    union_id: int
    depth: int
    score: int
    decision: str
    reason: str
    reviewer: str
    reviewed_on: str
    rank_reason: str
    # {criterion code: (verdict label, comment)}
    verdicts: dict
    counts: dict  # {verdict value: count}

    def verdict_summary(self):
        """E.g. "达标 6 / 基本达标 1 / 不达标 0"."""
        return " / ".join(f"{VerdictChoice(v).label} {self.counts.get(v, 0)}" for v in VerdictChoice.values)


@dataclass
class Attachment:
    path: str  # inside the studio's folder
    storage_name: str
    sha256: str  # as listed at submission
    content_type: str
    size: int | None
    missing: str = ""  # why it is not in the package (removed or replaced since submission)


@dataclass
class Entry:
    rank: int
    application: Application
    studio: dict
    folder: str
    figures: dict
    reviews: list = field(default_factory=list)  # lowest level first
    own: ReviewLine | None = None
    statements: dict = field(default_factory=dict)
    completeness: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    # From studios.hooks.studio_records: {"members": [...], "achievements": [...]} (empty without ledgers).
    records: dict = field(default_factory=dict)


def _review_line(review):
    verdicts = {}
    counts = {}
    for v in review.verdicts.all():
        verdicts[v.criterion.code] = (str(v.get_verdict_display()), v.comment)
        counts[v.verdict] = counts.get(v.verdict, 0) + 1
    return ReviewLine(
        union=review.union.name,
        union_id=review.union_id,
        depth=review.union.depth,
        score=review.score,
        decision=str(review.get_decision_display()),
        reason=review.reason,
        reviewer=review.reviewer.full_name or review.reviewer.username,
        reviewed_on=timezone.localdate(review.created_at).isoformat(),  # the day in Asia/Shanghai
        rank_reason=review.rank_reason,
        verdicts=verdicts,
        counts=counts,
    )


def _figures(applications, since):
    studios = [a.studio for a in applications]
    merged = {s.pk: {} for s in studios}
    for provider in hooks.studio_figures:
        for pk, values in provider(studios, since).items():
            merged.setdefault(pk, {}).update(values)
    if hooks.studio_figures:
        return merged
    # No ledgers installed: the figures frozen in the snapshot at submission.
    return {a.studio_id: dict(a.snapshot.get("figures") or {}) for a in applications}


def _records(applications, today):
    studios = [a.studio for a in applications]
    merged = {s.pk: {} for s in studios}
    for provider in hooks.studio_records:
        for pk, values in provider(studios, today).items():
            merged.setdefault(pk, {}).update(values)
    return merged


def _proof_attachments(records, taken):
    """The proof files of the results the form lists, under 成果证明/ in the studio's folder, each named
    by the result's row in the form (六、近三年主要成果) and its title."""
    folder = _("Proofs of results")
    found = []
    for row, achievement in enumerate(records.get("achievements", []), start=1):
        for proof in achievement.get("proofs", []):
            name = safe_name(
                uploads.file_name(
                    f"{row:02d}_{achievement['title']}_{proof['original_name']}", proof["content_type"]
                )
            )
            found.append(_stored(f"{folder}/{name}", proof, taken))
    return found


def _photo_attachments(records, taken):
    """The activity photos of the last 12 months (newest first, bounded), under 活动照片/, each named by
    its row, the activity's date and topic."""
    folder = _("Activity photos")
    return [
        _stored(
            f"{folder}/"
            + safe_name(
                uploads.file_name(f"{row:02d}_{photo['date']}_{photo['activity']}", photo["content_type"])
            ),
            photo,
            taken,
        )
        for row, photo in enumerate(records.get("photos", []), start=1)
    ]


def _stored(path, stored, taken):
    return Attachment(
        path=_unique(path, taken),
        storage_name=stored["storage_name"],
        sha256=stored["sha256"],
        content_type=stored["content_type"],
        size=stored["size"],
    )


def _extension(name):
    stem, dot, ext = (name or "").rpartition(".")
    return f".{ext.lower()}" if dot and stem and 0 < len(ext) <= 8 else ""


def _unique(path, taken):
    if path not in taken:
        taken.add(path)
        return path
    stem, dot, ext = path.rpartition(".")
    base, suffix = (stem, f".{ext}") if dot and "/" not in ext else (path, "")
    n = 2
    while f"{base}（{n}）{suffix}" in taken:
        n += 1
    path = f"{base}（{n}）{suffix}"
    taken.add(path)
    return path


def _attachments(application, files_by_pk, records):
    taken = set()
    found = []
    if application.plan:
        plan_name = uploads.file_name(
            _("Activity implementation plan") + _extension(application.plan_name),
            application.plan_content_type,
        )
        found.append(
            Attachment(
                path=_unique(safe_name(plan_name), taken),
                storage_name=application.plan.name,
                sha256=application.plan_sha256,
                content_type=application.plan_content_type,
                size=application.plan_size,
            )
        )
    folder = _("Evidence")
    for item in application.snapshot.get("evidence", []):
        for listed in item.get("files", []):
            title = listed.get("title") or listed.get("original_name") or str(listed["id"])
            # The extension of the file's real type, whatever its title or uploaded name said.
            name = safe_name(
                uploads.file_name(
                    f"{item.get('criterion_name', '')}_{title}",
                    listed.get("content_type", ""),
                )
            )
            stored = files_by_pk.get(listed["id"])
            missing = ""
            if stored is None:
                missing = _("removed after submission")
            elif stored.sha256 != listed.get("sha256"):
                missing = _("replaced after submission")
            found.append(
                Attachment(
                    path=_unique(f"{folder}/{name}", taken),
                    storage_name=stored.file.name if stored is not None else "",
                    sha256=listed.get("sha256", ""),
                    content_type=listed.get("content_type", ""),
                    size=listed.get("size"),
                    missing=missing,
                )
            )
    return found + _proof_attachments(records, taken) + _photo_attachments(records, taken)


REVIEWS = Review.objects.select_related("union", "reviewer").prefetch_related(
    Prefetch("verdicts", queryset=CriterionVerdict.objects.select_related("criterion"))
)


def _entries(applications, *, own_union_id, today, first_rank, width):
    """An Entry per application (already loaded with studio, filing and current union), in order."""
    since, _until = last_12_months(today)
    review_rows = {}
    for review in REVIEWS.filter(application__in=applications).order_by("created_at", "pk"):
        review_rows.setdefault(review.application_id, []).append(review)
    file_ids = [
        f["id"] for a in applications for item in a.snapshot.get("evidence", []) for f in item["files"]
    ]
    files_by_pk = {f.pk: f for f in EvidenceFile.objects.filter(pk__in=file_ids).only("pk", "file", "sha256")}
    figures = _figures(applications, since)
    records = _records(applications, today)
    for offset, application in enumerate(applications):
        rank = first_rank + offset
        latest = {}
        for review in review_rows.get(application.pk, []):
            if review.round == application.round:
                latest[review.union_id] = review  # the last review of each union this round
        lines = sorted((_review_line(r) for r in latest.values()), key=lambda line: -line.depth)
        own_review = latest.get(own_union_id)
        own = _review_line(own_review) if own_review and own_review.decision == Decision.RECOMMEND else None
        studio = application.snapshot.get("studio") or {}
        studio_records = records.get(application.studio_id, {})
        yield Entry(
            rank=rank,
            application=application,
            studio=studio,
            folder=safe_name(f"{rank:0{width}d}_{studio.get('name') or application.studio.name}"),
            figures=figures.get(application.studio_id, {}),
            reviews=lines,
            own=own,
            statements=application.snapshot.get("statements") or dict(application.statements),
            completeness=application.snapshot.get("completeness") or [],
            attachments=_attachments(application, files_by_pk, studio_records),
            records=studio_records,
        )


def iter_entries(package, today):
    """Yield an Entry per application of the package, in rank order."""
    ids = list(package.application_ids)
    width = max(2, len(str(len(ids))))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        by_pk = {
            a.pk: a
            for a in Application.objects.filter(pk__in=chunk).select_related(
                "studio", "filing_union", "current_union"
            )
        }
        applications = [by_pk[pk] for pk in chunk if pk in by_pk]
        yield from _entries(
            applications, own_union_id=package.union_id, today=today, first_rank=start + 1, width=width
        )


def application_entry(application, today, *, own_union_id=None):
    """The Entry of one application on its own (its 申报表 downloaded from the application page)."""
    return next(_entries([application], own_union_id=own_union_id, today=today, first_rank=1, width=2))
