from celery import shared_task

from .records import FeedFetchError
from .services import due_sources, import_feed, refresh_source


@shared_task(acks_late=True)
def import_feed_task(format: str, location: str) -> dict:
    """Import one feed document in a worker; returns the counts and rejected rows."""
    result = import_feed(format=format, location=location)
    return {
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "rejected": [str(rejected) for rejected in result.rejected],
    }


@shared_task(
    acks_late=True,
    autoretry_for=(FeedFetchError,),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=3,
)
def refresh_source_task(source_id: int, trigger: str = "schedule") -> dict:
    """Refresh one source (see services.refresh_source); network failures are retried with backoff."""
    run = refresh_source(source_id=source_id, trigger=trigger)
    return {"run": run.pk, "status": run.status, "summary": run.summary()}


@shared_task
def enqueue_due_refreshes() -> list[int]:
    """Beat's hourly job: queue a refresh for every enabled source that is due."""
    sources = due_sources()
    for source in sources:
        refresh_source_task.delay(source.pk, "schedule")
    return [source.pk for source in sources]
