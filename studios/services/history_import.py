"""Existing studios and their historic titles, from one workbook (sheets 工作室 and 命名).

A province adopting the platform brings its named studios with years of history. The studios
land as they are (no 七有 evidence yet); each title lands on the studio's timeline as an
imported record through the title machine (studios/machines/title.py: "import_title", and
"import_revocation" / "import_last_revocation" for a title the file marks revoked), allowed
only while an import runs (permissions.importing_history) and only to an administrator of the
studio's host union. Every row goes through a form, every error names sheet, row and column,
and the file is saved whole or not at all. A studio is the same studio when its host union and
name agree; a title is the same title when its certificate number agrees: the same file
imported again changes nothing, and a title the file now marks revoked is revoked then.
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from unions import access, imports
from unions.imports import ImportColumn, RowError
from unions.models import Union
from unions.uploads import clean_text

from .. import permissions, workflow
from ..models import Naming, NamingLevel, Studio, StudioType

STUDIOS_SHEET = pgettext_lazy("history import sheet", "Studios")
TITLES_SHEET = pgettext_lazy("history import sheet", "Titles")
MAX_ROWS = 10_000
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]
EARLIEST = datetime.date(1950, 1, 1)


def _yes_no(value, context=None):
    text = imports.as_text(value)
    if text in ("", "否", "no", "No", "0", "false", "False"):
        return False
    if text in ("是", "yes", "Yes", "1", "true", "True", "已撤销"):
        return True
    raise ValueError(_("Write 是 or 否."))


class StudioRowForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("studio name"), max_length=100)
    person_name = forms.CharField(label=gettext_lazy("named after"), max_length=50)
    union_code = forms.CharField(label=gettext_lazy("code of the host union"), max_length=40)
    kind = forms.ChoiceField(label=gettext_lazy("type"), choices=StudioType.choices)
    founded_on = forms.DateField(label=gettext_lazy("founded on"), input_formats=DATE_FORMATS)
    unit = forms.CharField(label=gettext_lazy("host unit"), max_length=150, required=False)
    person_post = forms.CharField(
        label=gettext_lazy("post of the named person"), max_length=100, required=False
    )

    def clean(self):
        cleaned = super().clean()
        for name in ("name", "person_name", "union_code", "unit", "person_post"):
            if isinstance(cleaned.get(name), str):
                cleaned[name] = clean_text(cleaned[name]).strip()
        founded = cleaned.get("founded_on")
        if founded and not (EARLIEST <= founded <= timezone.localdate()):
            self.add_error("founded_on", _("The date lies outside 1950 to today."))
        return cleaned


class TitleRowForm(forms.Form):
    studio = forms.CharField(label=gettext_lazy("studio name"), max_length=100)
    union_code = forms.CharField(label=gettext_lazy("code of the host union"), max_length=40)
    level = forms.ChoiceField(label=gettext_lazy("naming level"), choices=NamingLevel.choices)
    year = forms.IntegerField(label=gettext_lazy("year"), min_value=1950, max_value=2100)
    certificate_number = forms.CharField(label=gettext_lazy("certificate number"), max_length=40)
    named_by_code = forms.CharField(
        label=gettext_lazy("code of the naming union"), max_length=40, required=False
    )
    named_on = forms.DateField(label=gettext_lazy("named on"), input_formats=DATE_FORMATS, required=False)
    revoked = forms.BooleanField(label=gettext_lazy("revoked"), required=False)
    revoked_on = forms.DateField(label=gettext_lazy("revoked on"), input_formats=DATE_FORMATS, required=False)

    def clean(self):
        cleaned = super().clean()
        for name in ("studio", "union_code", "certificate_number", "named_by_code"):
            if isinstance(cleaned.get(name), str):
                cleaned[name] = clean_text(cleaned[name]).strip()
        year, named_on = cleaned.get("year"), cleaned.get("named_on")
        if year and year > timezone.localdate().year:
            self.add_error("year", _("The year lies in the future."))
        if year and not named_on:
            cleaned["named_on"] = named_on = datetime.date(year, 1, 1)
        if cleaned.get("revoked"):
            revoked_on = cleaned.get("revoked_on")
            if revoked_on is None:
                self.add_error("revoked_on", _("Give the date the title was revoked."))
            elif named_on and revoked_on < named_on:
                self.add_error("revoked_on", _("A title cannot be revoked before it was granted."))
            elif revoked_on > timezone.localdate():
                self.add_error("revoked_on", _("The date lies in the future."))
        else:
            cleaned["revoked_on"] = None
        return cleaned


def _text(value, context=None):
    return imports.as_text(value)


STUDIO_COLUMNS = [
    ImportColumn(gettext_lazy("studio name"), "name", _text, "王建华劳模创新工作室", required=True, width=28),
    ImportColumn(gettext_lazy("named after"), "person_name", _text, "王建华", required=True, width=10),
    ImportColumn(gettext_lazy("code of the host union"), "union_code", _text, "zj-energy-01", required=True),
    ImportColumn(
        gettext_lazy("type"),
        "kind",
        imports.choice(StudioType.choices),
        StudioType.TECHNICAL.label,
        required=True,
        width=14,
    ),
    ImportColumn(
        gettext_lazy("founded on"), "founded_on", imports.as_date, datetime.date(2015, 5, 1), required=True
    ),
    ImportColumn(gettext_lazy("host unit"), "unit", _text, "浙能兰溪发电有限责任公司", width=26),
    ImportColumn(gettext_lazy("post of the named person"), "person_post", _text, "锅炉检修班班长", width=18),
]

TITLE_COLUMNS = [
    ImportColumn(
        gettext_lazy("studio name"), "studio", _text, "王建华劳模创新工作室", required=True, width=28
    ),
    ImportColumn(gettext_lazy("code of the host union"), "union_code", _text, "zj-energy-01", required=True),
    ImportColumn(
        gettext_lazy("naming level"),
        "level",
        imports.choice(NamingLevel.choices),
        NamingLevel.PROVINCIAL.label,
        required=True,
        width=10,
    ),
    ImportColumn(gettext_lazy("year"), "year", _text, 2018, required=True, width=8),
    ImportColumn(
        gettext_lazy("certificate number"), "certificate_number", _text, "浙工2018-012", required=True
    ),
    ImportColumn(gettext_lazy("code of the naming union"), "named_by_code", _text, "zj"),
    ImportColumn(gettext_lazy("named on"), "named_on", imports.as_date, datetime.date(2018, 4, 28)),
    ImportColumn(gettext_lazy("revoked"), "revoked", _yes_no, "否", width=8),
    ImportColumn(gettext_lazy("revoked on"), "revoked_on", imports.as_date, ""),
]


def notes():
    return [
        _(
            "Sheet “%(sheet)s”: one studio per row from row 2 on; row 2 of the template is an example, replace it."
        )
        % {"sheet": STUDIOS_SHEET},
        _(
            "Sheet “%(sheet)s”: one title per row; the studio is named by its name and its host union's "
            "code, in this file or already on the platform."
        )
        % {"sheet": TITLES_SHEET},
        _("Columns marked in the header row must keep their names; the order of the columns is free."),
        _("type") + "：" + "、".join(str(label) for _code, label in StudioType.choices),
        _("naming level") + "：" + "、".join(str(label) for _code, label in NamingLevel.choices),
        _("Code of the naming union left empty: your union. Named on left empty: 1 January of the year."),
        _("Revoked: 是 or 否; a revoked title needs the date it was revoked."),
        _(
            "A studio already on the platform (same name and host union) and a title already recorded "
            "(same certificate number) are not added again."
        ),
        _("Either every row is saved or none: fix the rows the page names and upload the file again."),
    ]


def template_response():
    return imports.template_response(
        filename=_("studios and historic titles") + "-" + _("import template") + ".xlsx",
        sheets=[(STUDIOS_SHEET, STUDIO_COLUMNS), (TITLES_SHEET, TITLE_COLUMNS)],
        notes=notes(),
    )


def _form_rows(parsed, errors, form_class, sheet):
    rows, failed = [], {(e.row, e.column) for e in errors}
    failed_rows = {e.row for e in errors}
    for number, data, places in parsed:
        form = form_class(data)
        if form.is_valid() and number not in failed_rows:
            rows.append((number, form.cleaned_data, places))
            continue
        for name, messages in form.errors.items():
            column, letter = places.get(name, ("", ""))
            if not column and name != "__all__" and name in form.fields:
                column = str(form.fields[name].label)
            if (number, column) not in failed:
                errors.extend(RowError(number, column, letter, str(m), sheet=sheet) for m in messages)
    return rows


class Imported:
    def __init__(self):
        self.studios_created = self.studios_held = 0
        self.titles_created = self.titles_held = self.titles_revoked = 0


@dataclass
class Plan:
    """What the workbook would do (the preview), each with its row number, or its errors."""

    errors: list = field(default_factory=list)
    new_studios: list = field(default_factory=list)  # (row number, cleaned row)
    held_studios: list = field(default_factory=list)  # (row number, cleaned row): on the platform already
    new_titles: list = field(default_factory=list)  # (row number, cleaned row)
    held_titles: list = field(default_factory=list)  # (row number, cleaned row): recorded already
    revocations: list = field(default_factory=list)  # (row number, cleaned row): a title revoked now
    # What apply() writes from: the checked rows and what the database holds.
    studio_rows: list = field(default_factory=list, repr=False)
    title_rows: list = field(default_factory=list, repr=False)
    unions: dict = field(default_factory=dict, repr=False)
    held: dict = field(default_factory=dict, repr=False)
    namings: dict = field(default_factory=dict, repr=False)

    @property
    def changes_nothing(self):
        return not (self.new_studios or self.new_titles or self.revocations)


def plan(upload, *, root, by):
    """Check the workbook whole against the studios and titles under `root`; save nothing."""
    if not access.can(by, access.MANAGE, root):
        raise ValidationError(_("You may not manage this union."), code="scope")
    studios_sheet, titles_sheet = str(STUDIOS_SHEET), str(TITLES_SHEET)
    sheets = imports.read_sheets(
        upload,
        sheets={studios_sheet: STUDIO_COLUMNS, titles_sheet: TITLE_COLUMNS},
        max_rows=MAX_ROWS,
        may_be_empty=(studios_sheet, titles_sheet),
    )
    studio_rows = _form_rows(*sheets[studios_sheet], StudioRowForm, studios_sheet)
    title_rows = _form_rows(*sheets[titles_sheet], TitleRowForm, titles_sheet)
    errors = sheets[studios_sheet][1] + sheets[titles_sheet][1]
    result = Plan(errors=errors)
    if errors:
        result.errors = _sorted(errors)
        return result

    def add(sheet, number, places, name, reason):
        column, letter = places.get(name, ("", ""))
        errors.append(RowError(number, column, letter, reason, sheet=sheet))

    codes = {row["union_code"] for _n, row, _p in studio_rows + title_rows}
    codes |= {row["named_by_code"] for _n, row, _p in title_rows if row["named_by_code"]}
    unions = {u.code: u for u in Union.objects.filter(code__in=codes)}
    in_scope = {code for code, union in unions.items() if root.contains(union)}
    held = {
        (s.host_union.code, s.name): s
        for s in Studio.objects.filter(host_union__code__in=in_scope).select_related("host_union")
    }
    in_file = {}
    for number, row, places in studio_rows:
        if row["union_code"] not in in_scope:
            add(
                studios_sheet,
                number,
                places,
                "union_code",
                _("No union with the code %(code)s within your union.") % {"code": row["union_code"]},
            )
            continue
        key = (row["union_code"], row["name"])
        if key in in_file:
            add(
                studios_sheet,
                number,
                places,
                "name",
                _("This studio is already in row %(row)d.") % {"row": in_file[key]},
            )
            continue
        in_file[key] = number
    numbers = [row["certificate_number"] for _n, row, _p in title_rows]
    namings = {
        n.certificate_number: n
        for n in Naming.objects.filter(certificate_number__in=numbers).select_related("studio")
    }
    seen = {}
    for number, row, places in title_rows:
        key = (row["union_code"], row["studio"])
        if row["union_code"] not in in_scope:
            add(
                titles_sheet,
                number,
                places,
                "union_code",
                _("No union with the code %(code)s within your union.") % {"code": row["union_code"]},
            )
            continue
        if key not in in_file and key not in held:
            add(
                titles_sheet,
                number,
                places,
                "studio",
                _("No such studio in the sheet of studios or on the platform under this union."),
            )
            continue
        if row["named_by_code"] and row["named_by_code"] not in unions:
            add(
                titles_sheet,
                number,
                places,
                "named_by_code",
                _("No union with the code %(code)s.") % {"code": row["named_by_code"]},
            )
            continue
        if row["certificate_number"] in seen:
            add(
                titles_sheet,
                number,
                places,
                "certificate_number",
                _("This certificate number is already in row %(row)d.")
                % {"row": seen[row["certificate_number"]]},
            )
            continue
        seen[row["certificate_number"]] = number
        naming = namings.get(row["certificate_number"])
        if naming is not None:
            studio = held.get(key)
            if studio is None or naming.studio_id != studio.pk:
                add(
                    titles_sheet,
                    number,
                    places,
                    "certificate_number",
                    _("This certificate number belongs to a title of another studio."),
                )
            elif naming.revoked and not row["revoked"]:
                add(
                    titles_sheet,
                    number,
                    places,
                    "revoked",
                    _("This title is revoked on the platform; an import does not restore it."),
                )
    if errors:
        result.errors = _sorted(errors)
        return result
    result.studio_rows, result.title_rows = studio_rows, title_rows
    result.unions, result.held, result.namings = unions, held, namings
    for number, row, _places in studio_rows:
        key = (row["union_code"], row["name"])
        (result.held_studios if key in held else result.new_studios).append((number, row))
    for number, row, _places in title_rows:
        naming = namings.get(row["certificate_number"])
        (result.new_titles if naming is None else result.held_titles).append((number, row))
        if row["revoked"] and (naming is None or not naming.revoked):
            result.revocations.append((number, row))
    return result


@transaction.atomic
def apply(upload, *, root, by):
    """Plan the workbook again and save it whole; ValidationError when it no longer fits."""
    Union.objects.select_for_update().filter(pk=root.pk).first()
    result = plan(upload, root=root, by=by)
    if result.errors:
        raise ValidationError(
            _("The file no longer fits the studios and titles; upload it again to see why."), code="stale"
        )
    return _save(result, root=root, by=by)


def _save(plan_, *, root, by):
    """Save the studios, then each title on its studio's timeline in the order it was granted."""
    result = Imported()
    studio_rows, title_rows = plan_.studio_rows, plan_.title_rows
    unions, held, namings = plan_.unions, plan_.held, plan_.namings
    studios = dict(held)
    for _number, row, _places in studio_rows:
        key = (row["union_code"], row["name"])
        if key in held:
            result.studios_held += 1
            continue
        studios[key] = Studio.objects.create(
            name=row["name"],
            person_name=row["person_name"],
            person_post=row["person_post"],
            host_union=unions[row["union_code"]],
            unit=row["unit"],
            kind=row["kind"],
            founded_on=row["founded_on"],
        )
        result.studios_created += 1
    with permissions.importing_history():
        for _number, row, _places in sorted(title_rows, key=lambda r: (r[1]["named_on"], r[0])):
            studio = studios[(row["union_code"], row["studio"])]
            naming = namings.get(row["certificate_number"])
            if naming is None:
                named_by = unions[row["named_by_code"]] if row["named_by_code"] else root
                naming = Naming(
                    level=row["level"],
                    year=row["year"],
                    certificate_number=row["certificate_number"],
                    named_by=named_by,
                    named_on=row["named_on"],
                )
                workflow.transition(
                    studio, "import_title", by=by, comment=_title_comment(row, named_by), title=naming
                )
                result.titles_created += 1
            else:
                result.titles_held += 1
            if row["revoked"] and not naming.revoked:
                others = studio.namings.filter(revoked=False).exclude(pk=naming.pk).exists()
                workflow.transition(
                    studio,
                    "import_revocation" if others else "import_last_revocation",
                    by=by,
                    comment=_("Imported record: %(number)s revoked on %(date)s.")
                    % {"number": naming.certificate_number, "date": row["revoked_on"].isoformat()},
                    naming=naming,
                    revoked_on=row["revoked_on"],
                )
                result.titles_revoked += 1
    return result


def _title_comment(row, named_by):
    return _(
        "Imported record: %(level)s title of %(year)s, certificate %(number)s, named by %(union)s on %(date)s."
    ) % {
        "level": NamingLevel(row["level"]).label,
        "year": row["year"],
        "number": row["certificate_number"],
        "union": named_by.name,
        "date": row["named_on"].isoformat(),
    }


def _sorted(errors):
    return sorted(errors, key=lambda e: (e.sheet != str(STUDIOS_SHEET), e.row, e.letter))


# --- the moves' checks and effects (studios/machines/title.py) ----------------------------------


def record_imported_title(studio, *, by, title, **kwargs):
    """Save the imported title (an unsaved Naming) as the studio's."""
    title.studio = studio
    title.save()


def _check_revocation(studio, *, naming, last):
    if naming.studio_id != studio.pk or naming.revoked:
        raise workflow.TransitionError(_("This studio holds no such active title."))
    others = studio.namings.filter(revoked=False).exclude(pk=naming.pk).exists()
    if others == last:
        raise workflow.TransitionError(_("This studio holds no such active title."))


def check_imported_revocation(studio, *, naming, **kwargs):
    """Another active title remains: the studio stays named."""
    _check_revocation(studio, naming=naming, last=False)


def check_imported_last_revocation(studio, *, naming, **kwargs):
    """The studio's last active title: it is no longer named."""
    _check_revocation(studio, naming=naming, last=True)


def record_imported_revocation(studio, *, by, naming, revoked_on, comment="", **kwargs):
    naming.revoked = True
    naming.revoked_on = revoked_on
    naming.revoked_reason = comment
    naming.save(update_fields=["revoked", "revoked_on", "revoked_reason"])
