from celery import shared_task

from .services import import_feed


@shared_task(acks_late=True)
def import_feed_task(format: str, location: str) -> dict:
    """Import one feed document in a worker; returns the counts and rejected rows."""
    return import_feed(format=format, location=location).as_dict()
