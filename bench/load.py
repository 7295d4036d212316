"""Load benchmark: the main pages as the different roles, served by gunicorn on PostgreSQL.

Usage (after `manage.py seed_scale` on the same DATABASE_URL; see bench/README.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/studios_scale .venv/bin/python bench/load.py

For each page it runs wrk (Debian package `wrk`) with 16 connections for a fixed
time, logged in as the role that uses the page, and prints requests per second and
p50/p95/p99 latency; the same for the trivial /healthz/ view on the same server as
the ceiling. Targets: p95 < 150 ms for every page at 16 clients; the heaviest page
at no less than a fifth of the trivial view's throughput.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def django_setup(env):
    os.environ.update(env)
    import django

    django.setup()


def sessions_and_pages():
    """Log the benchmark accounts in (server-side sessions, each with its CSRF cookie, as a browser
    holds after its first page) and list the pages each one loads with the Cookie header to send."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import _get_new_csrf_string

    from bench.pages import main_pages

    User = get_user_model()

    def cookie_for(username):
        user = User.objects.get(username=username)
        store = SessionStore()
        store["_auth_user_id"] = str(user.pk)
        store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        store["_auth_user_hash"] = user.get_session_auth_hash()
        store.create()
        return f"sessionid={store.session_key}; csrftoken={_get_new_csrf_string()}"

    pages = main_pages()
    users = {user for _label, user, _url in pages if user}
    cookies = {user: cookie_for(user) for user in users}
    return [(label, cookies.get(user), url) for label, user, url in pages]


def writer_account():
    """A lead of a studio in a branch none of the measured pages is about (another company), who
    logs activities while the pages are read: (cookie, url of the add form)."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import _get_new_csrf_string
    from django.urls import reverse
    from guardian.shortcuts import assign_perm

    from studios.models import Studio

    User = get_user_model()
    avoid = [
        User.objects.get(username=name).memberships.get().union.path[:8]
        for name in ("scale_staff", "scale_co_reviewer")
    ]
    studio = (
        Studio.objects.exclude(host_union__path__startswith=avoid[0])
        .exclude(host_union__path__startswith=avoid[1])
        .order_by("pk")
        .first()
    )
    writer, _created = User.objects.get_or_create(
        username="scale_bench_writer", defaults={"full_name": "压测写入"}
    )
    assign_perm("studios.lead_studio", writer, studio)
    assign_perm("studios.log_ledger", writer, studio)
    store = SessionStore()
    store["_auth_user_id"] = str(writer.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = writer.get_session_auth_hash()
    store.create()
    secret = _get_new_csrf_string()
    cookie = f"sessionid={store.session_key}; csrftoken={secret}"
    url = reverse("ledgers:add", kwargs={"studio_pk": studio.pk, "ledger": "activities"})
    return cookie, secret, url


class Writer(threading.Thread):
    """POSTs an activity `rate` times a second, as a lead would from the browser."""

    def __init__(self, base, account, rate):
        super().__init__(daemon=True)
        self.url = base + account[2]
        self.cookie, self.secret = account[0], account[1]
        self.interval = 1 / rate
        self.stop = threading.Event()
        self.written = self.failed = 0

    def run(self):
        import datetime
        import urllib.parse

        while not self.stop.wait(self.interval):
            data = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": self.secret,
                    "kind": "exchange",
                    "date": datetime.date.today().isoformat(),
                    "topic": f"压测写入 {self.written + 1}",
                    "hours": "1",
                }
            ).encode()
            request = urllib.request.Request(self.url, data=data, headers={"Cookie": self.cookie})
            opener = urllib.request.build_opener(NoRedirect)
            try:
                status = opener.open(request, timeout=10).status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = 0
            if status == 302:
                self.written += 1
            else:
                self.failed += 1


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wait_until_up(base, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz/", timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def run_wrk(url, cookie, seconds, clients):
    cmd = [
        "wrk",
        f"-t{min(clients, 2)}",
        f"-c{clients}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "bench/wrk_report.lua"),
    ]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(cmd + [url], check=True, capture_output=True, text=True).stdout
    line = [ln for ln in out.splitlines() if ln.startswith("{")][-1]
    return json.loads(line)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=15, help="duration of each page's run")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (= cores)")
    parser.add_argument(
        "--mode",
        choices=["all", "cached", "writes", "uncached"],
        default="all",
        help="with the page cache (as deployed); the same while a lead in another branch logs "
        "activities; without the cache (the cost of rendering); or all three",
    )
    parser.add_argument(
        "--write-rate", type=float, default=2.0, help="writes per second in the 'writes' phase"
    )
    args = parser.parse_args()

    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to the PostgreSQL database that seed_scale filled.")
    env = {
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "AXES_ENABLED": "1",
        # A shared cache, as in production: the overview figures are cached per data version.
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
    }
    django_setup(env)
    pages = sessions_and_pages()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        check=True,
        env={**os.environ, **env},
    )

    phases = {
        "cached": ("page cache on (as deployed with Redis): repeat views are served from it", "1"),
        "writes": (
            f"page cache on, while a lead of a studio in another company logs {args.write_rate:g} "
            "activities a second",
            "1",
        ),
        "uncached": ("page cache off: every request renders the page", "0"),
    }
    writer = writer_account() if args.mode in ("all", "writes") else None
    chosen = list(phases) if args.mode == "all" else [args.mode]
    for name in chosen:
        title, flag = phases[name]
        print(f"\n== {title}", flush=True)
        results = run_phase(args, {**env, "PAGE_CACHE": flag}, pages, writer if name == "writes" else None)
        summarise(args, results)


def run_phase(args, env, pages, writer_account=None):
    base = f"http://127.0.0.1:{args.port}"
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{args.port}",
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
    )
    results = []
    writer = None
    try:
        wait_until_up(base)
        if writer_account:
            writer = Writer(base, writer_account, args.write_rate)
            writer.start()
        for label, cookie, url in [*pages, pages[0]]:  # the trivial view again at the end
            run_wrk(base + url, cookie, 2, args.clients)  # warm-up
            figures = run_wrk(base + url, cookie, args.seconds, args.clients)
            results.append((label, url, figures))
            print(
                f"{label:<38} {figures['rps']:>8.1f} req/s  p50 {figures['p50']:>7.1f} ms  p95 {figures['p95']:>7.1f} ms  "
                f"p99 {figures['p99']:>7.1f} ms  non-2xx {figures['non2xx']}  "
                f"from the cache {100 * figures['hits'] / max(figures['requests'], 1):5.1f} %",
                flush=True,
            )
    finally:
        if writer:
            writer.stop.set()
            writer.join()
            print(f"writes: {writer.written} saved, {writer.failed} failed", flush=True)
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=20)
    return results


def summarise(args, results):
    # The trivial view is measured first and last: the ceiling is their mean (the machine drifts).
    first, last = results[0][2]["rps"], results[-1][2]["rps"]
    ceiling = (first + last) / 2
    results = results[:-1]
    pages_only = results[1:]
    heaviest = min(pages_only, key=lambda r: r[2]["rps"])
    worst_p95 = max(pages_only, key=lambda r: r[2]["p95"])
    print(f"clients: {args.clients}, {args.seconds} s per page, gunicorn sync workers: {args.workers}")
    print(
        f"worst p95: {worst_p95[2]['p95']:.1f} ms ({worst_p95[0]}) — target < 150 ms: "
        f"{'MET' if worst_p95[2]['p95'] < 150 else 'NOT MET'}"
    )
    ratio = heaviest[2]["rps"] / ceiling
    print(
        f"heaviest page: {heaviest[0]} at {heaviest[2]['rps']:.1f} req/s = 1/{1 / ratio:.1f} of the trivial view "
        f"({ceiling:.1f} req/s, the mean of {first:.0f} before and {last:.0f} after) — target ≥ 1/5: "
        f"{'MET' if ratio >= 0.2 else 'NOT MET'}"
    )


if __name__ == "__main__":
    main()
