"""Onboarding benchmark: a province-sized workbook (3,000 unions, 10,000 accounts) previewed and applied.

Usage:
    .venv/bin/python bench/onboarding.py                         # 3,000 unions, 10,000 accounts
    .venv/bin/python bench/onboarding.py --unions 300 --accounts 1000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_onboarding .venv/bin/python bench/onboarding.py

A fresh SQLite database in a temporary directory (or the empty PostgreSQL database DATABASE_URL
names) is migrated and given a province with its administrator. The workbook has the template's
two sheets: 100 city/company unions under the province and the rest as grassroots unions under
them, with 行业 and 所有制; accounts spread over the unions, half with an e-mail address (a
set-password link) and half without (a one-time code). Then, as the pages do, `unions.onboarding.plan`
(the preview) and `unions.onboarding.apply` (plan again under a lock, write in one transaction),
and the same file applied again (changes nothing). E-mails go to Django's in-memory outbox.
Target: the whole import within a minute.
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Not bench/ itself (Python puts a script's folder first): a bench script named like a standard
# module would hide it from Django.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

INDUSTRIES = ["电力", "交通运输", "制造业", "建筑业", "信息技术", "教育", "卫生"]
OWNERSHIPS = ["国有", "集体", "非公", "机关事业"]


def setup_django(scratch):
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ.update(
        {
            "MEDIA_ROOT": str(Path(scratch) / "media"),
            "REDIS_URL": "",
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-key-bench-only-key-bench-only-key-0123456789",
            "ALLOWED_HOSTS": "testserver,127.0.0.1",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0, interactive=False)


def workbook(n_unions, n_accounts):
    """The workbook's bytes: sheet 工会 and sheet 账号 with the template's Chinese headers."""
    from openpyxl import Workbook

    from unions import onboarding

    wb = Workbook(write_only=True)
    unions = wb.create_sheet(str(onboarding.UNIONS_SHEET))
    unions.append([str(c.header) for c in onboarding.UNION_COLUMNS])
    cities = min(100, n_unions)
    codes = []
    for i in range(cities):
        code = f"c{i:03d}"
        codes.append(code)
        unions.append(
            [
                code,
                f"第{i}集团公司工会",
                "市总工会/集团公司工会",
                f"第{i}集团公司",
                "杭州市",
                INDUSTRIES[i % 7],
                OWNERSHIPS[i % 4],
                "prov",
            ]
        )
    for j in range(n_unions - cities):
        parent = codes[j % cities]
        code = f"{parent}-g{j:05d}"
        unions.append(
            [
                code,
                f"第{j}基层工会",
                "基层工会",
                f"第{j}分公司",
                "宁波市",
                INDUSTRIES[j % 7],
                OWNERSHIPS[j % 4],
                parent,
            ]
        )
        codes.append(code)
    accounts = wb.create_sheet(str(onboarding.ACCOUNTS_SHEET))
    accounts.append([str(c.header) for c in onboarding.ACCOUNT_COLUMNS])
    roles = ["管理员", "经办人", "审核人", "负责人"]
    for k in range(n_accounts):
        email = f"user{k}@example.cn" if k % 2 == 0 else ""
        accounts.append(
            [f"user{k:05d}", f"职工{k}", f"1380000{k:04d}", email, codes[k % len(codes)], roles[k % 4]]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--unions", type=int, default=3000)
    parser.add_argument("--accounts", type=int, default=10000)
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="bench-onboarding-")
    setup_django(scratch)
    from django.contrib.auth import get_user_model
    from django.core import mail
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from unions import onboarding, services
    from unions.models import Membership, Role, Union

    province = services.create_root_union(name="评测省总工会", code="prov", level=Union.Level.PROVINCIAL)
    admin = get_user_model().objects.create_user(username="bench_prov_admin", password="x")
    services.grant_role(user=admin, union=province, role=Role.ADMIN)
    request = RequestFactory().get("/")

    started = time.perf_counter()
    content = workbook(args.unions, args.accounts)
    generated = time.perf_counter() - started

    def upload():
        return SimpleUploadedFile("组织.xlsx", content)

    rows = []

    def timed(label, run):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = run()
            seconds = time.perf_counter() - started
        rows.append((label, seconds, len(queries)))
        return result

    preview = timed("preview (read, check, plan)", lambda: onboarding.plan(upload(), root=province, by=admin))
    assert not preview.errors, preview.errors[:5]

    def apply():
        from django.db import transaction

        with transaction.atomic():
            applied = onboarding.apply(upload(), root=province, by=admin, request=request)
        return applied

    applied = timed("apply (plan again, write in one transaction)", apply)
    again = timed("the same file applied again", apply)
    assert again.counts["new_unions"] == again.counts["changed_unions"] == 0, again.counts
    assert again.counts["new_accounts"] == again.counts["changed_accounts"] == 0, again.counts
    assert Union.objects.count() == args.unions + 1
    assert Membership.objects.count() == args.accounts + 1
    assert Union.objects.find_problems() == ([], [], [], [], [])

    print(
        f"database: {connection.vendor}; workbook {len(content) / 1024:.0f} KiB, generated in {generated:.1f} s"
    )
    print(
        f"created {applied.counts['new_unions']} unions, {applied.counts['new_accounts']} accounts; "
        f"{applied.mailed} e-mails ({len(mail.outbox)} in the outbox), {len(applied.codes)} one-time codes"
    )
    print()
    print("| what | seconds | queries |")
    print("| --- | --- | --- |")
    for label, seconds, queries in rows:
        print(f"| {label} | {seconds:.1f} | {queries} |")
    total = rows[0][1] + rows[1][1]
    print()
    print(f"preview + apply: {total:.1f} s (target: under 60 s) — {'met' if total < 60 else 'NOT met'}")


if __name__ == "__main__":
    main()
