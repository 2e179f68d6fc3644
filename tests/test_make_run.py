"""`make run` on an empty database: migrates, loads the bundled sample once, serves the programs."""

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "feeds" / "sample" / "samhsa_sample.json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def make_run(tmp_path, port):
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "MAKEFLAGS", "MAKELEVEL"}}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    return subprocess.Popen(
        ["make", "run", f"PORT={port}"], cwd=ROOT, env=env, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def stop(process) -> str:
    os.killpg(process.pid, signal.SIGINT)
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
    return output


def test_make_run_serves_the_sample_programs_and_loads_them_only_once(tmp_path):
    sample_rows = [row for page in json.loads(SAMPLE.read_text()) for row in page["rows"]]
    first_name = sorted(row["name1"] for row in sample_rows)[0]

    port = free_port()
    server = make_run(tmp_path, port)
    try:
        page = fetch(f"http://127.0.0.1:{port}/", deadline=time.monotonic() + 120)
        api = json.loads(fetch(f"http://127.0.0.1:{port}/api/v1/programs/?page_size=1", deadline=time.monotonic()))
        schema = fetch(f"http://127.0.0.1:{port}/api/v1/schema/", deadline=time.monotonic())
        docs = fetch(f"http://127.0.0.1:{port}/api/v1/docs/", deadline=time.monotonic())
        bundle = re.search(r'src="(/static/[^"]+swagger-ui-bundle\.js)"', docs).group(1)
        swagger_ui = fetch(f"http://127.0.0.1:{port}{bundle}", deadline=time.monotonic())
    finally:
        output = stop(server)
    assert "created, 0 updated" in output
    assert first_name.replace("&", "&amp;").replace("'", "&#x27;") in page
    assert "programs listed" in page
    assert api["count"] == len(sample_rows)
    assert api["results"][0]["name"] == first_name
    assert "openapi: 3.1.0" in schema
    assert "SwaggerUIBundle" in swagger_ui

    port = free_port()
    server = make_run(tmp_path, port)
    try:
        fetch(f"http://127.0.0.1:{port}/", deadline=time.monotonic() + 120)
    finally:
        output = stop(server)
    assert "already has programs; nothing imported" in output
