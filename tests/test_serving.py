"""The WSGI entry point gunicorn and runserver load: collector settings that keep long pauses out of requests."""

import os
import subprocess
import sys

from django.conf import settings

PROBE = "import gc, iopfinder.wsgi; print(gc.get_threshold(), gc.get_freeze_count() > 0)"


def probe(**env) -> str:
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, capture_output=True, text=True,
                            env={**os.environ, "LOG_LEVEL": "ERROR", **env}, check=True, timeout=60)  # fmt: skip
    return result.stdout.strip()


def test_serving_processes_freeze_start_up_objects_and_collect_less_often():
    assert probe() == "(50000, 20, 100) True"


def test_gc_tuning_can_be_turned_off():
    assert probe(GC_TUNING="off") == "(700, 10, 10) False"
