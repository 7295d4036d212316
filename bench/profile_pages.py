"""Profile the main pages in-process: mean time and queries per page, optionally a cProfile.

Usage (after `manage.py seed_scale`, see bench/README.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/studios_scale .venv/bin/python bench/profile_pages.py
    ... bench/profile_pages.py --profile "studio page" --top 40

Runs each page of bench/pages.py through Django's test client with the production
settings (DEBUG off, cached templates, the Redis cache) — no HTTP server, no load
generator — so the figures are the server's own cost per request on one core: the
median and the fastest of `--repeat` requests (the machine is shared; the fastest is
the least disturbed), the queries of one request and the time spent waiting for them.
"""

import argparse
import cProfile
import functools
import os
import pstats
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def record(queries, execute, sql, params, many, context):
    """Note the query and the line of the project's own code that made it."""
    caller = next(
        (
            f"{frame.filename.removeprefix(str(ROOT) + '/')}:{frame.lineno} {frame.name}"
            for frame in reversed(traceback.extract_stack()[:-1])
            if frame.filename.startswith(str(ROOT))
            and "/.venv/" not in frame.filename
            and "bench/" not in frame.filename
        ),
        "?",
    )
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        queries.append((time.perf_counter() - started, f"{caller:<55} {sql}"))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profile", help="cProfile the page whose label contains this text")
    parser.add_argument("--queries", action="store_true", help="list each page's queries with their time")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to the PostgreSQL database that seed_scale filled.")
    os.environ.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
            "ALLOWED_HOSTS": "testserver,127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
        }
    )
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from bench.pages import main_pages

    User = get_user_model()
    clients = {}
    for label, username, url in main_pages():
        if username not in clients:
            client = Client()
            if username:
                client.force_login(User.objects.get(username=username))
            clients[username] = client
        client = clients[username]
        response = client.get(url)
        assert response.status_code == 200, (label, response.status_code)
        queries = []
        with connection.execute_wrapper(functools.partial(record, queries)):
            client.get(url)
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        sql_ms = sum(t for t, _sql in queries) * 1000
        print(
            f"{label:<38} median {times[len(times) // 2]:6.1f} ms  min {times[0]:6.1f} ms  "
            f"{len(queries):3d} queries ({sql_ms:5.1f} ms waiting for them)  "
            f"{len(response.content) // 1024:4d} KiB",
            flush=True,
        )
        if args.profile and args.profile in label:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.repeat):
                client.get(url)
            profiler.disable()
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)
        if args.queries or (args.profile and args.profile in label):
            for seconds, sql in queries:
                print(f"    {seconds * 1000:6.2f} ms  {sql[:180]}")


if __name__ == "__main__":
    main()
