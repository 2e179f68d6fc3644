"""Benchmark: load test of gunicorn on 127.0.0.1 serving the search page, the API and program pages.

    .venv/bin/python bench/load.py [--database-url URL] [--connections 32] [--seconds 60] [--servers 1]

Uses a database already loaded by bench/search.py or bench/refresh.py (default: the SQLite bench
database, /tmp/iopfinder-bench.sqlite3), and with --cache-url (or CACHE_URL) a shared Redis cache, as in
production. Starts `--servers` gunicorn processes on consecutive
loopback ports (2 workers each), spreads `--connections` wrk connections across them with the mix
in bench/load.lua, and prints throughput, p50/p95/p99 and errors. Needs Debian's `wrk`."""

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def wait_until_up(url: str, deadline: float) -> None:
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@contextlib.contextmanager
def serving(database_url: str, ports: list[int], workers: int, **extra_env: str):
    """gunicorn app servers on 127.0.0.1 `ports` (`workers` each) for the duration of the block."""
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        API_ANON_RATE="1000000/minute",  # the load test measures serving, not the rate limit
        PYTHONWARNINGS="ignore::UserWarning",  # WhiteNoise's "no STATIC_ROOT": the mix requests no static files
    )
    env.update(extra_env)
    command = [sys.executable, "-m", "gunicorn", "iopfinder.wsgi", "--workers", str(workers), "--log-level", "warning"]
    servers = [
        subprocess.Popen([*command, "--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=env, start_new_session=True)
        for port in ports
    ]
    try:
        for port in ports:
            wait_until_up(f"http://127.0.0.1:{port}/", time.monotonic() + 60)
        yield
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait()


def load(ports: list[int], connections: int, seconds: int, *, tail: int = 16, sessions: int = 20) -> list[dict]:
    """wrk's mix (bench/load.lua) against every port at once, connections shared out; one result per port.
    `tail`: percent of requests from the long tail of searches; `sessions`: percent of page requests with a
    session (rendered for them, not cached)."""
    share = max(1, connections // len(ports))
    script = str(ROOT / "bench" / "load.lua")
    command = ["wrk", "-t", "1", "-c", str(share), "-d", f"{seconds}s", "-s", script]
    env = dict(os.environ, LOAD_TAIL_PERCENT=str(tail), LOAD_SESSION_PERCENT=str(sessions))
    runs = [subprocess.Popen([*command, f"http://127.0.0.1:{p}"], stdout=subprocess.PIPE, text=True, env=env)
            for p in ports]  # fmt: skip
    return [json.loads(run.communicate()[0].strip().splitlines()[-1]) for run in runs]


def report(ports: list[int], results: list[dict], connections: int, workers: int) -> None:
    requests = sum(r["requests"] for r in results)
    seconds = max(r["seconds"] for r in results)
    print(f"{connections} connections over {len(ports)} server(s) x {workers} workers, {seconds:.0f} s")
    print(f"throughput {requests / seconds:.0f} req/s, {requests} requests")
    for port, r in zip(ports, results, strict=True):
        print(f"  :{port}  p50 {r['p50_ms']:.0f} ms  p95 {r['p95_ms']:.0f} ms  p99 {r['p99_ms']:.0f} ms  "
              f"non-2xx {r['non_2xx']}  socket errors {r['socket_errors']}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="sqlite:////tmp/iopfinder-bench.sqlite3")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--port", type=int, default=8781)
    parser.add_argument("--tail", type=int, default=16, help="percent of requests from the long tail of searches")
    parser.add_argument("--sessions", type=int, default=20, help="percent of page requests with a session")
    parser.add_argument("--cache-url", default=os.environ.get("CACHE_URL", ""),
                        help="Redis for the servers' shared cache (empty: a cache per worker process)")  # fmt: skip
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/load.py needs wrk: apt-get install wrk")
    ports = [args.port + n for n in range(args.servers)]
    with serving(args.database_url, ports, args.workers, CACHE_URL=args.cache_url):
        results = load(ports, args.connections, args.seconds, tail=args.tail, sessions=args.sessions)
    print(f"mix: {args.tail}% long-tail searches, {args.sessions}% of page requests with a session")
    report(ports, results, args.connections, args.workers)


if __name__ == "__main__":
    main()
