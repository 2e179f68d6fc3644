"""Scale-out on loopback: two app servers and two Celery workers sharing one PostgreSQL and one Redis.

    .venv/bin/python bench/scaleout.py --postgres postgres://postgres@127.0.0.1:55432/x \\
        --redis redis://127.0.0.1:6390 [--rows 30000] [--seconds 30] [--connections 32]

1. Creates an empty PostgreSQL database (`iopfinder_scaleout`) and a file source for a generated
   national feed (bench/generate_feed.py).
2. Starts two Celery workers (w1, w2; one task at a time each, the production settings: acks_late,
   prefetch 1) and queues the source's refresh twice at once. The two tasks land on different workers;
   the source's lock lets exactly one apply the feed, the other is recorded as skipped.
3. Starts two gunicorn app servers (2 workers each) and runs the wrk mix of bench/load.lua spread across
   both: throughput, p50/p95/p99 and errors per server.
4. Shows that no state lives in a process: with a limit of 20 API requests a minute per client, 40
   requests alternating between the two servers get 20 answers when the servers share the Redis cache
   (CACHE_URL), and more when each process keeps its own count.

Redis databases 2 and 3 of --redis are used (broker and cache) and flushed first."""

import argparse
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.refresh import fresh_database  # noqa: E402  (after the repository is on the path)


def start_workers(names: list[str]) -> list[subprocess.Popen]:
    command = [sys.executable, "-m", "celery", "-A", "iopfinder", "worker", "-c", "1", "--loglevel", "WARNING"]
    return [
        subprocess.Popen([*command, "--hostname", f"{name}@scaleout"], cwd=ROOT, start_new_session=True)
        for name in names
    ]


def wait_for_workers(app, count: int, deadline: float) -> None:
    while len(app.control.ping(timeout=1.0) or []) < count:
        if time.monotonic() > deadline:
            sys.exit(f"fewer than {count} Celery workers answered")


def rate_limit_answers(ports: list[int], requests: int) -> dict[int, int]:
    """Send `requests` API requests alternating between `ports`; count the answers by status."""
    statuses: dict[int, int] = {}
    for n in range(requests):
        url = f"http://127.0.0.1:{ports[n % len(ports)]}/api/v1/vocabularies/"
        try:
            status = urllib.request.urlopen(url, timeout=10).status
        except urllib.error.HTTPError as exc:
            status = exc.code
        statuses[status] = statuses.get(status, 0) + 1
    return statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL"), required=False)
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379"))
    parser.add_argument("--rows", type=int, default=30000)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--port", type=int, default=8791)
    args = parser.parse_args()
    if not args.postgres:
        sys.exit("bench/scaleout.py needs --postgres (or BENCH_POSTGRES_URL): workers share one PostgreSQL")
    if not shutil.which("wrk"):
        sys.exit("bench/scaleout.py needs wrk: apt-get install wrk")
    feed = Path(f"/tmp/iopfinder-bench-feed-{args.rows}.json")
    if not feed.exists():
        subprocess.run([sys.executable, ROOT / "bench" / "generate_feed.py", "--rows", str(args.rows), "--out", feed],
                       check=True, capture_output=True)  # fmt: skip

    redis = args.redis.rstrip("/")
    database_url = fresh_database("postgresql", args.postgres, "iopfinder_scaleout")
    os.environ.update(
        DATABASE_URL=database_url,
        REDIS_URL=f"{redis}/2",
        CACHE_URL=f"{redis}/3",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="iopfinder.settings",
    )
    import django

    django.setup()
    import redis as redis_client
    from django.core.management import call_command
    from django.db import connection

    from bench.load import load, report, serving
    from feeds.models import FeedRun, Source
    from feeds.tasks import refresh_source_task
    from iopfinder.celery import app
    from programs.models import Program

    for db in (2, 3):
        redis_client.Redis.from_url(f"{redis}/{db}").flushdb()
    call_command("migrate", verbosity=0)
    source = Source.objects.create(name="samhsa-national", format=Source.Format.SAMHSA, location=str(feed))

    print(f"1. refresh queued twice at once, {args.rows:,}-listing feed, two workers")
    workers = start_workers(["w1", "w2"])
    try:
        wait_for_workers(app, 2, time.monotonic() + 60)
        started = time.monotonic()
        tasks = [refresh_source_task.delay(source.pk, "manual") for _ in range(2)]
        outcomes = [task.get(timeout=1800) for task in tasks]
        elapsed = time.monotonic() - started
        for task, outcome in zip(tasks, outcomes, strict=True):
            run = FeedRun.objects.get(pk=outcome["run"])
            print(f"   task {task.id[:8]} on {task.worker:<14} run #{run.pk} {run.status:<9} "
                  f"created {run.created:>7,}  unchanged {run.unchanged:>7,}")  # fmt: skip
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait()
    statuses = sorted(FeedRun.objects.values_list("status", flat=True))
    on_different_workers = len({task.worker for task in tasks}) == 2
    print(f"   runs: {statuses}; on different workers: {on_different_workers}; "
          f"listings: {Program.objects.count():,}; {elapsed:.0f} s")  # fmt: skip
    if statuses != [FeedRun.Status.SKIPPED, FeedRun.Status.SUCCEEDED] or not on_different_workers:
        sys.exit("expected exactly one applied run and one skipped, on two workers")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    ports = [args.port, args.port + 1]
    print(f"\n2. load: wrk mix spread across two app servers sharing one Redis cache, {args.seconds} s")
    redis_client.Redis.from_url(f"{redis}/3").flushdb()
    with serving(database_url, ports, 2, CACHE_URL=f"{redis}/3"):
        results = load(ports, args.connections, args.seconds)
    report(ports, results, args.connections, 2)

    print("\n3. API rate limit of 20/minute per client, 40 requests alternating between the two servers")
    for label, cache_url in (("shared Redis cache (CACHE_URL)", f"{redis}/3"), ("a cache per process", "")):
        redis_client.Redis.from_url(f"{redis}/3").flushdb()
        with serving(database_url, ports, 2, API_ANON_RATE="20/minute", CACHE_URL=cache_url, LOG_LEVEL="ERROR"):
            answers = rate_limit_answers(ports, 40)
        print(f"   {label:<32} {answers}")


if __name__ == "__main__":
    main()
