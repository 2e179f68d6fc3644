"""Garbage-collector settings for serving processes.

A search request allocates many short-lived objects (query compilation, template rendering). With
Python's default thresholds a full collection then runs every 10-15 requests and walks every object
the process holds, pausing that request 120-180 ms on the 30,000-listing benchmark — most of the
search's p95. After start-up, `tune()` moves the objects alive then (modules, settings, templates)
out of the collector's sight (`gc.freeze()`) and lets collections run less often. Cycles are still
collected; gunicorn's --max-requests (Procfile) recycles workers, bounding what they could hold."""

import gc
import os

THRESHOLDS = (50_000, 20, 100)


def tune() -> bool:
    """Apply the serving settings unless GC_TUNING=off; whether they were applied."""
    if os.environ.get("GC_TUNING", "on").lower() == "off":
        return False
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    return True
