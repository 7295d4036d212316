"""Large Excel export bench: the worker's write of a province-wide list, timed and its memory measured.

Usage (after `manage.py seed_scale`, see bench/README.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/studios_scale .venv/bin/python bench/export.py

Writes, exactly as the worker does (ledgers.overview.exports.write), the studio search export of every
studio of the province as its reviewer (10,000 rows with their titles and warnings), once for the
time and once under tracemalloc for the peak of Python allocations. The file goes to a temporary
media folder; the Export rows are deleted afterwards.
"""

import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to the PostgreSQL database that seed_scale filled.")
    media = tempfile.mkdtemp(prefix="bench-export-")
    os.environ.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "MEDIA_ROOT": media,
            "REDIS_URL": "",
        }
    )
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from ledgers.models import Export
    from ledgers.overview import exports

    user = get_user_model().objects.get(username="scale_prov_reviewer")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    created = []
    try:
        # The rows request_export() would create, without handing them to a worker: written here.
        export = Export.objects.create(requested_by=user, kind=Export.Kind.STUDIOS, title="bench")
        created.append(export.pk)
        started = time.perf_counter()
        exports.write(export.pk)
        seconds = time.perf_counter() - started
        export.refresh_from_db()
        assert export.status == Export.Status.READY, export.error
        size = export.file.size
        again = Export.objects.create(requested_by=user, kind=Export.Kind.STUDIOS, title="bench")
        created.append(again.pk)
        tracemalloc.start()
        exports.write(again.pk)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"studio search export of the province: {export.rows} rows, {size / 1024:.0f} KiB")
        print(f"  written in {seconds:.1f} s; peak Python allocations {peak / 2**20:.1f} MiB")
        print(f"  process peak RSS {rss_before:.0f} MiB before, {rss_after:.0f} MiB after")
    finally:
        for export in Export.objects.filter(pk__in=created):
            export.file.delete(save=False)
            export.delete()


if __name__ == "__main__":
    main()
