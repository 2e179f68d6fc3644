"""With REDIS_URL set, imports run in a real Celery worker through a real Redis broker."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from feeds.tasks import import_feed_task
from programs.models import Program

from .samhsa_rows import envelope, row

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def celery_worker_process(on_postgres):
    if not settings.REDIS_URL:
        pytest.skip("needs Redis: set REDIS_URL=redis://...")
    db = connection.settings_dict
    env = dict(
        os.environ,
        # The worker writes into the test database this test reads.
        DATABASE_URL=f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "iopfinder", "worker", "--pool=solo", "--loglevel=WARNING",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    yield worker
    os.killpg(worker.pid, signal.SIGTERM)
    worker.wait(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_an_import_queued_on_redis_is_applied_by_the_worker(celery_worker_process, tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(envelope([row("w1"), row("w2"), row("bad", state="XX")])))

    summary = import_feed_task.delay("samhsa", str(feed)).get(timeout=60)

    assert summary["created"] == 2
    assert summary["rejected"] == ["row 3 (id bad): state 'XX' is not a US state code"]
    assert set(Program.objects.values_list("source_id", flat=True)) == {"w1", "w2"}


@pytest.mark.django_db(transaction=True)
def test_a_refresh_queued_on_redis_is_applied_by_the_worker(celery_worker_process, tmp_path):
    from feeds.models import FeedRun, Source
    from feeds.tasks import refresh_source_task

    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(envelope([row("r1"), row("r2")])))
    source = Source.objects.create(name="samhsa", format="samhsa", location=str(feed))

    outcome = refresh_source_task.delay(source.pk, "test").get(timeout=60)

    assert outcome["status"] == "succeeded"
    assert FeedRun.objects.get(pk=outcome["run"]).created == 2
    assert set(Program.objects.values_list("source_id", flat=True)) == {"r1", "r2"}
