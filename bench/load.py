"""Benchmark: load test of gunicorn on 127.0.0.1 serving the search page, the API and program pages.

    .venv/bin/python bench/load.py [--database-url URL] [--connections 32] [--seconds 60] [--servers 1]

Uses a database already loaded by bench/search.py or bench/refresh.py (default: the SQLite bench
database, /tmp/iopfinder-bench.sqlite3). Starts `--servers` gunicorn processes on consecutive
loopback ports (2 workers each), spreads `--connections` wrk connections across them with the mix
in bench/load.lua, and prints throughput, p50/p95/p99 and errors. Needs Debian's `wrk`."""

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="sqlite:////tmp/iopfinder-bench.sqlite3")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--port", type=int, default=8781)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/load.py needs wrk: apt-get install wrk")
    env = dict(
        os.environ,
        DATABASE_URL=args.database_url,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        API_ANON_RATE="1000000/minute",  # the load test measures serving, not the rate limit
    )
    ports = [args.port + n for n in range(args.servers)]
    servers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "iopfinder.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        for port in ports
    ]
    try:
        for port in ports:
            wait_until_up(f"http://127.0.0.1:{port}/", time.monotonic() + 60)
        share = max(1, args.connections // len(ports))
        runs = [
            subprocess.Popen(
                [
                    "wrk",
                    "-t",
                    "1",
                    "-c",
                    str(share),
                    "-d",
                    f"{args.seconds}s",
                    "-s",
                    str(ROOT / "bench" / "load.lua"),
                    f"http://127.0.0.1:{port}",
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            for port in ports
        ]
        results = [json.loads(run.communicate()[0].strip().splitlines()[-1]) for run in runs]
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
    requests = sum(r["requests"] for r in results)
    seconds = max(r["seconds"] for r in results)
    print(f"{args.connections} connections over {len(ports)} server(s) x {args.workers} workers, {seconds:.0f} s")
    print(f"throughput {requests / seconds:.0f} req/s, {requests} requests")
    for port, r in zip(ports, results, strict=True):
        print(f"  :{port}  p50 {r['p50_ms']:.0f} ms  p95 {r['p95_ms']:.0f} ms  p99 {r['p99_ms']:.0f} ms  "
              f"non-2xx {r['non_2xx']}  socket errors {r['socket_errors']}")  # fmt: skip


if __name__ == "__main__":
    main()
