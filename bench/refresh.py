"""Benchmark: full import and no-change refresh of generated SAMHSA feeds.

    .venv/bin/python bench/refresh.py --rows 30000 [--rows 300000] [--postgres postgres://user@host:port/db]

For each size and database (SQLite always; PostgreSQL when --postgres or BENCH_POSTGRES_URL is given)
it starts from an empty database, runs the real refresh service (feeds.services.refresh_source) on a
file source twice — the full import, then the same feed again — each in its own process, and prints
seconds, rows per second, listing rows written (the row counts the driver reports for INSERT/UPDATE/
DELETE on listing tables; SQLite under-reports multi-row INSERTs), write statements, and the process's
peak memory."""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LISTING_TABLES = ("programs_", "insurance_")


def phase(feed: Path) -> dict:
    """Run one refresh in this process and measure it (DATABASE_URL points at the bench database)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iopfinder.settings")
    django.setup()
    from django.db import connection

    from feeds.models import Source
    from feeds.services import refresh_source

    written = {"rows": 0, "statements": 0}

    def count_writes(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        verb = sql.lstrip().split(" ", 1)[0].upper()
        # The feed's confirmation date and the listings' version it bumps are not listing rows.
        listing = any(f'"{t}' in sql for t in LISTING_TABLES) and not any(
            f'"{t}"' in sql for t in ("programs_sourceconfirmation", "programs_listingsversion")
        )
        if verb in {"INSERT", "UPDATE", "DELETE"} and listing:
            written["statements"] += 1
            written["rows"] += max(context["cursor"].rowcount, 0)
        return result

    source, _ = Source.objects.get_or_create(
        name="samhsa", defaults={"format": "samhsa", "location": str(feed), "max_withdraw_share": 1.0}
    )
    start = time.perf_counter()
    with connection.execute_wrapper(count_writes):
        run = refresh_source(source_id=source.pk, trigger="bench")
    seconds = time.perf_counter() - start
    return {
        "status": run.status,
        "error": run.error,
        "rows": run.rows,
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "seconds": round(seconds, 2),
        "written": written["rows"],
        "statements": written["statements"],
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def fresh_database(kind: str, postgres_url: str | None, name: str = "iopfinder_bench") -> str:
    """An empty bench database: the SQLite file, or PostgreSQL database `name` on postgres_url's server."""
    if kind == "sqlite":
        path = Path("/tmp/iopfinder-bench.sqlite3")
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    base, _, _ = postgres_url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}"


def run_phase(feed: Path, database_url: str) -> dict:
    env = dict(os.environ, DATABASE_URL=database_url, REDIS_URL="", LOG_LEVEL="WARNING")
    out = subprocess.run(
        [sys.executable, __file__, "--phase", str(feed)], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="feed sizes (default 30000)")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL"), help="PostgreSQL server URL")
    parser.add_argument("--phase", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase)))
        return
    databases = ["sqlite"] + (["postgresql"] if args.postgres else [])
    print(
        f"{'rows':>8} {'database':<10} {'run':<10} {'seconds':>8} {'rows/s':>8} {'written':>9} {'writes':>7} "
        f"{'peak MB':>8}  status"
    )
    for size in args.rows or [30000]:
        feed = Path(f"/tmp/iopfinder-bench-feed-{size}.json")
        if not feed.exists():
            subprocess.run([sys.executable, ROOT / "bench" / "generate_feed.py", "--rows", str(size), "--out", feed],
                           check=True, capture_output=True)  # fmt: skip
        for kind in databases:
            url = fresh_database(kind, args.postgres)
            env = dict(os.environ, DATABASE_URL=url)
            subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
            for label in ("full", "no-change"):
                r = run_phase(feed, url)
                rate = r["rows"] / r["seconds"] if r["seconds"] else 0
                print(f"{size:>8} {kind:<10} {label:<10} {r['seconds']:>8.1f} {rate:>8.0f} {r['written']:>9} "
                      f"{r['statements']:>7} {r['peak_mb']:>8}  {r['status']} {r['error']}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
