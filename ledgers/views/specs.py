"""The five ledgers as data: what each list shows, filters on, exports and imports, and how it saves.

One generic set of views (ledgers/views/pages.py) serves every ledger from these.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from studios.models import Education, Gender, SkillLevel
from unions.excel import DATE, INTEGER, MONEY, NUMBER, Column

from .. import excel, forms, services
from ..excel import ImportColumn
from ..models import Achievement, Activity, Alliance, FundEntry, Member, Training


@dataclass(frozen=True)
class LedgerSpec:
    slug: str
    title: Any  # lazy: the ledger's name, e.g. 活动台帐
    add_label: Any  # lazy: the button, e.g. 登记活动
    model: type
    form: type
    date_field: str
    rows_template: str
    columns: list[Column]
    queryset: Callable  # queryset(studio) -> QuerySet with what the rows show
    save: Callable  # save(studio=, data=, files=, by=, instance=) -> object
    kind_field: str | None = None
    kind_label: Any = None
    kind_choices: list = field(default_factory=list)
    with_status: bool = False
    files_field: str | None = None  # the form field carrying uploads, if any
    error_field: str | None = None  # where a refusal of the service is shown
    import_columns: list[ImportColumn] | None = None
    import_notes: Callable | None = None
    import_rows: Callable | None = None  # import_rows(studio=, rows=, by=)
    import_identity: tuple = ()  # the fields that make two rows the same row (services.*_IDENTITY)


def _display(field_name):
    return lambda obj: getattr(obj, f"get_{field_name}_display")()


# --- members --------------------------------------------------------------------------


def _members(studio) -> QuerySet:
    return Member.with_voided.filter(studio=studio).order_by("-left_on", "role", "name_pinyin", "name", "pk")


def _save_member(*, studio, data, files, by, instance):
    return services.record_member(studio=studio, data=data, member=instance)


MEMBER_ROLE_CHOICES = list(Member.StudioRole.choices)

MEMBERS = LedgerSpec(
    slug="members",
    title=gettext_lazy("Member archive"),
    add_label=gettext_lazy("Add a member"),
    model=Member,
    form=forms.MemberForm,
    date_field="joined_on",
    rows_template="ledgers/rows/members.html",
    queryset=_members,
    save=_save_member,
    kind_field="role",
    kind_label=gettext_lazy("role in the studio"),
    kind_choices=MEMBER_ROLE_CHOICES,
    with_status=True,
    error_field="role",
    columns=[
        Column(gettext_lazy("Full name"), lambda m: m.name, width=12),
        Column(gettext_lazy("gender"), _display("gender"), width=6),
        Column(gettext_lazy("date of birth"), lambda m: m.birth_date, DATE, width=12),
        Column(gettext_lazy("education"), _display("education"), width=14),
        Column(gettext_lazy("professional title"), lambda m: m.title, width=14),
        Column(gettext_lazy("post"), lambda m: m.post, width=18),
        Column(gettext_lazy("skill level"), _display("skill_level"), width=12),
        Column(gettext_lazy("honours"), lambda m: m.honours, width=20),
        Column(gettext_lazy("role in the studio"), _display("role"), width=12),
        Column(gettext_lazy("joined on"), lambda m: m.joined_on, DATE, width=12),
        Column(gettext_lazy("left on"), lambda m: m.left_on, DATE, width=12),
    ],
    import_columns=[
        ImportColumn(gettext_lazy("Full name"), "name", excel.as_text, "王建华", required=True, width=12),
        ImportColumn(
            gettext_lazy("gender"), "gender", excel.choice(Gender.choices), Gender.MALE.label, width=6
        ),
        ImportColumn(
            gettext_lazy("date of birth"), "birth_date", excel.as_date, datetime.date(1985, 6, 1), width=12
        ),
        ImportColumn(
            gettext_lazy("education"),
            "education",
            excel.choice(Education.choices),
            Education.COLLEGE.label,
            width=14,
        ),
        ImportColumn(gettext_lazy("professional title"), "title", excel.as_text, "工程师", width=14),
        ImportColumn(gettext_lazy("post"), "post", excel.as_text, "锅炉检修班班长", width=18),
        ImportColumn(
            gettext_lazy("skill level"),
            "skill_level",
            excel.choice(SkillLevel.choices),
            SkillLevel.TECHNICIAN.label,
            width=12,
        ),
        ImportColumn(gettext_lazy("honours"), "honours", excel.as_text, "省劳动模范", width=20),
        ImportColumn(
            gettext_lazy("role in the studio"),
            "role",
            lambda value, context: excel.choice(MEMBER_ROLE_CHOICES)(value) or Member.StudioRole.MEMBER,
            Member.StudioRole.MEMBER.label,
            width=12,
        ),
        ImportColumn(
            gettext_lazy("joined on"), "joined_on", excel.as_date, datetime.date(2024, 3, 1), required=True
        ),
    ],
    import_notes=lambda: [
        _("Fill one member per row from row 2 on; row 2 of the template is an example, replace it."),
        _("Columns marked in the header row must keep their names; the order of the columns is free."),
        _("skill level") + "：" + "、".join(str(label) for _code, label in SkillLevel.choices),
        _("gender") + "：" + "、".join(str(label) for _code, label in Gender.choices),
        _("education") + "：" + "、".join(str(label) for _code, label in Education.choices),
        _("role in the studio") + "：" + "、".join(str(label) for _code, label in MEMBER_ROLE_CHOICES),
        _("Dates as 2024-03-01 or as Excel dates."),
        _("Either every row is saved or none: fix the rows the page names and upload the file again."),
    ],
    import_identity=services.MEMBER_IDENTITY,
    import_rows=lambda *, studio, rows, by: services.import_members(studio=studio, rows=rows),
)


# --- activities ------------------------------------------------------------------------


def _activities(studio) -> QuerySet:
    """The studio's own activities and the shared ones of its alliances (logged by their lead studios)."""
    return (
        Activity.with_voided.filter(
            Q(studio=studio) | Q(alliance__in=Alliance.objects.filter(members=studio))
        )
        .select_related("alliance", "studio")
        .prefetch_related("participants", "photos")
        .order_by("-date", "-pk")
    )


def _save_activity(*, studio, data, files, by, instance):
    return services.record_activity(studio=studio, data=data, by=by, photos=files, activity=instance)


def _participant_names(activity):
    return "、".join(m.name for m in activity.participants.all())


def _member_pks(value, context):
    names = [n for n in forms._split_names(excel.as_text(value)) if n]
    members = context["members"]
    unknown = [n for n in names if n not in members]
    if unknown:
        raise ValueError(
            _("“%(names)s” is not a current member of the studio; add them to the member archive first.")
            % {"names": "、".join(unknown)}
        )
    return [members[n] for n in names]


ACTIVITY_KINDS = list(Activity.Kind.choices)

ACTIVITIES = LedgerSpec(
    slug="activities",
    title=gettext_lazy("Activity ledger"),
    add_label=gettext_lazy("Log an activity"),
    model=Activity,
    form=forms.ActivityForm,
    date_field="date",
    rows_template="ledgers/rows/activities.html",
    queryset=_activities,
    save=_save_activity,
    kind_field="kind",
    kind_label=gettext_lazy("Activity kind"),
    kind_choices=ACTIVITY_KINDS,
    files_field="photos",
    columns=[
        Column(gettext_lazy("date"), lambda a: a.date, DATE, width=12),
        Column(gettext_lazy("Activity kind"), _display("kind"), width=12),
        Column(gettext_lazy("topic"), lambda a: a.topic, width=30),
        Column(gettext_lazy("place"), lambda a: a.place, width=16),
        Column(gettext_lazy("members taking part"), _participant_names, width=24),
        Column(gettext_lazy("other participants"), lambda a: a.other_participants, width=20),
        Column(gettext_lazy("head-count"), lambda a: a.headcount, INTEGER, width=10),
        Column(gettext_lazy("hours"), lambda a: a.hours, NUMBER, width=10),
        Column(gettext_lazy("outcome"), lambda a: a.outcome, width=40),
        Column(gettext_lazy("photos"), lambda a: len(a.photos.all()), INTEGER, width=8),
    ],
    import_columns=[
        ImportColumn(gettext_lazy("date"), "date", excel.as_date, datetime.date(2025, 5, 12), required=True),
        ImportColumn(
            gettext_lazy("Activity kind"),
            "kind",
            excel.choice(ACTIVITY_KINDS),
            Activity.Kind.BREAKTHROUGH.label,
            required=True,
            width=12,
        ),
        ImportColumn(
            gettext_lazy("topic"), "topic", excel.as_text, "锅炉给水泵振动超标攻关", required=True, width=30
        ),
        ImportColumn(gettext_lazy("place"), "place", excel.as_text, "工作室实训室", width=16),
        ImportColumn(gettext_lazy("members taking part"), "participants", _member_pks, "", width=24),
        ImportColumn(
            gettext_lazy("other participants"), "other_participants", excel.as_text, "设备部 刘工", width=20
        ),
        ImportColumn(gettext_lazy("head-count"), "headcount", excel.as_text, 6, width=10),
        # Required: an activity lasts (0 hours is refused by the form, as on the page).
        ImportColumn(gettext_lazy("hours"), "hours", excel.as_text, Decimal("3.5"), required=True, width=10),
        ImportColumn(
            gettext_lazy("outcome"), "outcome", excel.as_text, "找到振动原因，制定检修方案", width=40
        ),
    ],
    import_notes=lambda: [
        _("Fill one activity per row from row 2 on; row 2 of the template is an example, replace it."),
        _("Columns marked in the header row must keep their names; the order of the columns is free."),
        _("kind") + "：" + "、".join(str(label) for _code, label in ACTIVITY_KINDS),
        _("Members taking part: names of current members as in the member archive, separated by 、."),
        _("Head-count left empty: the members taking part plus the others listed are counted."),
        _("Dates as 2024-03-01 or as Excel dates."),
        _("Either every row is saved or none: fix the rows the page names and upload the file again."),
    ],
    import_identity=services.ACTIVITY_IDENTITY,
    import_rows=lambda *, studio, rows, by: services.import_activities(studio=studio, rows=rows, by=by),
)


# --- trainings ---------------------------------------------------------------------------


def _number_or(default):
    """A number cell left empty takes the form's default (`default`), not 'required'."""
    return lambda value, context: excel.as_text(value) or default


def _trainings(studio) -> QuerySet:
    return Training.with_voided.filter(studio=studio).order_by("-date", "-pk")


def _save_training(*, studio, data, files, by, instance):
    return services.record_training(studio=studio, data=data, training=instance)


TRAININGS = LedgerSpec(
    slug="trainings",
    title=gettext_lazy("Training ledger"),
    add_label=gettext_lazy("Log a training"),
    model=Training,
    form=forms.TrainingForm,
    date_field="date",
    rows_template="ledgers/rows/trainings.html",
    queryset=_trainings,
    save=_save_training,
    columns=[
        Column(gettext_lazy("date"), lambda t: t.date, DATE, width=12),
        Column(gettext_lazy("Training title"), lambda t: t.title, width=30),
        Column(gettext_lazy("trainer"), lambda t: t.trainer, width=12),
        Column(gettext_lazy("sessions"), lambda t: t.sessions, INTEGER, width=8),
        Column(gettext_lazy("head-count (人次)"), lambda t: t.headcount, INTEGER, width=10),
        Column(gettext_lazy("hours"), lambda t: t.hours, NUMBER, width=8),
        Column(gettext_lazy("trainees"), lambda t: t.trainees, width=30),
        Column(gettext_lazy("skill levels reached"), lambda t: t.levels_reached, width=20),
        Column(gettext_lazy("people certified at a higher level"), lambda t: t.certified_count, INTEGER),
    ],
    import_columns=[
        ImportColumn(gettext_lazy("date"), "date", excel.as_date, datetime.date(2025, 4, 18), required=True),
        ImportColumn(
            gettext_lazy("Training title"),
            "title",
            excel.as_text,
            "汽轮机检修技能培训",
            required=True,
            width=30,
        ),
        ImportColumn(gettext_lazy("trainer"), "trainer", excel.as_text, "王建华", width=12),
        ImportColumn(gettext_lazy("sessions"), "sessions", _number_or("1"), 2, width=8),
        ImportColumn(
            gettext_lazy("head-count (人次)"), "headcount", excel.as_text, 40, required=True, width=10
        ),
        ImportColumn(gettext_lazy("hours"), "hours", _number_or("0"), Decimal("8"), width=8),
        ImportColumn(gettext_lazy("trainees"), "trainees", excel.as_text, "检修一班、检修二班", width=30),
        ImportColumn(
            gettext_lazy("skill levels reached"), "levels_reached", excel.as_text, "高级工 3 人", width=20
        ),
        ImportColumn(
            gettext_lazy("people certified at a higher level"), "certified_count", _number_or("0"), 3
        ),
    ],
    import_notes=lambda: [
        _("Fill one training per row from row 2 on; row 2 of the template is an example, replace it."),
        _("Columns marked in the header row must keep their names; the order of the columns is free."),
        _("Sessions, hours and people certified left empty count as 1, 0 and 0."),
        _("Dates as 2024-03-01 or as Excel dates."),
        _("A row already in the ledger (same date and title) is not added again."),
        _("Either every row is saved or none: fix the rows the page names and upload the file again."),
    ],
    import_identity=services.TRAINING_IDENTITY,
    import_rows=lambda *, studio, rows, by: services.import_trainings(studio=studio, rows=rows),
)


# --- achievements -----------------------------------------------------------------------------


def _achievements(studio) -> QuerySet:
    return Achievement.with_voided.filter(studio=studio).prefetch_related("proofs").order_by("-date", "-pk")


def _save_achievement(*, studio, data, files, by, instance):
    return services.record_achievement(studio=studio, data=data, proofs=files, achievement=instance)


ACHIEVEMENTS = LedgerSpec(
    slug="achievements",
    title=gettext_lazy("Achievements"),
    add_label=gettext_lazy("Record an achievement"),
    model=Achievement,
    form=forms.AchievementForm,
    date_field="date",
    rows_template="ledgers/rows/achievements.html",
    queryset=_achievements,
    save=_save_achievement,
    kind_field="kind",
    kind_label=gettext_lazy("Achievement kind"),
    kind_choices=list(Achievement.Kind.choices),
    files_field="proofs",
    columns=[
        Column(gettext_lazy("date"), lambda a: a.date, DATE, width=12),
        Column(gettext_lazy("Achievement kind"), _display("kind"), width=12),
        Column(gettext_lazy("Achievement title"), lambda a: a.title, width=30),
        Column(gettext_lazy("people"), lambda a: a.people, width=20),
        Column(gettext_lazy("economic benefit (10,000 yuan)"), lambda a: a.economic_benefit, MONEY, width=16),
        Column(gettext_lazy("description"), lambda a: a.description, width=40),
        Column(gettext_lazy("proof files"), lambda a: len(a.proofs.all()), INTEGER, width=8),
    ],
    import_columns=[
        ImportColumn(gettext_lazy("date"), "date", excel.as_date, datetime.date(2025, 9, 30), required=True),
        ImportColumn(
            gettext_lazy("Achievement kind"),
            "kind",
            lambda value, context: excel.choice(Achievement.Kind.choices)(value),
            Achievement.Kind.PATENT.label,
            required=True,
            width=12,
        ),
        ImportColumn(
            gettext_lazy("Achievement title"),
            "title",
            excel.as_text,
            "一种给水泵振动在线监测装置",
            required=True,
            width=30,
        ),
        ImportColumn(gettext_lazy("people"), "people", excel.as_text, "王建华、李明", width=20),
        ImportColumn(
            gettext_lazy("economic benefit (10,000 yuan)"),
            "economic_benefit",
            _number_or("0"),
            Decimal("12.5"),
            width=16,
        ),
        ImportColumn(
            gettext_lazy("description"), "description", excel.as_text, "实用新型专利，已在本厂应用", width=40
        ),
    ],
    import_notes=lambda: [
        _("Fill one achievement per row from row 2 on; row 2 of the template is an example, replace it."),
        _("Columns marked in the header row must keep their names; the order of the columns is free."),
        _("kind") + "：" + "、".join(str(label) for _code, label in Achievement.Kind.choices),
        _("Economic benefit in 10,000 yuan; left empty it counts as 0."),
        _("Proof files are added on the achievement's own page after the import."),
        _("Dates as 2024-03-01 or as Excel dates."),
        _("A row already in the ledger (same kind, title and date) is not added again."),
        _("Either every row is saved or none: fix the rows the page names and upload the file again."),
    ],
    import_identity=services.ACHIEVEMENT_IDENTITY,
    import_rows=lambda *, studio, rows, by: services.import_achievements(studio=studio, rows=rows),
)


# --- funds ----------------------------------------------------------------------------------------


def _funds(studio) -> QuerySet:
    return (
        FundEntry.with_voided.filter(studio=studio)
        .annotate(balance=services.running_balance())
        .order_by("-date", "-pk")
    )


def _save_fund_entry(*, studio, data, files, by, instance):
    return services.record_fund_entry(studio=studio, data=data, by=by, entry=instance)


def _source_or_use(entry):
    return (
        entry.get_source_display()
        if entry.direction == FundEntry.Direction.INCOME
        else entry.get_use_display()
    )


def _income(entry):
    return entry.amount if entry.direction == FundEntry.Direction.INCOME else None


def _expenditure(entry):
    return entry.amount if entry.direction == FundEntry.Direction.EXPENDITURE else None


FUNDS = LedgerSpec(
    slug="funds",
    title=gettext_lazy("Funds ledger"),
    add_label=gettext_lazy("Record income or an expenditure"),
    model=FundEntry,
    form=forms.FundEntryForm,
    date_field="date",
    rows_template="ledgers/rows/funds.html",
    queryset=_funds,
    save=_save_fund_entry,
    kind_field="direction",
    kind_label=gettext_lazy("income or expenditure"),
    kind_choices=list(FundEntry.Direction.choices),
    error_field="amount",
    columns=[
        Column(gettext_lazy("date"), lambda e: e.date, DATE, width=12),
        Column(gettext_lazy("income or expenditure"), _display("direction"), width=10),
        Column(gettext_lazy("source or use"), _source_or_use, width=14),
        Column(gettext_lazy("income (yuan)"), _income, MONEY, width=14),
        Column(gettext_lazy("expenditure (yuan)"), _expenditure, MONEY, width=14),
        Column(gettext_lazy("balance (yuan)"), lambda e: e.balance, MONEY, width=14),
        Column(gettext_lazy("description"), lambda e: e.description, width=30),
        Column(gettext_lazy("document number"), lambda e: e.document_number, width=16),
    ],
    import_columns=[
        ImportColumn(gettext_lazy("date"), "date", excel.as_date, datetime.date(2025, 3, 10), required=True),
        ImportColumn(
            gettext_lazy("income or expenditure"),
            "direction",
            excel.choice(FundEntry.Direction.choices),
            FundEntry.Direction.INCOME.label,
            required=True,
            width=10,
        ),
        ImportColumn(
            gettext_lazy("amount (yuan)"), "amount", excel.as_text, Decimal("20000"), required=True, width=14
        ),
        ImportColumn(
            gettext_lazy("source"),
            "source",
            excel.choice(FundEntry.Source.choices),
            FundEntry.Source.ADMINISTRATIVE.label,
            width=14,
        ),
        ImportColumn(gettext_lazy("use"), "use", excel.choice(FundEntry.Use.choices), "", width=14),
        ImportColumn(gettext_lazy("description"), "description", excel.as_text, "年度工作室经费", width=30),
        ImportColumn(
            gettext_lazy("document number"), "document_number", excel.as_text, "财2025-031", width=16
        ),
    ],
    import_notes=lambda: [
        _(
            "Fill one income or expenditure per row from row 2 on; row 2 of the template is an example, replace it."
        ),
        _("Columns marked in the header row must keep their names; the order of the columns is free."),
        _("income or expenditure")
        + "："
        + "、".join(str(label) for _code, label in FundEntry.Direction.choices),
        _("source") + "：" + "、".join(str(label) for _code, label in FundEntry.Source.choices),
        _("use") + "：" + "、".join(str(label) for _code, label in FundEntry.Use.choices),
        _(
            "Rows are entered by date (income before spending on the same day); the balance may never be "
            "negative: a row that would overdraw it is named and nothing is saved."
        ),
        _("Dates as 2024-03-01 or as Excel dates."),
        _(
            "A row already in the ledger (same date, direction, amount, source or use, description and "
            "document number) is not added again."
        ),
        _("Either every row is saved or none: fix the rows the page names and upload the file again."),
    ],
    import_identity=services.FUND_IDENTITY,
    import_rows=lambda *, studio, rows, by: services.import_fund_entries(studio=studio, rows=rows, by=by),
)


SPECS = {spec.slug: spec for spec in (MEMBERS, ACTIVITIES, TRAININGS, ACHIEVEMENTS, FUNDS)}
IMPORTABLE = {slug for slug, spec in SPECS.items() if spec.import_columns}


def import_context(studio, spec):
    """What the converters of an import need: the studio's current members by name."""
    if spec is ACTIVITIES:
        members = Member.objects.filter(studio=studio, left_on__isnull=True).values_list("name", "pk")
        return {"members": dict(members)}
    return {}
