"""Yearly statistics bench: the province's report (统计年报) on the seed_scale data, timed.

Usage (after `manage.py seed_scale`, see bench/README.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/studios_scale .venv/bin/python bench/yearly_report.py

Computes the province's figures of last year (ledgers.statistics.compute, what filing freezes) three
times and prints each time and the number of queries, then files it, writes its Excel workbook and
renders its PDF once each, lists which unions below file and have filed (statistics.filing_status),
and deletes the report it filed.
"""

import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to the PostgreSQL database that seed_scale filled.")
    os.environ.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "REDIS_URL": "",
        }
    )
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone, translation

    from ledgers import statistics
    from ledgers.models import StudioYear
    from ledgers.overview import statistics_files
    from unions.models import Union

    translation.activate("zh-hans")
    province = Union.objects.filter(depth=1).order_by("path").first()
    user = get_user_model().objects.get(username="scale_prov_reviewer")
    year = (
        StudioYear.objects.order_by("-year").values_list("year", flat=True).first()
        or timezone.localdate().year
    )
    print(f"{province.name}, {year}: {StudioYear.objects.filter(year=year).count()} studio-year rollup rows")
    for attempt in range(3):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            figures = statistics.compute(province, year)
            seconds = time.perf_counter() - started
        print(
            f"compute #{attempt + 1}: {seconds:.2f} s, {len(queries)} queries, {figures['totals']['studios']} studios"
        )
    report = statistics.file_report(union=province, year=year, by=user)
    try:
        started = time.perf_counter()
        statistics_files.write_xlsx(report, io.BytesIO())
        print(f"Excel: {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        pdf = statistics_files.render_pdf(report)
        print(f"PDF: {time.perf_counter() - started:.2f} s, {len(pdf) // 1024} KiB")
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            groups = statistics.filing_status(province, year)
            seconds = time.perf_counter() - started
        filers = sum(len(group.unions) for group in groups)
        print(f"who below has filed: {seconds:.2f} s, {len(queries)} queries, {filers} unions that file")
    finally:
        report.delete()


if __name__ == "__main__":
    main()
