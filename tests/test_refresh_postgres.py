"""Refresh behaviour that depends on real PostgreSQL transactions and separate processes."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection, connections
from django.utils import timezone

from feeds.models import FeedRun, Source
from feeds.services import refresh_source
from programs.models import Program

from .feed_server import FeedServer, Reply
from .samhsa_rows import envelope, row

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("on_postgres")]


def feed(count: int, name: str = "Program") -> bytes:
    rows = [row(f"f{n:05d}", name1=f"{name} {n}", street1=f"{n} Main St") for n in range(count)]
    return json.dumps(envelope(rows)).encode()


def test_two_runs_started_at_once_apply_exactly_once():
    with FeedServer() as server:
        # A slow feed keeps the first run busy while the second one starts.
        url = server.serve("/listing", Reply(body=feed(20), delay=1.0))
        source = Source.objects.create(name="samhsa", format="samhsa", location=url, request_delay_seconds=0)
        runs = []

        def start():
            try:
                runs.append(refresh_source(source_id=source.pk, trigger="test"))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=start) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert sorted(run.status for run in runs) == [FeedRun.Status.SKIPPED, FeedRun.Status.SUCCEEDED]
    assert Program.objects.count() == 20
    assert len(server.requests) == 1


def _worker_env() -> dict:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return dict(os.environ, DATABASE_URL=url, PGAPPNAME="iopfinder-kill-test")


def _writing_transaction_open() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'iopfinder-kill-test' "
            "AND backend_xid IS NOT NULL"
        )
        return cursor.fetchone()[0] > 0


def test_a_worker_killed_mid_apply_leaves_the_directory_as_it_was(tmp_path):
    path = tmp_path / "listing.json"
    path.write_bytes(feed(300, name="Before"))  # updated one by one: slow enough to kill
    source = Source.objects.create(name="samhsa", format="samhsa", location=str(path))
    assert refresh_source(source_id=source.pk).status == FeedRun.Status.SUCCEEDED
    before = sorted(Program.objects.values_list("source_id", "name", "content_hash"))

    path.write_bytes(feed(600, name="After"))  # big enough that the apply takes a few seconds
    process = subprocess.Popen(
        [sys.executable, "manage.py", "refresh_sources", "--source", "samhsa", "--now"],
        cwd=ROOT, env=_worker_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not _writing_transaction_open():
        assert process.poll() is None, "the refresh finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    assert sorted(Program.objects.values_list("source_id", "name", "content_hash")) == before
    interrupted = FeedRun.objects.get(status=FeedRun.Status.RUNNING)

    # The dead run's lock blocks the source until it expires; then the next run takes over.
    assert refresh_source(source_id=source.pk).status == FeedRun.Status.SKIPPED
    Source.objects.filter(pk=source.pk).update(locked_until=timezone.now())
    run = refresh_source(source_id=source.pk)
    assert (run.status, run.created, run.updated) == (FeedRun.Status.SUCCEEDED, 300, 300)
    interrupted.refresh_from_db()
    assert interrupted.status == FeedRun.Status.FAILED
