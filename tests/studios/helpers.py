"""Small builders for studio tests: real files (PNG, PDF) and evidence through the app's own service."""

import datetime
import io

from django.core.files.base import ContentFile

from studios.models import Criterion, EvidenceFile
from studios.services.studio import add_evidence_file, save_evidence_statement
from unions.uploads import check_upload


def png_bytes():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def pdf_bytes():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def criterion(studio, code):
    return Criterion.objects.get(criteria_set=studio.criteria_set, code=code)


def attach(studio, code, by, *, kind, rule_kind="", name=None, content=None):
    content = content if content is not None else (pdf_bytes() if kind == "rule_document" else png_bytes())
    name = name or ("制度.pdf" if kind == "rule_document" else "照片.png")
    upload = ContentFile(content, name=name)
    return add_evidence_file(
        studio=studio,
        criterion=criterion(studio, code),
        upload=upload,
        info=check_upload(upload),
        by=by,
        kind=kind,
        rule_kind=rule_kind,
    )


def complete_identity_site_rules(studio, by):
    studio.person_expertise = "锅炉检修"
    studio.person_honours = ["provincial_model"]
    studio.site_address = "兰溪市灵洞乡 1 号"
    studio.site_area = 80
    studio.site_equipment = "电脑 2 台"
    studio.save()
    attach(studio, "identity", by, kind=EvidenceFile.Kind.PLAQUE_PHOTO)
    attach(studio, "site", by, kind=EvidenceFile.Kind.SITE_PHOTO)
    for kind in EvidenceFile.RuleKind.values:
        attach(studio, "rules", by, kind=EvidenceFile.Kind.RULE_DOCUMENT, rule_kind=kind)


def complete_ledgers(studio, by, today=None):
    """Ledger rows that meet the agreed thresholds, plus a statement and a file for each of those
    criteria (so the studio is all-met whether or not ledgers/ has registered its rules)."""
    from ledgers.models import Achievement, Activity, FundEntry, Member

    today = today or datetime.date.today()
    recent = today - datetime.timedelta(days=30)
    Member.objects.create(studio=studio, name="带头人", role="lead", joined_on=recent)
    for n in range(3):
        Member.objects.create(studio=studio, name=f"成员{n}", role="member", joined_on=recent)
    FundEntry.objects.create(
        studio=studio, direction="income", date=recent, amount=10000, source="administrative"
    )
    for n in range(3):
        Activity.objects.create(studio=studio, kind="training", date=recent, topic=f"培训{n}", headcount=5)
    Achievement.objects.create(studio=studio, kind="proposal", title="合理化建议", date=recent)
    for code in ("members", "funds", "ledger", "results"):
        save_evidence_statement(studio=studio, criterion=criterion(studio, code), description="见台帐")
        attach(studio, code, by, kind=EvidenceFile.Kind.DOCUMENT, content=pdf_bytes(), name="台帐.pdf")


def run_out(notice, days_ago=1):
    """Let a 公示 run its course: its period moved back so that it ended `days_ago` days ago (a notice
    cannot be published backdated, so a test moves the calendar instead)."""
    from django.utils import timezone

    from studios.models import Publicity

    today = timezone.localdate()
    length = (notice.ends_on - notice.starts_on).days
    ends_on = today - datetime.timedelta(days=days_ago)
    Publicity.objects.filter(pk=notice.pk).update(
        ends_on=ends_on, starts_on=ends_on - datetime.timedelta(days=length)
    )
    notice.refresh_from_db()
    return notice
