"""EXPLAIN every query of the main pages on PostgreSQL and flag sequential scans of the big tables.

Usage (after `manage.py seed_scale` on the same database):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/studios_scale .venv/bin/python bench/explain.py

Prints, per page, the number of queries, their total time in PostgreSQL, and every
sequential scan of a large table; exits 1 when a studio's page or a ledger list scans
a ledger table sequentially.
"""

import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

BIG_TABLES = {
    "ledgers_activity",
    "ledgers_training",
    "ledgers_achievement",
    "ledgers_fundentry",
    "ledgers_member",
    "studios_studio",
    "studios_application",
    "studios_transitionlog",
}
LEDGER_TABLES = {t for t in BIG_TABLES if t.startswith("ledgers_")}
SEQ = re.compile(r"Seq Scan on (\w+)")


def main():
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages import main_pages

    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to the PostgreSQL database that seed_scale filled.")
    User = get_user_model()
    failures = []
    for label, username, url in main_pages():
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            failures.append((label, f"HTTP {response.status_code}"))
        selects = [
            q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")
        ]
        scans, spent = [], 0.0
        with connection.cursor() as cursor:
            for sql in selects:
                started = time.perf_counter()
                cursor.execute("EXPLAIN (ANALYZE, FORMAT TEXT) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                took = time.perf_counter() - started
                spent += took
                if took > 0.02:
                    scans.append((f"slow query {took * 1000:.0f} ms", sql[:160]))
                for table in SEQ.findall(plan):
                    if table in BIG_TABLES:
                        scans.append((f"Seq Scan on {table}", sql[:160]))
        print(
            f"{label:<38} HTTP {response.status_code}  {len(captured):>3} queries  {spent * 1000:7.1f} ms in PostgreSQL"
        )
        for finding, sql in scans:
            print(f"    {finding}: {sql}…")
            table = finding.removeprefix("Seq Scan on ")
            if table in LEDGER_TABLES and ("studio page" in label or "ledger" in label):
                failures.append((label, table))
    if failures:
        print("\nFAIL: sequential scans of ledger tables on a studio's pages:", failures)
        raise SystemExit(1)
    print("\nOK: no sequential scan of a ledger table on a studio's pages.")


if __name__ == "__main__":
    main()
