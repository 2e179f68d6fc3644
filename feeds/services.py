"""Feed jobs: a one-off import, and the guarded refresh of a source. The management commands, the
Celery tasks and the admin's "run now" all call these."""

import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from programs.models import SourceConfirmation

from .apply import ApplyResult, RefreshAborted, apply_records, check_guards, current_hashes
from .fetch import is_url, read_source
from .models import FeedRun, Source
from .parsers import PARSERS
from .records import FeedFetchError, FeedFormatError, ProgramRecord, RejectedRow

logger = logging.getLogger(__name__)
# After this many listings changed, the query planner's statistics are refreshed (ANALYZE). Without them
# SQLite walks every listing instead of the location index: a ZIP search at 30,000 listings took 2.2 s of
# SQL instead of 0.3 s; PostgreSQL's autovacuum would catch up only later.
ANALYZE_AFTER_CHANGES = 500


def refresh_statistics(result: ApplyResult) -> bool:
    """ANALYZE the database when `result` changed many listings; whether it did."""
    if result.created + result.updated + result.withdrawn + result.restored < ANALYZE_AFTER_CHANGES:
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True


def import_feed(
    *, format: str, location: str, progress: Callable[[Iterator, int], Iterable] | None = None
) -> ApplyResult:
    """Fetch, parse and upsert one feed document (nothing is withdrawn). A document that is not a
    feed raises FeedFormatError, and a failed fetch FeedFetchError, before anything is written."""
    parser = PARSERS[format]
    if is_url(location):
        rows = parser.read_rows(read_source(location))
    else:
        # A file location may be several files (an HSDS datapackage directory): the parser reads it.
        rows = parser.fetch_rows(location, page_size=0, timeout=settings.FEED_HTTP_TIMEOUT, retries=0, delay=0)
    records = parser.parse_rows(rows)
    result = apply_records(source=parser.SOURCE, records=progress(records, len(rows)) if progress else records)
    refresh_statistics(result)
    return result


def refresh_source(*, source_id: int, trigger: str = "schedule") -> FeedRun:
    """Refresh one source: fetch, parse, validate, apply in one transaction, withdraw what the feed
    dropped, and record a FeedRun. Only one run per source at a time; a guard that trips, a bad
    document or a crash leaves the directory as it was. FeedFetchError is re-raised (after the run
    is recorded) so a Celery task can retry it."""
    source = Source.objects.get(pk=source_id)
    token = claim_source(source)
    if token is None:
        return FeedRun.objects.create(
            source=source, trigger=trigger, status=FeedRun.Status.SKIPPED, finished_at=timezone.now(),
            error="another run of this source is in progress",
        )  # fmt: skip
    run = FeedRun.objects.create(source=source, trigger=trigger)
    _close_interrupted_runs(source, keep=run)
    try:
        result = _refresh(source, run_id=run.pk)
    except RefreshAborted as exc:
        _finish(run, FeedRun.Status.ABORTED, error=str(exc))
    except (FeedFetchError, FeedFormatError) as exc:
        _finish(run, FeedRun.Status.FAILED, error=str(exc))
        if isinstance(exc, FeedFetchError):
            raise
    except Exception as exc:
        _finish(run, FeedRun.Status.FAILED, error=f"{type(exc).__name__}: {exc}")
        raise
    else:
        now = timezone.now()
        SourceConfirmation.objects.update_or_create(source=source.name, defaults={"confirmed_at": now})
        Source.objects.filter(pk=source.pk).update(last_success_at=now)
        _finish(run, FeedRun.Status.SUCCEEDED, result=result)
        refresh_statistics(result)
    finally:
        release_source(source, token)
    logger.info("refresh of %s: %s", source.name, run.summary())
    return run


def _refresh(source: Source, *, run_id: int) -> ApplyResult:
    parser = PARSERS[source.format]
    options = {
        "page_size": source.page_size,
        "timeout": source.timeout_seconds,
        "retries": source.retries,
        "delay": source.request_delay_seconds,
    }
    if hasattr(parser, "spooled_rows"):
        with parser.spooled_rows(source.location, **options) as rows:
            return _two_passes(parser, source, rows, run_id=run_id)
    items = list(parser.parse_rows(parser.fetch_rows(source.location, **options), source=source.name))
    records = {item.source_id for item in items if isinstance(item, ProgramRecord)}
    rejected = [item for item in items if isinstance(item, RejectedRow)]
    _check_guards(source, records, rejected)
    return apply_records(source=source.name, records=items, withdraw_missing=True, run_id=run_id)


def _two_passes(parser, source: Source, rows, *, run_id: int) -> ApplyResult:
    """Streamed refresh in bounded memory. First pass: parse every row, keeping only ids, hashes and
    rejections, and check the guards. Second pass: parse again only the rows that are new or changed,
    and apply them; unchanged rows are never parsed twice."""
    record_ids, changed, rejected = _first_pass(parser, source, rows)
    _check_guards(source, record_ids, rejected)
    # The counts are the first pass's: the second reads only the changed rows.
    rows_read, unchanged = len(record_ids) + len(rejected), len(record_ids) - len(changed)
    # Rejected rows' listings stay as they are: their ids count as seen, so they are not withdrawn.
    seen = record_ids
    seen.update(item.source_id for item in rejected)
    result = apply_records(
        source=source.name,
        records=parser.parse_rows(rows(), source=source.name, only=changed),
        withdraw_missing=True,
        seen=seen,
        run_id=run_id,
    )
    result.rows = rows_read
    result.unchanged += unchanged
    result.rejected = rejected
    return result


def _first_pass(parser, source: Source, rows) -> tuple[set[str], set[str], list[RejectedRow]]:
    """Every row's id, the ids whose content differs from the directory's, and the rejected rows. The
    {id: hash} map of the directory lives only here, so it is freed before the apply builds its own."""
    known = current_hashes(source=source.name)
    record_ids, changed, rejected = set(), set(), []
    for item in parser.parse_rows(rows(), source=source.name):
        if isinstance(item, RejectedRow):
            rejected.append(item)
            continue
        record_ids.add(item.source_id)
        if known.get(item.source_id) != item.content_hash():
            changed.add(item.source_id)
    return record_ids, changed, rejected


def _check_guards(source: Source, record_ids: set[str], rejected: list[RejectedRow]) -> None:
    check_guards(
        source=source.name,
        record_ids=record_ids,
        rejected=rejected,
        max_withdraw_share=source.max_withdraw_share,
        max_reject_share=source.max_reject_share,
    )


def claim_source(source: Source) -> str | None:
    """Take the source's lock with a conditional UPDATE; None when another live run holds it.

    The lock expires after lock_timeout_seconds, so a worker killed mid-run cannot block the source."""
    token = uuid.uuid4().hex
    now = timezone.now()
    claimed = (
        Source.objects.filter(pk=source.pk)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .update(locked_until=now + timedelta(seconds=source.lock_timeout_seconds), locked_by=token)
    )
    return token if claimed == 1 else None


def release_source(source: Source, token: str) -> None:
    Source.objects.filter(pk=source.pk, locked_by=token).update(locked_until=None, locked_by="")


def _close_interrupted_runs(source: Source, *, keep: FeedRun) -> None:
    """Runs still 'running' while we hold the lock died with their worker (their transaction rolled back)."""
    FeedRun.objects.filter(source=source, status=FeedRun.Status.RUNNING).exclude(pk=keep.pk).update(
        status=FeedRun.Status.FAILED, finished_at=timezone.now(), error="interrupted: the worker stopped mid-run"
    )


def _finish(run: FeedRun, status: str, *, result: ApplyResult | None = None, error: str = "") -> None:
    run.status = status
    run.finished_at = timezone.now()
    run.error = error
    if result is not None:
        run.rows = result.rows
        run.created, run.updated, run.unchanged = result.created, result.updated, result.unchanged
        run.withdrawn, run.restored = result.withdrawn, result.restored
        run.rejected = len(result.rejected)
        run.rejected_rows = [rejected.as_dict() for rejected in result.rejected]
        run.changes = result.changes
        run.held_back = result.held_back
    run.save()


def due_sources() -> list[Source]:
    now = timezone.now()
    return [source for source in Source.objects.filter(enabled=True) if source.is_due(now)]
