"""Benchmark: the published search queries through the real view and API, beside the floor and the
naive peer, on SQLite and PostgreSQL.

    .venv/bin/python bench/search.py --rows 30000 [--postgres postgres://user@host:port/db] [--iterations 30]
        [--no-sqlite] [--reuse]

For each database it loads a generated national feed with the real refresh service, then times each
query of QUERIES: the search page (Django test client: filters, facets, page, template), the JSON API
when present, and — for the same ids — (a) `floor`: one hand-written SQL statement for the page's
ids plus one COUNT, (b) `naive`: a straightforward django-filter FilterSet with joins + distinct()
(bench/naive.py) doing the same count and page, and (c) `ours`: ProgramFilter doing the same.
The page and the API are timed cold (no cache: the first search since the listings changed), live
(filter counts from their cache, page rendered: what a visitor with a session or a case manager gets
for a repeated search) and cached (the anonymous page cache, PAGE_CACHE_SECONDS: a repeated search by
anyone without a session). It prints p50/p95 in milliseconds and the
ratios ours/floor and naive/ours."""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The published query set: (name, query string). Multi-filter queries are marked with *.
QUERIES = [
    ("zip+radius+iop", "near=10001&radius=25&care_level=iop"),
    ("*+medicaid state", "near=60601&radius=50&care_level=iop&medicaid_state=IL"),
    ("*+therapies", "near=77002&radius=50&care_level=iop&therapy=cbt&therapy=dbt"),
    ("*+budget", "near=90012&radius=50&care_level=iop&max_cost=6000&payment=sliding_fee"),
    ("text search", "q=recovery"),
    ("deep page", "care_level=outpatient&page=60"),
    ("*state+payments", "state=CA&payment=medicaid&payment=private&care_level=iop"),
    ("no filters", ""),
]
PAGE_SIZE = 20
PHASES = ("cold", "live", "cached")


def floor_sql(qs: str, vendor: str) -> tuple[str, str, list]:
    """Hand-written SQL for the page's ids and the count of one query (the floor)."""
    params = {k: v for k, v in parse_qs(qs).items()}
    where, args = ["p.status = 'published'"], []

    def tag_exists(table, column, vocab, slugs):
        marks = ", ".join(["%s"] * len(slugs))
        args.extend(slugs)
        return (f"EXISTS (SELECT 1 FROM {table} t JOIN {vocab} v ON v.id = t.{column} "
                f"WHERE t.program_id = p.id AND v.slug IN ({marks}))")  # fmt: skip

    if "care_level" in params:
        where.append(tag_exists("programs_program_care_levels", "carelevel_id", "programs_carelevel",
                                params["care_level"]))  # fmt: skip
    for slug in params.get("therapy", []):
        where.append(tag_exists("programs_program_therapies", "therapy_id", "programs_therapy", [slug]))
    if "payment" in params:
        where.append(tag_exists("insurance_paymentoption", "kind_id", "insurance_paymentkind", params["payment"]))
    if "state" in params:
        where.append("l.state = %s")
        args.append(params["state"][0])
    if "medicaid_state" in params:
        state = params["medicaid_state"][0]
        args.append(state)
        own = tag_exists("insurance_paymentoption", "kind_id", "insurance_paymentkind", ["medicaid"])
        where.append(f"((l.state = %s AND {own}) OR EXISTS (SELECT 1 FROM insurance_medicaidstate m "
                     "WHERE m.program_id = p.id AND m.state = %s))")  # fmt: skip
        args.append(state)
    if "q" in params:
        like = "ILIKE" if vendor == "postgresql" else "LIKE"
        where.append(f"(p.name {like} %s OR pr.name {like} %s OR l.city {like} %s)")
        args.extend([f"%{params['q'][0]}%"] * 3)
    order = "p.name, p.id"
    distance = "NULL"
    if "near" in params:
        from programs.geo import bounding_box, zip_place

        place = zip_place(params["near"][0])
        miles = float(params.get("radius", ["25"])[0])
        lat, lng = place.latitude, place.longitude
        distance = (f"2 * 3958.7613 * asin(sqrt(power(sin((radians(l.latitude) - radians({lat})) / 2), 2) + "
                    f"cos(radians({lat})) * cos(radians(l.latitude)) * "
                    f"power(sin((radians(l.longitude) - radians({lng})) / 2), 2)))")  # fmt: skip
        box = bounding_box(lat, lng, miles)
        where.append(f"l.latitude BETWEEN {box[0]} AND {box[1]} AND l.longitude BETWEEN {box[2]} AND {box[3]}")
        where.append(f"{distance} <= {miles}")
        order = "d, p.name, p.id"
    page = int(params.get("page", ["1"])[0])
    base = ("FROM programs_program p JOIN programs_location l ON l.id = p.location_id "
            "JOIN programs_provider pr ON pr.id = l.provider_id WHERE " + " AND ".join(where))  # fmt: skip
    ids = f"SELECT p.id, {distance} AS d {base} ORDER BY {order} LIMIT {PAGE_SIZE} OFFSET {(page - 1) * PAGE_SIZE}"
    return ids, f"SELECT COUNT(*) {base}", args


def timed(fn, iterations: int) -> tuple[float, float]:
    samples = []
    for _ in range(iterations):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]


def measure(iterations: int) -> list[dict]:
    """Run in a process whose DATABASE_URL points at the loaded bench database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iopfinder.settings")
    django.setup()
    from django.conf import settings
    from django.test import Client

    from iopfinder import gctuning

    gctuning.tune()  # as iopfinder/wsgi.py does for the servers
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    api = client.get("/api/v1/programs/").status_code == 200
    return [measure_query(name, qs, client=client, api=api, iterations=iterations) for name, qs in QUERIES]


def measure_query(name: str, qs: str, *, client, api: bool, iterations: int) -> dict:
    from django.db import connection
    from django.http import QueryDict

    from bench.naive import naive_search
    from programs.filters import ProgramFilter
    from programs.geo import zip_place
    from programs.selectors import program_list

    params = QueryDict(qs)
    offset = (int(params.get("page", 1)) - 1) * PAGE_SIZE
    ids_sql, count_sql, args = floor_sql(qs, connection.vendor)

    def ours():
        f = ProgramFilter(params, queryset=program_list())
        assert f.is_valid(), f.errors
        return f.qs.count(), list(f.qs.values_list("pk", flat=True)[offset : offset + PAGE_SIZE])

    def naive():
        multi = ("care_level", "therapy", "payment")
        data = {k: params.getlist(k) if k in multi else params[k] for k in params
                if k in (*multi, "state", "medicaid_state", "q")}  # fmt: skip
        near = zip_place(params["near"]) if "near" in params else None
        queryset = naive_search(
            data, near=(near.latitude, near.longitude) if near else None,
            miles=float(params.get("radius", 25)), max_cost=params.get("max_cost"),
        )  # fmt: skip
        return queryset.count(), list(queryset.values_list("pk", flat=True)[offset : offset + PAGE_SIZE])

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(count_sql, args)
            count = cursor.fetchone()[0]
            cursor.execute(ids_sql, args)
            return count, [row[0] for row in cursor.fetchall()]

    assert client.get("/api/v1/programs/?" + qs).status_code == 200, "the API must answer (no rate limit here)"
    expected = ours()
    row = {"query": name, "count": expected[0], "agree": {"floor": floor() == expected, "naive": naive() == expected}}
    from django.conf import settings

    # Cold: every request does all the work (FACET_CACHE_SECONDS=0, PAGE_CACHE_SECONDS=0), as a search nobody
    # ran since the listings last changed. Live: filter counts from their cache, the page rendered, as a
    # visitor with a session (compare list, coverage) or a signed-in case manager gets a repeated search.
    # Cached: the configured page cache, as a repeated search by anyone without a session.
    facets, pages = settings.FACET_CACHE_SECONDS, settings.PAGE_CACHE_SECONDS
    settings.FACET_CACHE_SECONDS = settings.PAGE_CACHE_SECONDS = 0
    for phase, facet_seconds, page_seconds in (("cold", 0, 0), ("live", facets, 0), ("cached", facets, pages)):
        settings.FACET_CACHE_SECONDS, settings.PAGE_CACHE_SECONDS = facet_seconds, page_seconds
        if phase != "cold":  # the phase's first request fills its caches: that one is the cold one, timed above
            client.get("/search/?" + qs), client.get("/api/v1/programs/?" + qs)
        row[f"page_{phase}"] = timed(lambda: client.get("/search/?" + qs), iterations)
        if api:
            row[f"api_{phase}"] = timed(lambda: client.get("/api/v1/programs/?" + qs), iterations)
    row["ours"] = timed(ours, iterations)
    row["floor"] = timed(floor, iterations)
    row["naive"] = timed(naive, max(3, iterations // 5))
    return row


def kept_database(kind: str, postgres_url: str | None, rows: int) -> str:
    """A database per size that later --reuse runs measure again without reloading."""
    if kind == "sqlite":
        return f"sqlite:////tmp/iopfinder-bench-{rows}.sqlite3"
    import psycopg

    base, _, _ = postgres_url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [f"iopfinder_bench_{rows}"]).fetchone():
            conn.execute(f"CREATE DATABASE iopfinder_bench_{rows}")
    return f"{base}/iopfinder_bench_{rows}"


def listings(env: dict) -> int:
    code = "from programs.models import Program; print(Program.objects.count())"
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True)  # fmt: skip
    return int(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=30000)
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL"))
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only (e.g. at 300,000 listings)")
    parser.add_argument("--reuse", action="store_true", help="measure the per-size database of an earlier --reuse run")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.iterations)))
        return
    from bench.refresh import fresh_database, run_phase

    feed = Path(f"/tmp/iopfinder-bench-feed-{args.rows}.json")
    if not feed.exists():
        subprocess.run([sys.executable, ROOT / "bench" / "generate_feed.py", "--rows", str(args.rows), "--out", feed],
                       check=True, capture_output=True)  # fmt: skip
    for kind in ([] if args.no_sqlite else ["sqlite"]) + (["postgresql"] if args.postgres else []):
        url = kept_database(kind, args.postgres, args.rows) if args.reuse else fresh_database(kind, args.postgres)
        # The API is timed without its rate limit; each process keeps its own cache.
        env = dict(os.environ, DATABASE_URL=url, REDIS_URL="", CACHE_URL="", API_ANON_RATE="off", LOG_LEVEL="WARNING")
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        if not (args.reuse and listings(env) >= args.rows * 0.9):
            run_phase(feed, url)
        if kind == "postgresql":
            subprocess.run([sys.executable, "manage.py", "dbshell", "--", "-c", "VACUUM ANALYZE"], env=env, cwd=ROOT,
                           check=True, capture_output=True)  # fmt: skip
        out = subprocess.run([sys.executable, __file__, "--measure", "--iterations", str(args.iterations)], env=env,
                             cwd=ROOT, check=True, capture_output=True, text=True)  # fmt: skip
        print(f"\n{args.rows} listings on {kind} — milliseconds p50/p95")
        print(f"{'query':<18} {'results':>7} " + " ".join(f"{f'{kind} {phase}':>13}" for phase in PHASES
              for kind in ("page", "api")) + f" {'ours':>13} {'floor':>13} {'naive':>13} {'ours/floor':>10} "
              f"{'naive/ours':>10}  same ids")  # fmt: skip
        for r in json.loads(out.stdout.strip().splitlines()[-1]):
            fmt = lambda pair: f"{pair[0]:6.1f}/{pair[1]:6.1f}" if pair else f"{'—':>13}"  # noqa: E731
            ratio_floor = r["ours"][0] / r["floor"][0] if r["floor"][0] else 0
            ratio_naive = r["naive"][0] / r["ours"][0] if r["ours"][0] else 0
            agree = ", ".join(k for k, v in r["agree"].items() if v) or "none"
            print(f"{r['query']:<18} {r['count']:>7} "
                  + " ".join(fmt(r.get(f"{kind}_{phase}")) for phase in PHASES for kind in ("page", "api"))
                  + f" {fmt(r['ours'])} "
                  f"{fmt(r['floor'])} {fmt(r['naive'])} {ratio_floor:>10.1f} {ratio_naive:>10.1f}  {agree}",
                  flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
