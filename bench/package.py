"""Package benchmark: compile a nomination package of N studios on a scratch database and print the
seconds and peak memory, beside openpyxl (write-only) writing an equally sized sheet on its own.

Usage:

    .venv/bin/python bench/package.py              # 1,000 studios, 3 attachments of 50 KB each
    .venv/bin/python bench/package.py --studios 200 --attachment-kb 20

A fresh SQLite database and media folder are made in a temporary directory (migrated,
then filled by bulk inserts: a province, a company, grassroots unions, N mature studios
each with a recommended application, its review with 七有 verdicts, an activity plan and
two evidence files in storage; and from the ledgers, per studio, its lead and 5 members,
3 results of the last three years with a proof file each, and 4 activities of the last
12 months with 4 photos each, of which the package carries the newest 12). Every document
is in the package: per studio the 申报表 as PDF and Word, its workbook, the attachments,
the proofs and the photos; the summary (xlsx and PDF), the letter (PDF and Word), the manifest. The compile is `studios.packages.build.build_package`,
exactly what the Celery task runs (its 申报表 PDFs typeset in PACKAGE_TYPESETTERS child processes).
It is run twice: once for the time, once under tracemalloc for the peak of Python allocations
(`--no-trace` skips that second run). Printed too: the CPU seconds of this process and of the
typesetting children (on a shared machine the wall time says more about the neighbours), the
seconds per studio, and the peak RSS of this process and of the largest child.
Targets: 1,000 studios in under 60 s, peak memory under 300 MB, flat as the count grows.
"""

import argparse
import datetime
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The script's own folder first on the path would let a bench script shadow a standard module.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))


def setup_django(scratch):
    os.environ.update(
        {
            "DATABASE_URL": f"sqlite:///{scratch}/bench.sqlite3",
            "MEDIA_ROOT": str(scratch / "media"),
            "REDIS_URL": "",
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-key-bench-only-key-bench-only-key-0123456789",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def fill(n_studios, attachment_kb):
    """Bulk-insert a campaign and N recommended applications; return the package row (not compiled)."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from studios.models import (
        Application,
        Campaign,
        Criterion,
        CriterionVerdict,
        Evidence,
        EvidenceFile,
        NamingLevel,
        NominationPackage,
        Review,
        Studio,
        StudioType,
    )
    from studios.models.review import Decision, VerdictChoice
    from studios.services.campaigns import default_criteria_set
    from unions import services as union_services
    from unions.models import Union

    rng = __import__("random").Random(2026)
    blob = rng.randbytes(attachment_kb * 1024)
    User = get_user_model()
    reviewer = User.objects.create_user(username="bench_reviewer", password="x", full_name="评测审核人")
    province = union_services.create_root_union(
        name="评测省总工会", code="bench-prov", level=Union.Level.PROVINCIAL
    )
    company = union_services.add_child_union(
        parent=province, name="评测集团公司工会", code="bench-co", level=Union.Level.CITY_OR_COMPANY
    )
    grassroots = [
        union_services.add_child_union(
            parent=company, name=f"评测基层工会{i:02d}", code=f"bench-g{i}", level=Union.Level.GRASSROOTS
        )
        for i in range(20)
    ]
    criteria_set = default_criteria_set()
    criteria = list(Criterion.objects.filter(criteria_set=criteria_set).order_by("position"))
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        organiser=province,
        title="评测省级评选",
        year=today.year,
        naming_level=NamingLevel.PROVINCIAL,
        criteria_set=criteria_set,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=10),
        status=Campaign.Status.OPEN,
        certificate_prefix="省",
        created_by=reviewer,
    )
    studios = Studio.objects.bulk_create(
        Studio(
            name=f"评测{i:04d}号劳模创新工作室",
            person_name=f"劳模{i:04d}",
            host_union=grassroots[i % len(grassroots)],
            unit=f"评测单位{i % 50:02d}",
            kind=StudioType.TECHNICAL,
            founded_on=datetime.date(2018, 1, 1),
            stage=Studio.Stage.MATURE,
            criteria_set=criteria_set,
        )
        for i in range(n_studios)
    )
    identity, rules = criteria[0], criteria[4]
    evidence = Evidence.objects.bulk_create(
        Evidence(studio=s, criterion=c, description="佐证") for s in studios for c in (identity, rules)
    )
    files = []
    for item in evidence:
        kind, ext = (
            (EvidenceFile.Kind.PLAQUE_PHOTO, "jpg")
            if item.criterion_id == identity.pk
            else (
                EvidenceFile.Kind.RULE_DOCUMENT,
                "pdf",
            )
        )
        name = default_storage.save(
            f"private/evidence/{item.studio_id}/{item.criterion_id}.{ext}", ContentFile(blob)
        )
        files.append(
            EvidenceFile(
                evidence=item,
                kind=kind,
                title=f"{item.criterion.name}材料",
                file=name,
                original_name=f"{item.criterion.name}材料.{ext}",
                content_type="image/jpeg" if ext == "jpg" else "application/pdf",
                size=len(blob),
                sha256=__import__("hashlib").sha256(blob).hexdigest(),
                uploaded_by=reviewer,
            )
        )
    files = EvidenceFile.objects.bulk_create(files)
    files_by_studio = {}
    for f, item in zip(files, evidence, strict=True):
        files_by_studio.setdefault(item.studio_id, []).append((item, f))
    sha = files[0].sha256
    applications = []
    for studio in studios:
        plan = default_storage.save(
            f"private/applications/{campaign.pk}/plan-{studio.pk}.pdf", ContentFile(blob)
        )
        applications.append(
            Application(
                campaign=campaign,
                studio=studio,
                filing_union=studio.host_union,
                filed_by=reviewer,
                current_union=company,
                status=Application.Status.RECOMMENDED,
                round=1,
                plan=plan,
                plan_name="活动实施方案.pdf",
                plan_content_type="application/pdf",
                plan_size=len(blob),
                plan_sha256=sha,
                statements={c.code: f"{c.name}：本工作室情况说明，共若干条。" for c in criteria},
                submitted_at=timezone.now(),
                snapshot={
                    "studio": {
                        "name": studio.name,
                        "person_name": studio.person_name,
                        "honours": ["省部级劳动模范"],
                        "kind": "技术攻关型",
                        "unit": studio.unit,
                        "host_union": studio.host_union.name,
                        "founded_on": "2018-01-01",
                        "topics": ["技术革新"],
                        "namings": [],
                    },
                    "completeness": [
                        {"code": c.code, "name": c.name, "status": "met", "status_label": "已达到"}
                        for c in criteria
                    ],
                    "figures": {},
                    "evidence": [
                        {
                            "criterion": item.criterion.code,
                            "criterion_name": item.criterion.name,
                            "files": [
                                {
                                    "id": f.pk,
                                    "title": f.title,
                                    "original_name": f.original_name,
                                    "content_type": f.content_type,
                                    "size": f.size,
                                    "sha256": f.sha256,
                                }
                            ],
                        }
                        for item, f in files_by_studio[studio.pk]
                    ],
                    "statements": {c.code: f"{c.name}：本工作室情况说明，共若干条。" for c in criteria},
                },
            )
        )
    applications = Application.objects.bulk_create(applications)
    reviews = Review.objects.bulk_create(
        Review(
            application=a,
            union=company,
            round=1,
            reviewer=reviewer,
            score=60 + i % 40,
            decision=Decision.RECOMMEND,
            reason="同意推荐",
            rank=i + 1,
        )
        for i, a in enumerate(applications)
    )
    CriterionVerdict.objects.bulk_create(
        CriterionVerdict(review=r, criterion=c, verdict=VerdictChoice.MET) for r in reviews for c in criteria
    )
    fill_ledgers(studios, blob, today)
    return NominationPackage.objects.create(
        campaign=campaign,
        union=company,
        recipient=province,
        status=NominationPackage.Status.COMPILING,
        application_ids=[a.pk for a in applications],
        statement="经本级审核会议研究排序，公示 5 个工作日无异议。",
        requested_by=reviewer,
    )


def fill_ledgers(studios, blob, today):
    """Members, results with proofs and activities with photos: what the 申报表 lists and the package packs."""
    import hashlib

    from django.core.files.storage import default_storage

    from ledgers.models import Achievement, AchievementProof, Activity, ActivityPhoto, Member

    sha = hashlib.sha256(blob).hexdigest()
    # One stored file per kind, shared by the rows (the compile copies each row's file anyway).
    proof_name = default_storage.save("private/ledgers/bench/proof.pdf", __import__("io").BytesIO(blob))
    photo_name = default_storage.save("private/ledgers/bench/photo.jpg", __import__("io").BytesIO(blob))
    roles = [Member.StudioRole.LEAD] + [Member.StudioRole.CORE] * 2 + [Member.StudioRole.MEMBER] * 3
    Member.objects.bulk_create(
        Member(
            studio=s,
            name=f"成员{s.pk:04d}-{i}",
            role=role,
            joined_on=datetime.date(2019, 3, 1),
            post="检修工",
            title="工程师",
        )
        for s in studios
        for i, role in enumerate(roles)
    )
    achievements = Achievement.objects.bulk_create(
        Achievement(
            studio=s,
            kind=Achievement.Kind.PATENT if i == 0 else Achievement.Kind.INNOVATION,
            title=f"评测成果{s.pk:04d}-{i}",
            date=today - datetime.timedelta(days=100 + 200 * i),
            economic_benefit=12 + i,
        )
        for s in studios
        for i in range(3)
    )
    AchievementProof.objects.bulk_create(
        AchievementProof(
            achievement=a,
            file=proof_name,
            original_name="证明.pdf",
            content_type="application/pdf",
            size=len(blob),
            sha256=sha,
        )
        for a in achievements
    )
    activities = Activity.objects.bulk_create(
        Activity(
            studio=s,
            kind=Activity.Kind.BREAKTHROUGH,
            date=today - datetime.timedelta(days=20 + 60 * i),
            topic=f"评测攻关活动{i}",
            headcount=8,
        )
        for s in studios
        for i in range(4)
    )
    ActivityPhoto.objects.bulk_create(
        ActivityPhoto(
            activity=a,
            file=photo_name,
            original_name=f"现场{j}.jpg",
            content_type="image/jpeg",
            size=len(blob),
            sha256=sha,
        )
        for a in activities
        for j in range(4)
    )


def contents(package_name):
    """What the zip holds, by kind: {kind: (files, MiB)}."""
    import zipfile

    from django.core.files.storage import default_storage

    kinds = {}
    with default_storage.open(package_name, "rb") as stored, zipfile.ZipFile(stored) as archive:
        for info in archive.infolist():
            name = info.filename
            kind = (
                "申报表 PDF"
                if name.endswith("/申报表.pdf")
                else "申报表 Word"
                if name.endswith("/申报表.docx")
                else "申报表 workbook"
                if name.endswith("/申报表.xlsx")
                else "成果证明 (proofs)"
                if "/成果证明/" in name
                else "活动照片 (photos)"
                if "/活动照片/" in name
                else "佐证 and plan"
                if "/" in name
                else name
            )
            files, size = kinds.get(kind, (0, 0))
            kinds[kind] = (files + 1, size + info.file_size)
    return kinds


def compile_once(package, keep=False):
    from django.core.files.storage import default_storage

    from studios.packages.build import build_package

    built = build_package(package)
    if not keep:
        default_storage.delete(built.name)
    return built


def openpyxl_sheet(rows, columns=18):
    """openpyxl write-only mode writing a sheet as large as the summary, to a scratch file."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("汇总表")
    for r in range(rows):
        sheet.append(
            [r + 1]
            + [f"评测{r:04d}号劳模创新工作室第{c}列" for c in range(1, columns - 6)]
            + [r, r, r, r, r, r]
        )
    with tempfile.TemporaryFile() as out:
        book.save(out)


def cpu_seconds():
    """(this process, its ended children): user + system CPU seconds."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def measure(label, fn, trace=True):
    start, (own0, children0) = time.perf_counter(), cpu_seconds()
    result = fn()
    seconds = time.perf_counter() - start
    own1, children1 = cpu_seconds()
    peak = 0
    if trace:
        tracemalloc.start()
        fn()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(
        f"{label:<48} {seconds:8.2f} s   CPU {own1 - own0:6.1f} s here + {children1 - children0:6.1f} s "
        f"in children   peak Python allocations {peak / 2**20:7.1f} MiB"
    )
    return seconds, peak, result, (own1 - own0, children1 - children0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--studios", type=int, default=1000)
    parser.add_argument("--attachment-kb", type=int, default=50)
    parser.add_argument("--no-trace", action="store_true", help="skip the run under tracemalloc")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-package-") as tmp:
        scratch = Path(tmp)
        started = time.perf_counter()
        setup_django(scratch)
        package = fill(args.studios, args.attachment_kb)
        print(
            f"scratch database: {args.studios} studios, 3 attachments, 3 proofs, 16 photos of {args.attachment_kb} KB each "
            f"(set up in {time.perf_counter() - started:.1f} s)"
        )
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        load = os.getloadavg()[0]
        compile_s, compile_peak, built, (own_cpu, child_cpu) = measure(
            f"compile the package ({args.studios} studios)",
            lambda: compile_once(package, keep=True),
            trace=not args.no_trace,
        )
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"per studio: {1000 * compile_s / args.studios:.0f} ms wall, {1000 * own_cpu / args.studios:.0f} ms "
            f"CPU here + {1000 * child_cpu / args.studios:.0f} ms CPU typesetting "
            f"(load average {load:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores)"
        )
        sheet_s, sheet_peak, _, _ = measure(
            f"openpyxl write-only, {args.studios} rows x 18 columns", lambda: openpyxl_sheet(args.studios)
        )
        print(f"package: {built.size / 2**20:.1f} MiB zip, holding:")
        for kind, (files, size) in contents(built.name).items():
            print(f"  {kind:<40} {files:6d} files {size / 2**20:9.1f} MiB")
        print(
            f"peak RSS: this process {rss_before:.0f} MiB before the compile, {rss_after:.0f} MiB after it; "
            f"the largest typesetting child {child_rss:.0f} MiB"
        )
        print(
            f"ratio compile / openpyxl sheet: {compile_s / sheet_s:.1f}x the time, "
            f"{compile_peak / sheet_peak:.1f}x the peak allocations"
        )
        ok = compile_s < 60 * args.studios / 1000 and rss_after < 300 and child_rss < 300
        print("targets (1,000 studios < 60 s, pro rata; peak RSS < 300 MB):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
