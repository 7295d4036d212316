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

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Cm

from unions.models import Union

from ..models import Education, Gender, PoliticalStatus
from .renderer import render
from .seals import png_of, seals_of
from .text import blank_date, long_date, split_opinion, year_month
from .word import TITLE_FONT, a4, cell_text, paragraph, saved

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
    return "" if value in (None, "") else str(value)


def form_data(entry, *, campaign, criteria, recipient=None, generated_on=None):
    """The data of the template: every label translated, every value a string."""
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
                    a["benefit"],
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
                entry, recipient=recipient, seals=seals_of([line.union_id for line in entry.reviews])
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


def _word_pairs(doc, rows):
    table = doc.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    for row in rows:
        cells = table.add_row().cells
        if len(row) == 2:
            merged = cells[1].merge(cells[3])
            cell_text(cells[0], row[0], bold=True)
            cell_text(merged, row[1])
        else:
            for cell, value, bold in zip(cells, row, (True, False, True, False), strict=True):
                cell_text(cell, value, bold=bold)
    return table


def _word_rows(doc, section):
    headings = section["headings"]
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell_text(cell, heading, size=9, bold=True)
    if not section["rows"]:
        cells = table.add_row().cells
        cell_text(cells[0].merge(cells[-1]), section["empty"], size=9)
    for row in section["rows"]:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell_text(cell, value, size=9)
    total = sum(section["widths"])
    for column, width in zip(table.columns, section["widths"], strict=True):
        for cell in column.cells:
            cell.width = Cm(15.6 * width / total)
    return table


def _word_box(doc, text, lines=4):
    table = doc.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    body = (text or "").strip()
    cell_text(table.rows[0].cells[0], body + "\n" * max(0, lines - body.count("\n") - 1))
    return table


def _word_opinion(doc, opinion):
    """One opinion in one cell: title, text, who signed, the stamp box's place and the date."""
    table = doc.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    cell = table.rows[0].cells[0]
    cell_text(cell, opinion["title"], bold=True)
    body = "\n".join(part for part in (opinion["before"], opinion["text"]) if part)
    for line in (body or "\n\n").split("\n"):
        paragraph(cell, line, size=10.5, indent=False)
    paragraph(cell, opinion["signed"], size=10.5, indent=False)
    if opinion.get("seal"):
        run = cell.add_paragraph().add_run()
        run.add_picture(io.BytesIO(png_of(opinion["seal"])), height=Cm(2.4))
        cell.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for text in (opinion["stamp"], opinion["date"]):
        paragraph(cell, text, size=10.5, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    # The opinion is one row: Word keeps a row that may not break across pages on one page.
    row_props = table.rows[0]._tr.get_or_add_trPr()
    row_props.append(OxmlElement("w:cantSplit"))
    return table


def application_form_docx(entry, *, campaign, criteria, recipient=None, generated_at=None):
    """The same 申报表 as a Word document (A4), for a union that edits before it prints."""
    generated_at = generated_at or timezone.now()
    day = timezone.localdate(generated_at)
    data = form_data(entry, campaign=campaign, criteria=criteria, recipient=recipient, generated_on=day)
    doc = Document()
    a4(doc, top=2.2, bottom=2.2, left=2.2, right=2.2)
    cover = data["cover"]
    paragraph(doc, cover["number"], size=12, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(
        doc,
        cover["title"],
        size=22,
        indent=False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        face=TITLE_FONT,
        bold=True,
        space_after=24,
    )
    for label, value in cover["lines"]:
        paragraph(doc, f"{label}{value}", size=14, indent=False)
    if cover["issuer"]:
        paragraph(doc, cover["issuer"], size=14, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.add_page_break()
    paragraph(
        doc, data["title"], size=16, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, face=TITLE_FONT, bold=True
    )
    paragraph(doc, data["subtitle"], size=10.5, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    for section in data["sections"]:
        paragraph(doc, section["heading"], size=12, indent=False, bold=True, space_after=4)
        kind = section["kind"]
        if kind == "pairs":
            _word_pairs(doc, section["rows"])
        elif kind == "table":
            _word_rows(doc, section)
        elif kind == "text":
            _word_box(doc, section["body"], lines=section.get("min_height", 4))
        elif kind == "opinions":
            for opinion in section["opinions"]:
                _word_opinion(doc, opinion)
                paragraph(doc, "", size=6, indent=False)
        elif kind == "list":
            for i, item in enumerate(section["items"] or [section["empty"]], start=1):
                paragraph(doc, f"{i}. {item}" if section["items"] else item, size=10.5, indent=False)
    footer = doc.sections[0].footer.paragraphs[0]
    footer.text = data["footer"]
    return saved(doc, day)
