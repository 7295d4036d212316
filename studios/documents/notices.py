"""The organiser's documents beside the forms: the naming decision (命名决定), the public notice (公示),
each expert's signed score sheet (评分表) and the score summary, as PDF (templates/documents/notice.typ).

The score sheets read an expert's scores only through `score_lines` (dimension label, the most
points it gives, the points given), so a change in how experts score changes one function.
"""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from .renderer import render
from .seals import union_seal
from .text import long_date

TEMPLATE = "notice.typ"


def _sender(union, day, seal=""):
    return {"sender": union.name, "date": long_date(day), "stamp": _("(stamp)"), "seal": seal}


def _top_union(organiser, children, union):
    """The union directly under the organiser that `union` belongs to (the organiser itself if none)."""
    for child in children:
        if union.path.startswith(child.path):
            return child
    return organiser


# --- 命名决定 -----------------------------------------------------------------------------------


def decision_data(campaign, applications, *, children, day, seal=""):
    """applications: the named applications of the campaign (studio, naming, filing union loaded)."""
    organiser = campaign.organiser
    tiers = campaign.has_exemplary_tier or any(app.naming.is_exemplary for app in applications)
    groups = {}
    for app in applications:
        groups.setdefault(_top_union(organiser, children, app.filing_union), []).append(app)
    order = {u.pk: i for i, u in enumerate(children)}
    tables = []
    for union, apps in sorted(groups.items(), key=lambda kv: (order.get(kv[0].pk, -1), kv[0].path)):
        apps.sort(key=lambda a: a.naming.certificate_number)
        headings = [_("Rank"), _("Studio"), _("Host unit"), _("Lead"), _("Certificate number")]
        widths = [0.6, 3.2, 3.2, 1.3, 2.2]
        if tiers:  # the campaign names an exemplary tier: each studio's title in words
            headings, widths = [*headings[:4], _("Title"), headings[4]], [0.6, 2.8, 2.6, 1.1, 1.6, 2.0]
        tables.append(
            {
                "heading": _("%(union)s (%(count)s)") % {"union": union.name, "count": len(apps)},
                "headings": headings,
                "widths": widths,
                "rows": [
                    [
                        str(i),
                        app.studio.name,
                        app.studio.unit or app.studio.host_union.name,
                        app.studio.person_name,
                        *([str(app.naming.title_level)] if tiers else []),
                        app.naming.certificate_number,
                    ]
                    for i, app in enumerate(apps, start=1)
                ],
            }
        )
    level = (
        applications[0].naming.get_level_display() if applications else campaign.get_naming_level_display()
    )
    exemplary = [app for app in applications if app.naming.is_exemplary]
    return {
        "number": campaign.decision_number,
        "title": _("Decision on naming the %(level)s model-worker innovation studios of %(campaign)s")
        % {"level": level, "campaign": campaign.title},
        "addressee": _("To the unions below us:"),
        "body": [
            _(
                "Following the applications, the review at each level, the experts' assessment and the public "
                "notice without an upheld objection, %(organiser)s decides to name the %(count)s studios below "
                "%(level)s model-worker innovation studios of %(year)s, and awards each a certificate and a plaque."
            )
            % {
                "organiser": organiser.name,
                "count": len(applications),
                "level": level,
                "year": campaign.year,
            },
            *(
                [
                    _("Of them, %(count)s studios are named %(title)s model-worker innovation studios.")
                    % {"count": len(exemplary), "title": exemplary[0].naming.title_level}
                ]
                if exemplary
                else []
            ),
            _("The named studios, by union:"),
        ],
        "tables": tables
        or [
            {
                "headings": [_("Studio")],
                "widths": [1],
                "rows": [],
                "empty": _("No studio is named yet."),
            }
        ],
        "after": [
            _(
                "We hope the named studios keep up their work and lead by example, and ask every union to "
                "support and manage them."
            )
        ],
        **_sender(organiser, day, seal),
        "footer": campaign.decision_number or campaign.title,
    }


def decision_pdf(campaign, applications, *, children, generated_at=None):
    generated_at = generated_at or timezone.now()
    day = timezone.localdate(generated_at)
    # The organiser's e-seal once it has named (its decision recorded); a draft list stays unsealed.
    seal = union_seal(campaign.organiser) if applications else ""
    data = decision_data(campaign, applications, children=children, day=day, seal=seal)
    return render(TEMPLATE, data, timestamp=generated_at)


# --- 公示 ---------------------------------------------------------------------------------------


def publicity_data(publicity, applications, *, public_url="", day, seal=""):
    campaign = publicity.campaign
    organiser = campaign.organiser
    contact_person = getattr(publicity, "contact_person", "") or ""
    contact_phone = getattr(publicity, "contact_phone", "") or ""
    how = [
        _(
            "Anyone who objects to a studio on this list may say so during the notice period, in writing and "
            "under their real name (a person gives their name, unit and phone; a unit stamps its letter), with "
            "the facts and the evidence. Anonymous or unfounded objections are not taken up."
        )
    ]
    if public_url:
        how.append(
            _("An objection may also be filed on the notice's public page: %(url)s") % {"url": public_url}
        )
    if contact_person or contact_phone:
        how.append(
            _("Contact: %(person)s, phone %(phone)s")
            % {"person": contact_person or "—", "phone": contact_phone or "—"}
        )
    body = [
        _(
            "%(organiser)s has decided, after the review at each level and the experts' assessment, to name the "
            "studios below. They are put on public notice from %(start)s to %(end)s (%(days)s working days)."
        )
        % {
            "organiser": organiser.name,
            "start": long_date(publicity.starts_on),
            "end": long_date(publicity.ends_on),
            "days": publicity.working_days,
        }
    ]
    if publicity.text.strip():
        body.append(publicity.text.strip())
    return {
        "title": _("Public notice of the studios to be named in %(campaign)s") % {"campaign": campaign.title},
        "body": body,
        "facts": [
            [_("Starts on"), long_date(publicity.starts_on), _("Ends on"), long_date(publicity.ends_on)],
            [_("Working days"), str(publicity.working_days), _("Studios"), str(len(applications))],
        ],
        "tables": [
            {
                "heading": _("The studios on notice"),
                "headings": [_("Rank"), _("Studio"), _("Lead"), _("Host unit"), _("Union")],
                "widths": [0.6, 3.0, 1.3, 3.0, 2.6],
                "rows": [
                    [
                        str(i),
                        app.studio.name,
                        app.studio.person_name,
                        app.studio.unit or "—",
                        app.filing_union.name,
                    ]
                    for i, app in enumerate(applications, start=1)
                ],
                "empty": _("No studio is on this notice."),
            }
        ],
        "after": how,
        **_sender(organiser, publicity.starts_on if day is None else day, seal),
        "footer": _("Public notice: %(campaign)s") % {"campaign": campaign.title},
    }


def publicity_pdf(publicity, applications, *, public_url="", generated_at=None):
    # The notice is dated the day it starts (the day it is posted), whenever it is printed; it is the
    # organiser's published decision, so it carries the organiser's e-seal.
    seal = union_seal(publicity.campaign.organiser)
    data = publicity_data(publicity, applications, public_url=public_url, day=publicity.starts_on, seal=seal)
    return render(TEMPLATE, data, timestamp=generated_at)


# --- 评分表 -------------------------------------------------------------------------------------


def _number(value):
    if value is None or value == "":
        return ""
    text = f"{value:.2f}" if not isinstance(value, int) else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def score_lines(assignment):
    """[(label, most points, points given)] of an expert's scores, in the dimensions' order.

    The one place a score sheet reads the scoring model: a dimension's `label` (else its name),
    its `max` (else max_points / maximum; a 0–100 dimension with a weight says so), and the score.
    """
    lines = []
    for score in sorted(assignment.scores.all(), key=lambda s: (s.dimension.position, s.dimension.pk)):
        dimension = score.dimension
        label = getattr(dimension, "label", None) or dimension.name
        most = next(
            (getattr(dimension, n) for n in ("max", "max_points", "maximum") if getattr(dimension, n, None)),
            None,
        )
        if most is None:
            most = 100
            weight = getattr(dimension, "weight", None)
            if weight:
                label = _("%(dimension)s (weight %(weight)s%%)") % {"dimension": label, "weight": weight}
        lines.append((label, most, score.score))
    return lines


def sheet_total(assignment, lines):
    total = getattr(assignment, "total", None)
    return total if total is not None else sum(points for _label, _most, points in lines)


def score_sheet_data(assignment):
    app = assignment.application
    campaign = app.campaign
    expert = assignment.expert
    lines = score_lines(assignment)
    total = sheet_total(assignment, lines)
    name = expert.user.full_name or expert.user.username
    return {
        "title": _("Expert score sheet"),
        "subtitle": campaign.title,
        "facts": [
            [_("Studio"), app.studio.name],
            [_("Host unit"), app.studio.unit or "—", _("Union"), app.filing_union.name],
            [_("Expert"), name, _("Work unit"), expert.unit],
        ],
        "tables": [
            {
                "heading": _("Scores"),
                "headings": [_("Rank"), _("Dimension"), _("Most points"), _("Points given")],
                "widths": [0.6, 5.0, 1.4, 1.4],
                "rows": [
                    [str(i), label, _number(most), _number(points)]
                    for i, (label, most, points) in enumerate(lines, 1)
                ]
                + [["", _("Total"), _number(sum(m for _l, m, _p in lines)) if lines else "", _number(total)]],
                "empty": _("No scores given yet."),
            }
        ],
        "after": [_("Overall comment: %(comment)s") % {"comment": assignment.comment.strip() or "—"}],
        "signature": [
            [_("Expert (signature):"), ""],
            [_("Date:"), long_date(assignment.submitted_at) if assignment.submitted_at else ""],
            [_("Name:"), name],
            ["", ""],
        ],
        "footer": _("Score sheet: %(studio)s · %(expert)s") % {"studio": app.studio.name, "expert": name},
    }


def score_sheets_pdf(assignments, *, generated_at=None):
    """One expert's sheet (a list of one) or several, one after another (a page break between)."""
    # One document per sheet keeps each sheet's signature with its own scores.
    if len(assignments) == 1:
        return render(TEMPLATE, score_sheet_data(assignments[0]), timestamp=generated_at)
    writer = PdfWriter()
    for assignment in assignments:
        writer.append(
            PdfReader(io.BytesIO(render(TEMPLATE, score_sheet_data(assignment), timestamp=generated_at)))
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def score_summary_data(campaign, assignments, *, day):
    """Each application's experts' totals and their mean, for the organiser."""
    by_app = {}
    for assignment in assignments:
        by_app.setdefault(assignment.application_id, (assignment.application, []))[1].append(assignment)
    rows = []
    for app, items in by_app.values():
        done = [a for a in items if a.submitted_at]
        totals = [sheet_total(a, score_lines(a)) for a in done]
        mean = sum(totals) / len(totals) if totals else None
        rows.append(
            (
                mean,
                [
                    app.studio.name,
                    app.filing_union.name,
                    "；".join(
                        f"{a.expert.user.full_name or a.expert.user.username} {_number(t)}"
                        for a, t in zip(done, totals, strict=True)
                    )
                    or "—",
                    f"{len(done)} / {len(items)}",
                    _number(round(mean, 2)) if mean is not None else "—",
                ],
            )
        )
    rows.sort(key=lambda r: (r[0] is None, -(r[0] or 0), r[1][0]))
    return {
        "title": _("Summary of the experts' scores"),
        "subtitle": campaign.title,
        "landscape": True,
        "tables": [
            {
                "headings": [
                    _("Rank"),
                    _("Studio"),
                    _("Union"),
                    _("Each expert's total"),
                    _("Sheets in"),
                    _("Mean total"),
                ],
                "widths": [0.6, 3.0, 2.4, 5.0, 1.0, 1.0],
                "rows": [[str(i), *row] for i, (_mean, row) in enumerate(rows, start=1)],
                "empty": _("No expert is assigned yet."),
                "note": _("The mean is over the sheets submitted; a mean of scores is not added up."),
            }
        ],
        "signature": [
            [_("Compiled by:"), ""],
            [_("Checked by:"), ""],
            [_("Date:"), long_date(day)],
            ["", ""],
        ],
        "footer": _("Score summary: %(campaign)s") % {"campaign": campaign.title},
    }


def score_summary_pdf(campaign, assignments, *, generated_at=None):
    generated_at = generated_at or timezone.now()
    data = score_summary_data(campaign, assignments, day=timezone.localdate(generated_at))
    return render(TEMPLATE, data, timestamp=generated_at)
