"""Load benchmark: people of several roles browsing the scale province, served by gunicorn on PostgreSQL.

Usage (after `manage.py seed_scale` on the same DATABASE_URL; see bench/README.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/studios_scale .venv/bin/python bench/load.py

One gunicorn (2 sync workers) serves, in this order:

1. the trivial /healthz/ view (the ceiling of the server and the machine);
2. the browsing mix: 16 clients, each a person of one role (provincial reviewer, company
   reviewer, grassroots staff, studio lead), every request a random page of a random kind
   among those that person may open: a studio page, a page of the studio list (?page=N),
   an activity ledger, a page of the reviewer inbox, the home page, the dashboard. wrk runs
   one connection per thread and tags each request with its kind (bench/wrk_browse.lua), so
   each kind gets its own share, p50 and p95;
3. each kind alone (random URLs of that kind, the roles that open it): its throughput;
4. the trivial view again (the machine's speed drifts; the ceiling is the mean of 1 and 4).

Targets: p95 < 150 ms for every kind in the mix; every kind alone at no less than 1/15 of
the trivial view's throughput.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
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


def cookie_for(username):
    """A server-side session and a CSRF cookie, as a browser holds after its first page."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import _get_new_csrf_string

    user = get_user_model().objects.get(username=username)
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    return f"sessionid={store.session_key}; csrftoken={_get_new_csrf_string()}"


def browsing_lists(folder, per_kind):
    """Write <folder>/<role>.txt for each role (cookie, then kind<TAB>path lines); {role: {kind: n}}."""
    from bench.pages import browsing_pages

    counts = {}
    for username, pages in browsing_pages(per_kind).items():
        lines = [cookie_for(username)] + [f"{kind}\t{path}" for kind, path in pages]
        (folder / f"{username}.txt").write_text("\n".join(lines) + "\n")
        counts[username] = {}
        for kind, _path in pages:
            counts[username][kind] = counts[username].get(kind, 0) + 1
    return counts


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


def run_wrk(url, seconds, clients, cookie=None):
    """wrk on one URL: {"rps", "p50", "p95", "p99", "requests", "non2xx", ...}."""
    cmd = ["wrk", f"-t{min(clients, 2)}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s"]
    cmd += ["-s", str(ROOT / "bench/wrk_report.lua")]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(cmd + [url], check=True, capture_output=True, text=True).stdout
    return json.loads([ln for ln in out.splitlines() if ln.startswith("{")][-1])


def run_browse(base, folder, roles, seconds, clients, kind=None):
    """wrk with bench/wrk_browse.lua, one connection per thread: [(role, kind, status, ms)], summary."""
    if kind:  # each role's list cut down to that kind
        sub = folder / f"only-{kind}"
        sub.mkdir(exist_ok=True)
        for role in roles:
            cookie, *lines = (folder / f"{role}.txt").read_text().splitlines()
            kept = [line for line in lines if line.split("\t", 1)[0] == kind]
            (sub / f"{role}.txt").write_text("\n".join([cookie, *kept]) + "\n")
        folder = sub
    out_file = folder / "results.txt"
    cmd = ["wrk", f"-t{clients}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s"]
    cmd += ["-s", str(ROOT / "bench/wrk_browse.lua"), base + "/", "--", str(folder), *roles]
    done = subprocess.run(
        cmd, capture_output=True, text=True, env={**os.environ, "BROWSE_OUT": str(out_file)}
    )
    if done.returncode:
        raise SystemExit(f"wrk failed: {done.stdout}{done.stderr}")
    out = done.stdout
    summary = json.loads([ln for ln in out.splitlines() if ln.startswith("{")][-1])
    rows = []
    for line in out_file.read_text().splitlines():
        role, kind_, status, micros = line.split("\t")
        rows.append((role, kind_, int(status), int(micros) / 1000))
    return rows, summary


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def check_lists(base, folder, roles, sample=4):
    """Open a few URLs of every (role, kind) once: each must answer 200 (a list the role may open)."""
    import random

    rng = random.Random(1)
    bad = []
    for role in roles:
        cookie, *lines = (folder / f"{role}.txt").read_text().splitlines()
        by_kind = {}
        for line in lines:
            kind, path = line.split("\t", 1)
            by_kind.setdefault(kind, []).append(path)
        for kind, paths in by_kind.items():
            for path in rng.sample(paths, min(sample, len(paths))):
                request = urllib.request.Request(base + path, headers={"Cookie": cookie})
                try:
                    status = urllib.request.build_opener(NoRedirect).open(request, timeout=30).status
                except urllib.error.HTTPError as error:
                    status = error.code
                if status != 200:
                    bad.append((role, kind, path, status))
    if bad:
        raise SystemExit(f"pages a role may not open in its list: {bad}")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=30, help="duration of the browsing mix")
    parser.add_argument("--kind-seconds", type=int, default=10, help="duration of each kind alone")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (= cores)")
    parser.add_argument("--per-kind", type=int, default=300, help="URLs per kind and role (at most)")
    parser.add_argument("--no-kinds", action="store_true", help="the mix only, not each kind alone")
    parser.add_argument(
        "--write-rate",
        type=float,
        default=0,
        help="during the mix, a lead of a studio in another company logs this many activities a second",
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
        # A shared cache, as in production: sessions and the overview figures go through it.
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
    }
    django_setup(env)
    folder = Path(tempfile.mkdtemp(prefix="bench-browse-"))
    counts = browsing_lists(folder, args.per_kind)
    roles = list(counts)
    writer_cookie = writer_account() if args.write_rate else None
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        check=True,
        env={**os.environ, **env},
    )
    for role, kinds in counts.items():
        print(f"{role:<22} " + ", ".join(f"{kind} {n}" for kind, n in kinds.items()))

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
    writer = None
    try:
        wait_until_up(base)
        check_lists(base, folder, roles)
        run_wrk(base + "/healthz/", 2, args.clients)  # warm-up
        trivial_before = run_wrk(base + "/healthz/", 10, args.clients)
        print(
            f"\ntrivial view: {trivial_before['rps']:.0f} req/s, p95 {trivial_before['p95']:.1f} ms",
            flush=True,
        )

        run_browse(base, folder, roles, 3, args.clients)  # warm-up
        if args.write_rate:
            writer = Writer(base, writer_cookie, args.write_rate)
            writer.start()
        rows, summary = run_browse(base, folder, roles, args.seconds, args.clients)
        if writer:
            writer.stop.set()
            writer.join()
        report_mix(args, rows, summary, writer)

        alone = {}
        if not args.no_kinds:
            kinds = sorted({kind for role_kinds in counts.values() for kind in role_kinds})
            print(
                f"\n== each kind alone ({args.clients} clients, {args.kind_seconds} s, random URLs of the kind)"
            )
            for kind in kinds:
                with_kind = [role for role in roles if kind in counts[role]]
                run_browse(base, folder, with_kind, 2, args.clients, kind)  # warm-up
                rows, summary = run_browse(base, folder, with_kind, args.kind_seconds, args.clients, kind)
                latencies = [ms for *_x, ms in rows]
                alone[kind] = summary["rps"]
                bad = sum(1 for _r, _k, status, _ms in rows if status != 200)
                print(
                    f"{kind:<16} {summary['rps']:>8.1f} req/s  p50 {percentile(latencies, 50):>7.1f} ms  "
                    f"p95 {percentile(latencies, 95):>7.1f} ms  non-200 {bad}  ({', '.join(with_kind)})",
                    flush=True,
                )
        trivial_after = run_wrk(base + "/healthz/", 10, args.clients)
    finally:
        if writer and writer.is_alive():
            writer.stop.set()
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)

    ceiling = (trivial_before["rps"] + trivial_after["rps"]) / 2
    print(
        f"\ntrivial view: {ceiling:.0f} req/s (the mean of {trivial_before['rps']:.0f} before and "
        f"{trivial_after['rps']:.0f} after)"
    )
    if alone:
        heaviest = min(alone, key=alone.get)
        ratio = alone[heaviest] / ceiling
        print(
            f"heaviest kind alone: {heaviest} at {alone[heaviest]:.1f} req/s = 1/{1 / ratio:.1f} of the "
            f"trivial view — target ≥ 1/15: {'MET' if ratio >= 1 / 15 else 'NOT MET'}"
        )


def report_mix(args, rows, summary, writer):
    seconds = summary["seconds"]
    total = len(rows)
    print(
        f"\n== browsing mix: {args.clients} clients (one person each, roles in turn), {args.seconds} s: "
        f"{summary['rps']:.1f} req/s, p50 {summary['p50']:.1f} ms, p95 {summary['p95']:.1f} ms (wrk's own)"
    )
    if writer:
        print(f"writes during the mix: {writer.written} saved, {writer.failed} failed")
    print(f"{'kind':<16} {'share':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'non-200':>8}")
    worst = (0, "")
    for kind in sorted({kind for _r, kind, _s, _m in rows}):
        mine = [row for row in rows if row[1] == kind]
        latencies = [ms for *_x, ms in mine]
        p95 = percentile(latencies, 95)
        worst = max(worst, (p95, kind))
        print(
            f"{kind:<16} {100 * len(mine) / total:5.1f}% {len(mine) / seconds:8.1f} "
            f"{percentile(latencies, 50):8.1f} {p95:8.1f} {percentile(latencies, 99):8.1f} "
            f"{sum(1 for row in mine if row[2] != 200):8d}",
            flush=True,
        )
    print(
        f"worst p95 in the mix: {worst[0]:.1f} ms ({worst[1]}) — target < 150 ms: {'MET' if worst[0] < 150 else 'NOT MET'}"
    )


if __name__ == "__main__":
    main()
