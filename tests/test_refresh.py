"""Refresh runs never lose or corrupt good data: the fault matrix, withdrawal, locks, curated fields."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from feeds.models import FeedRun, Source
from feeds.records import FeedFetchError
from feeds.services import claim_source, refresh_source
from programs.curation import lock_fields, unlock_fields
from programs.models import Program
from programs.selectors import program_list

from .feed_server import FeedServer, Reply
from .samhsa_rows import envelope, row, service

pytestmark = pytest.mark.django_db

LISTING_TABLES = ("programs_", "insurance_")


def rows(count: int, **overrides) -> list[dict]:
    return [row(f"f{n:03d}", name1=f"Program {n:03d}", street1=f"{n} Main St", **overrides) for n in range(count)]


def page(items, page_no=1, total=1) -> bytes:
    return json.dumps(envelope(items, page_no, total)).encode()


def directory_state() -> list[tuple]:
    """Everything a person could see of the listings, to compare before and after a failed run."""
    programs = Program.objects.select_related("location").prefetch_related("care_levels", "payment_options__kind")
    return [
        (
            p.source_id, p.name, p.status, p.content_hash, p.location.street1,
            tuple(sorted(c.slug for c in p.care_levels.all())),
            tuple(sorted(o.kind.slug for o in p.payment_options.all())),
        )
        for p in programs.order_by("source_id")
    ]  # fmt: skip


@pytest.fixture(autouse=True)
def fast_retries(settings):
    settings.FEED_RETRY_BACKOFF = 0.01


@pytest.fixture
def server():
    with FeedServer() as feed_server:
        yield feed_server


@pytest.fixture
def source(server):
    return Source.objects.create(
        name="samhsa", format="samhsa", location=server.base + "/listing", page_size=100,
        request_delay_seconds=0, timeout_seconds=2, retries=2,
    )  # fmt: skip


@pytest.fixture
def loaded(server, source):
    """A directory refreshed once from a 10-listing feed."""
    server.serve("/listing", Reply(body=page(rows(10))))
    run = refresh_source(source_id=source.pk)
    assert run.status == FeedRun.Status.SUCCEEDED, run.error
    assert run.created == 10
    return directory_state()


def test_second_refresh_with_the_same_feed_writes_no_listing_rows(loaded, source):
    with CaptureQueriesContext(connection) as queries:
        run = refresh_source(source_id=source.pk)
    writes = [
        q["sql"] for q in queries
        if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"} and any(t in q["sql"] for t in LISTING_TABLES)
        # the feed's confirmation date, and the listings' version it bumps (program pages show the date)
        and "programs_sourceconfirmation" not in q["sql"] and "programs_listingsversion" not in q["sql"]
    ]  # fmt: skip
    assert (run.status, run.created, run.updated, run.unchanged) == ("succeeded", 0, 0, 10)
    assert writes == []


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b'{"page": 1, "totalPages": 1, "rows": [{"frid": "f000", "name1": "Pro', "not valid JSON"),
        (b'{"error": "maintenance"}', 'no "rows" list'),
        (b"<html>Service Unavailable</html>", "not valid JSON"),
        (b'{"rows": [{"frid": "f000", "name1": "Cl\xe9nica"}]}', "not UTF-8"),
    ],
    ids=["truncated-json", "not-a-feed", "html-page", "encoding-garbage"],
)
def test_a_broken_document_fails_the_run_and_changes_nothing(loaded, server, source, body, error):
    server.serve("/listing", Reply(body=body))
    run = refresh_source(source_id=source.pk)
    assert run.status == FeedRun.Status.FAILED
    assert error in run.error
    assert directory_state() == loaded


def test_an_empty_feed_is_refused(loaded, server, source):
    server.serve("/listing", Reply(body=page([])))
    run = refresh_source(source_id=source.pk)
    assert run.status == FeedRun.Status.ABORTED
    assert "no usable rows" in run.error
    assert directory_state() == loaded


def test_a_feed_that_shrinks_by_60_percent_is_refused(loaded, server, source):
    server.serve("/listing", Reply(body=page(rows(4))))
    run = refresh_source(source_id=source.pk)
    assert run.status == FeedRun.Status.ABORTED
    assert "would withdraw 6 of 10 listings (60%), more than the 20% allowed" in run.error
    assert directory_state() == loaded


def test_a_feed_that_fails_validation_wholesale_is_refused(loaded, server, source):
    server.serve("/listing", Reply(body=page(rows(10, state="XX"))))
    run = refresh_source(source_id=source.pk)
    assert run.status == FeedRun.Status.ABORTED
    assert "10 of 10 rows failed validation" in run.error
    assert directory_state() == loaded


def test_http_500_is_retried_and_the_run_succeeds(loaded, server, source):
    changed = rows(10)
    changed[0]["name1"] = "Renamed Program"
    server.serve("/listing", Reply(status=500), Reply(status=503), Reply(body=page(changed)))
    run = refresh_source(source_id=source.pk)
    assert run.status == FeedRun.Status.SUCCEEDED
    assert run.updated == 1
    assert Program.objects.get(source_id="f000").name == "Renamed Program"


def test_a_feed_that_keeps_failing_fails_the_run_and_changes_nothing(loaded, server, source):
    server.serve("/listing", Reply(status=500))
    with pytest.raises(FeedFetchError, match="HTTP 500"):
        refresh_source(source_id=source.pk)
    run = FeedRun.objects.first()
    assert run.status == FeedRun.Status.FAILED
    assert "after 3 attempts" in run.error
    assert directory_state() == loaded


def test_a_timeout_fails_the_run_and_changes_nothing(loaded, server, source):
    Source.objects.filter(pk=source.pk).update(timeout_seconds=0.2, retries=1)
    server.serve("/listing", Reply(body=page(rows(10)), delay=1.0))
    with pytest.raises(FeedFetchError, match="timed out"):
        refresh_source(source_id=source.pk)
    assert FeedRun.objects.first().status == FeedRun.Status.FAILED
    assert directory_state() == loaded


def test_duplicate_frids_reject_only_the_duplicate(loaded, server, source):
    feed = [*rows(10), row("f003", name1="Impostor", street1="1 Other St")]
    server.serve("/listing", Reply(body=page(feed)))
    run = refresh_source(source_id=source.pk)
    assert (run.status, run.rejected, run.unchanged) == ("succeeded", 1, 10)
    assert run.rejected_rows == [{"row": 11, "source_id": "f003", "reasons": ["duplicate frid, first seen at row 4"]}]
    assert Program.objects.get(source_id="f003").name == "Program 003"


def test_bad_coordinates_zip_or_state_reject_only_those_rows(loaded, server, source):
    feed = rows(10)
    feed[1]["latitude"] = "north"
    feed[2]["zip"] = "ABCDE"
    feed[3]["state"] = "ZZ"
    feed[4]["name1"] = "Program 004 (renamed)"
    server.serve("/listing", Reply(body=page(feed)))
    run = refresh_source(source_id=source.pk)
    assert (run.status, run.rejected, run.updated) == ("succeeded", 3, 1)
    assert {r["source_id"] for r in run.rejected_rows} == {"f001", "f002", "f003"}
    # A rejected row keeps the listing as it was (it is neither updated nor withdrawn).
    assert Program.objects.get(source_id="f001").status == Program.Status.PUBLISHED
    assert Program.objects.get(source_id="f004").name == "Program 004 (renamed)"


def test_missing_listings_are_withdrawn_hidden_kept_and_restored(loaded, server, source):
    server.serve("/listing", Reply(body=page(rows(10)[:9])))
    run = refresh_source(source_id=source.pk)
    assert run.withdrawn == 1
    gone = Program.objects.get(source_id="f009")
    assert gone.status == Program.Status.WITHDRAWN
    assert not program_list().filter(pk=gone.pk).exists()

    server.serve("/listing", Reply(body=page(rows(10))))
    run = refresh_source(source_id=source.pk)
    assert (run.restored, run.created) == (1, 0)
    assert program_list().filter(pk=gone.pk).exists()


def test_a_run_records_the_diff_of_what_it_changed(loaded, server, source):
    feed = rows(10)
    feed[2]["services"] = [service("SET", "Partial hospitalization/day treatment")]
    server.serve("/listing", Reply(body=page(feed)))
    run = refresh_source(source_id=source.pk)
    [change] = run.changes
    assert change["source_id"] == "f002"
    assert change["fields"]["care_levels"] == [["iop"], ["php"]]


def test_curated_fields_win_and_the_feed_value_is_kept_for_review(loaded, server, source):
    program = Program.objects.get(source_id="f005")
    Program.objects.filter(pk=program.pk).update(name="Curated Name")
    lock_fields(program, ["name"])
    feed = rows(10)
    feed[5]["name1"] = "Feed Rename"
    feed[5]["phone"] = "212-555-0199"
    server.serve("/listing", Reply(body=page(feed)))

    run = refresh_source(source_id=source.pk)

    program.refresh_from_db()
    assert program.name == "Curated Name"
    assert program.location.phone == "212-555-0199"  # unlocked facts still follow the feed
    assert run.held_back == [{"source_id": "f005", "program_id": program.pk, "field": "name",
                              "directory": "Curated Name", "feed": "Feed Rename"}]  # fmt: skip

    unlock_fields(program, ["name"])
    refresh_source(source_id=source.pk)
    program.refresh_from_db()
    assert program.name == "Feed Rename"


def test_a_source_held_by_another_run_is_skipped(loaded, source):
    assert claim_source(source) is not None
    run = refresh_source(source_id=source.pk)
    assert run.status == FeedRun.Status.SKIPPED
    assert directory_state() == loaded


def test_an_expired_lock_of_a_crashed_worker_is_taken_over(loaded, source):
    from django.utils import timezone

    crashed = FeedRun.objects.create(source=source)
    Source.objects.filter(pk=source.pk).update(locked_until=timezone.now(), locked_by="dead-worker")
    run = refresh_source(source_id=source.pk)
    assert run.status == FeedRun.Status.SUCCEEDED
    crashed.refresh_from_db()
    assert crashed.status == FeedRun.Status.FAILED
    assert "interrupted" in crashed.error


def test_paging_fetches_every_page_politely(server, source):
    all_rows = rows(5)
    server.serve("/listing", Reply(body=page(all_rows[:2], 1, 3)), Reply(body=page(all_rows[2:4], 2, 3)),
                 Reply(body=page(all_rows[4:], 3, 3)))  # fmt: skip
    Source.objects.filter(pk=source.pk).update(page_size=2)
    run = refresh_source(source_id=source.pk)
    assert (run.status, run.created) == ("succeeded", 5)
    assert server.requests == ["/listing?page=1&pageSize=2", "/listing?page=2&pageSize=2", "/listing?page=3&pageSize=2"]


def test_a_file_source_works_offline(tmp_path):
    path = tmp_path / "listing.json"
    path.write_bytes(page(rows(3)))
    source = Source.objects.create(name="samhsa", format="samhsa", location=str(path))
    assert refresh_source(source_id=source.pk).created == 3


def test_refresh_sources_command_runs_now_and_prints_the_run(loaded, server, source, capsys):
    call_command("refresh_sources", "--source", "samhsa", "--now")
    assert "samhsa: Succeeded: 10 rows, 0 created, 0 updated, 10 unchanged" in capsys.readouterr().out


def test_refresh_sources_command_names_the_known_sources(loaded):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match=r"No source named 'nope'\. Sources: samhsa"):
        call_command("refresh_sources", "--source", "nope")


def test_a_confirmed_listing_is_not_stale_even_when_nothing_changed(loaded, source, settings):
    import time_machine
    from django.utils import timezone

    later = timezone.now() + timezone.timedelta(days=settings.STALE_AFTER_DAYS + 5)
    with time_machine.travel(later):
        assert Program.objects.stale().count() == 10
        refresh_source(source_id=source.pk)  # nothing changed, nothing written, but confirmed
        assert Program.objects.stale().count() == 0
