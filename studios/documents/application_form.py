"""申报表: the printed application form of one studio, A4 portrait, as a PDF and as Word.

Every field of the form unions file: the studio, its lead, its members, its introduction and
main deeds, the results of the last three years, the 七有 statements and verdicts, the opinion
of the unit's Party and administration and of each union level (each with its person, its
date in Asia/Shanghai and a stamp box kept on the page of its opinion), and the attachments.

The studio's particulars are those frozen in the application's snapshot when it was
submitted (what the reviewers saw); the lead's particulars, the introduction and the main
deeds, which older snapshots do not hold, are read from the studio; members and results
come from the ledgers through studios.hooks.studio_records.

`form_data` is the one home of what the form holds: the PDF (Typst) and the Word file
(python-docx) both lay out its sections, so the two never differ in content.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from unions import numbers
from unions.models import Union

from ..models import Education, Gender, PoliticalStatus
from .renderer import render
from .seals import Seals, png_of
from .text import blank_date, long_date, split_opinion, year_month
from .word import TITLE_FONT, Body, paragraph_xml

TEMPLATE = "application_form.typ"


def _label(choices, value):
    return str(choices(value).label) if value in choices.values else ""


def lead_particulars(studio):
    """The lead's particulars as the form prints them (strings)."""
    honours = [
        _("%(honour)s (%(level)s, %(year)s)") % {"honour": h, "level": level, "year": year}
        if year
        else _("%(honour)s (%(level)s)") % {"honour": h, "level": level}
        for h, level, year in studio.honour_lines()
    ]
    return {
        "name": studio.person_name,
        "gender": _label(Gender, studio.person_gender),
        "born": year_month(studio.person_birth_date),
        "political_status": _label(PoliticalStatus, studio.person_political_status),
        "education": _label(Education, studio.person_education),
        "title": studio.person_title,
        "skill_level": studio.get_person_skill_level_display() if studio.person_skill_level else "",
        "post": studio.person_post,
        "phone": studio.person_phone,
        "expertise": studio.person_expertise,
        "honours": honours,
    }


def _opinion(title, *, text="", signed="", date="", seal=""):
    before, tail = split_opinion(text)
    return {
        "seal": seal,
        "title": title,
        "before": before,
        "text": tail,
        "signed": signed or _("Head (signature):"),
        "date": date or blank_date(),
        "stamp": _("(stamp)"),
    }


def _review_text(line):
    parts = [
        _("Score %(score)s; %(decision)s.") % {"score": line.score, "decision": line.decision},
        line.reason,
        line.rank_reason,
    ]
    return "\n".join(p for p in parts if p)


def opinions(entry, *, recipient=None, seals=None):
    """The unit's Party and administration, the filing union, each union that reviewed, the recipient.

    `seals` ({union id: seal SVG}): a union's e-seal goes over the stamp box of its own opinion,
    and only of an opinion it has recorded (a review); the others stay for the hand stamp.
    """
    seals = seals or {}
    studio = entry.studio
    found = [
        _opinion(
            _("Opinion of the Party and administration of the unit (%(unit)s)")
            % {"unit": studio.get("unit") or "—"}
        ),
        _opinion(
            _("Opinion of the filing union (%(union)s)") % {"union": entry.application.filing_union.name}
        ),
    ]
    seen = {entry.application.filing_union_id}
    for line in entry.reviews:  # lowest level first
        if line.union_id in seen:
            continue
        seen.add(line.union_id)
        found.append(
            _opinion(
                _("Opinion of %(union)s") % {"union": line.union},
                text=_review_text(line),
                signed=_("Reviewed by: %(person)s") % {"person": line.reviewer},
                date=long_date(line.reviewed_on),
                seal=seals.get(line.union_id, ""),
            )
        )
    if recipient is not None and recipient.pk not in seen:
        found.append(_opinion(_("Opinion of %(union)s") % {"union": recipient.name}))
    return found


def _figure(entry, name):
    value = entry.figures.get(name)
    if value in (None, ""):
        return ""
    return numbers.number(value) if isinstance(value, int) else numbers.amount(value) or str(value)


def form_data(entry, *, campaign, criteria, recipient=None, generated_on=None, seals=None):
    """The data of the template: every label translated, every value a string.

    `seals`: a `seals.Seals` kept by the caller across forms (a package), else read here.
    """
    studio = entry.studio
    live = entry.application.studio
    lead = lead_particulars(live)
    submitted = long_date(entry.application.submitted_at)
    generated_on = generated_on or timezone.localdate()
    records = entry.records or {}
    members = records.get("members", [])
    achievements = records.get("achievements", [])
    completeness = {c.get("code"): c for c in entry.completeness}
    organiser = campaign.organiser if isinstance(getattr(campaign, "organiser", None), Union) else None

    def verdicts(code):
        return "\n".join(
            f"{line.union}：{line.verdicts[code][0]}"
            + (f"（{line.verdicts[code][1]}）" if line.verdicts[code][1] else "")
            for line in entry.reviews
            if code in line.verdicts
        )

    attachments = [
        a.path + (_(" (not included: %(why)s)") % {"why": a.missing} if a.missing else "")
        for a in entry.attachments
    ]
    sections = [
        {
            "heading": _("1. The studio"),
            "kind": "pairs",
            "rows": [
                [_("Studio"), studio.get("name", "")],
                [_("Type"), studio.get("kind", ""), _("Founded on"), long_date(studio.get("founded_on"))],
                [_("Host unit"), studio.get("unit", ""), _("Union"), studio.get("host_union", "")],
                [
                    _("Site address"),
                    studio.get("site_address", ""),
                    _("Site area (m²)"),
                    str(studio.get("site_area") or ""),
                ],
                [_("Main directions"), "、".join(studio.get("topics") or [])],
                [_("Site equipment"), studio.get("site_equipment", "")],
                [_("Namings held"), "、".join(studio.get("namings") or []) or "—"],
            ],
        },
        {
            "heading": _("2. The lead"),
            "kind": "pairs",
            "rows": [
                [_("Full name"), lead["name"], _("Gender"), lead["gender"]],
                [_("Born (year and month)"), lead["born"], _("Political status"), lead["political_status"]],
                [_("Education"), lead["education"], _("Professional title"), lead["title"]],
                [_("Skill level"), lead["skill_level"], _("Post"), lead["post"]],
                [_("Phone"), lead["phone"], _("Expertise"), lead["expertise"]],
                [_("Honours (level, year)"), "\n".join(lead["honours"]) or "—"],
            ],
        },
        {
            "heading": _("3. Members (%(count)s)") % {"count": len(members)},
            "kind": "table",
            "headings": [
                _("Rank"),
                _("Full name"),
                _("Gender"),
                _("Age"),
                _("Education"),
                _("Title / skill level"),
                _("Post"),
                _("Role in the studio"),
            ],
            "widths": [0.6, 1.2, 0.6, 0.6, 1.3, 1.8, 2.0, 1.1],
            "rows": [
                [str(i), m["name"], m["gender"], m["age"], m["education"], m["title"], m["post"], m["role"]]
                for i, m in enumerate(members, start=1)
            ],
            "empty": _("No members recorded."),
        },
        {
            "heading": _("4. Introduction of the studio"),
            "kind": "text",
            "body": live.introduction,
            "min_height": 4,
        },
        {"heading": _("5. Main deeds"), "kind": "text", "body": live.main_deeds, "min_height": 6},
        {
            "heading": _("6. Main results of the last three years (%(count)s)")
            % {"count": len(achievements)},
            "kind": "table",
            "headings": [
                _("Rank"),
                _("Result"),
                _("Kind"),
                _("Economic benefit (10k yuan)"),
                _("Date"),
                _("Proof attached"),
            ],
            "widths": [0.6, 4.0, 1.4, 1.4, 1.5, 1.3],
            "rows": [
                [
                    str(i),
                    a["title"],
                    a["kind"],
                    numbers.amount(a["benefit"]),
                    long_date(a["date"]),
                    _("Yes (%(count)s)") % {"count": len(a["proofs"])} if a["proofs"] else _("No"),
                ]
                for i, a in enumerate(achievements, start=1)
            ],
            "empty": _("No results recorded in the last three years."),
        },
        {
            "heading": _("7. Ledger figures of the last 12 months"),
            "kind": "pairs",
            "rows": [
                [
                    _("Members (people)"),
                    _figure(entry, "members"),
                    _("Activities (times)"),
                    _figure(entry, "activities"),
                ],
                [
                    _("Training head-count (person-times)"),
                    _figure(entry, "training_headcount"),
                    _("Achievements (items)"),
                    _figure(entry, "achievements"),
                ],
                [
                    _("Economic benefit (10k yuan)"),
                    _figure(entry, "economic_benefit"),
                    _("Fund expenditure (yuan)"),
                    _figure(entry, "expenditure"),
                ],
            ],
        },
        {
            "heading": _("8. The criteria: statement, completeness and verdicts"),
            "kind": "table",
            "headings": [_("Criterion"), _("Statement"), _("Records show"), _("Verdicts")],
            "widths": [1.2, 4.0, 1.2, 2.6],
            "rows": [
                [
                    c.name,
                    entry.statements.get(c.code, ""),
                    completeness.get(c.code, {}).get("status_label", ""),
                    verdicts(c.code),
                ]
                for c in criteria
            ],
            "empty": "—",
        },
        {
            "heading": _("9. Opinions"),
            "kind": "opinions",
            "opinions": opinions(
                entry,
                recipient=recipient,
                seals=(seals or Seals()).of([line.union_id for line in entry.reviews]),
            ),
        },
        {"heading": _("10. Attachments"), "kind": "list", "items": attachments, "empty": "—"},
    ]
    name = studio.get("name") or live.name
    return {
        "footer": _("Application form: %(studio)s") % {"studio": name},
        "cover": {
            "title": _("Application form of a model-worker innovation studio"),
            "number": _("No. %(number)s") % {"number": f"{campaign.year}-{entry.application.pk:06d}"},
            "lines": [
                [_("Studio:"), name],
                [_("Lead:"), lead["name"]],
                [_("Host unit (stamp):"), studio.get("unit", "")],
                [_("Filing union (stamp):"), entry.application.filing_union.name],
                [_("Submitted on:"), submitted or blank_date()],
            ],
            "issuer": _("Form of %(organiser)s") % {"organiser": organiser.name} if organiser else "",
        },
        "title": _("Application form of a model-worker innovation studio"),
        "subtitle": _("%(campaign)s · printed %(date)s")
        % {"campaign": campaign.title, "date": long_date(generated_on)},
        "sections": sections,
    }


def application_form_pdf(entry, *, campaign, criteria, recipient=None, generated_at=None):
    """The 申报表 of one entry as PDF bytes."""
    generated_at = generated_at or timezone.now()
    data = form_data(
        entry,
        campaign=campaign,
        criteria=criteria,
        recipient=recipient,
        generated_on=timezone.localdate(generated_at),
    )
    return render(TEMPLATE, data, timestamp=generated_at)


def form_pdf_job(typesetters, data, *, generated_at):
    """The PDF of `form_data` handed to a package's typesetters (a `renderer.Pending`)."""
    return typesetters.submit(TEMPLATE, data, timestamp=generated_at)


def _word_cell(text, *, size=10.5, bold=False):
    return paragraph_xml(text, size=size, bold=bold)


def _word_pairs(body, rows):
    cells = []
    for row in rows:
        if len(row) == 2:
            cells.append([_word_cell(row[0], bold=True), (_word_cell(row[1]), 3)])
        else:
            cells.append(
                [_word_cell(v, bold=b) for v, b in zip(row, (True, False, True, False), strict=True)]
            )
    body.table(cells, [2.6, 5.2, 2.6, 5.2])


def _word_rows(body, section):
    headings = section["headings"]
    rows = [[_word_cell(h, size=9, bold=True) for h in headings]]
    if not section["rows"]:
        rows.append([(_word_cell(section["empty"], size=9), len(headings))])
    rows += [[_word_cell(v, size=9) for v in row] for row in section["rows"]]
    body.table(rows, section["widths"], header=True)


def _word_box(body, text, lines=4):
    text = (text or "").strip()
    body.table([[_word_cell(text + "\n" * max(0, lines - text.count("\n") - 1))]], [1])


def _word_opinion(body, opinion):
    """One opinion in one row Word may not split: title, text, who signed, the seal, stamp and date."""
    text = "\n".join(part for part in (opinion["before"], opinion["text"]) if part)
    markup = _word_cell(opinion["title"], bold=True) + "".join(
        _word_cell(line) for line in (text or "\n\n").split("\n")
    )
    markup += _word_cell(opinion["signed"])
    if opinion.get("seal"):
        markup += body.seal_mark(png_of(opinion["seal"]))
    markup += "".join(paragraph_xml(t, align="right") for t in (opinion["stamp"], opinion["date"]))
    body.table([[markup]], [1], cant_split=True)


def application_form_docx(entry, *, campaign, criteria, recipient=None, generated_at=None):
    """The same 申报表 as a Word document (A4), for a union that edits before it prints."""
    generated_at = generated_at or timezone.now()
    day = timezone.localdate(generated_at)
    data = form_data(entry, campaign=campaign, criteria=criteria, recipient=recipient, generated_on=day)
    return form_docx(data, day)


def form_docx(data, day):
    """The Word 申报表 of `form_data`, dated `day`."""
    body = Body()
    cover = data["cover"]
    body.paragraph(cover["number"], size=12, align="right")
    body.paragraph(cover["title"], size=22, align="center", face=TITLE_FONT, bold=True, space_after=24)
    for label, value in cover["lines"]:
        body.paragraph(f"{label}{value}", size=14, space_after=8)
    if cover["issuer"]:
        body.paragraph(cover["issuer"], size=14, align="center")
    body.page_break()
    body.paragraph(data["title"], size=16, align="center", face=TITLE_FONT, bold=True)
    body.paragraph(data["subtitle"], size=10.5, align="center", space_after=6)
    for section in data["sections"]:
        body.paragraph(section["heading"], size=12, bold=True, space_after=4)
        kind = section["kind"]
        if kind == "pairs":
            _word_pairs(body, section["rows"])
        elif kind == "table":
            _word_rows(body, section)
        elif kind == "text":
            _word_box(body, section["body"], lines=section.get("min_height", 4))
        elif kind == "opinions":
            for opinion in section["opinions"]:
                _word_opinion(body, opinion)
                body.paragraph("", size=6)
        elif kind == "list":
            for i, item in enumerate(section["items"] or [section["empty"]], start=1):
                body.paragraph(f"{i}. {item}" if section["items"] else item)
    return body.save(day, footer=data["footer"])
