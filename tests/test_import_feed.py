"""`import_feed samhsa`: upsert by frid, idempotent, tolerant of bad rows, all-or-nothing for bad files."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from feeds.apply import apply_records
from feeds.parsers.samhsa import parse_rows
from insurance.models import PaymentOption
from programs.models import Location, Phone, Program, Provider

from .feed_server import FeedServer, Reply
from .samhsa_rows import envelope, row, service

pytestmark = pytest.mark.django_db

IOP_ROW = row(
    "f1",
    services=[
        service("SET", "Intensive outpatient treatment", "Telemedicine/telehealth"),
        service("PAY", "Medicaid", "Sliding fee scale"),
        service("TAP", "Cognitive behavioral therapy", "Couples/family therapy"),
        service("LCA", "The Joint Commission"),
        service("SG", "Veterans"),
        service("OM", "Buprenorphine used in treatment"),
        service("OL", "Spanish"),
    ],
)


def write_feed(tmp_path, document, name="feed.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return str(path)


def run_import(location):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_feed", "samhsa", location, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def slugs(manager):
    return set(manager.values_list("slug", flat=True))


def test_import_creates_a_listing_with_its_tags(tmp_path):
    out, _ = run_import(write_feed(tmp_path, envelope([IOP_ROW])))
    assert "1 created, 0 updated, 0 unchanged, 0 withdrawn, 0 restored, 0 rejected" in out
    program = Program.objects.get(source="samhsa", source_id="f1")
    assert slugs(program.care_levels) == {"iop"}
    assert slugs(program.therapies) == {"cbt", "family"}
    assert slugs(program.accreditations) == {"joint_commission"}
    assert slugs(program.populations) == {"veterans"}
    assert slugs(program.medications) == {"buprenorphine"}
    assert slugs(program.languages) == {"es"}
    assert set(PaymentOption.objects.filter(program=program).values_list("kind__slug", flat=True)) == {
        "medicaid",
        "sliding_fee",
    }
    assert program.telehealth is True
    assert program.location.zip_code == "10001"
    assert list(program.phones.values_list("kind", "number")) == [("intake", "212-555-0101")]
    assert program.last_refreshed_at is not None
    assert program.status == Program.Status.PUBLISHED


def test_reimporting_the_same_feed_writes_nothing(tmp_path):
    path = write_feed(tmp_path, envelope([IOP_ROW, row("f2")]))
    run_import(path)
    with CaptureQueriesContext(connection) as queries:
        out, _ = run_import(path)
    assert "0 created, 0 updated, 2 unchanged" in out
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []


def test_a_changed_row_updates_its_listing_and_drops_removed_tags(tmp_path):
    run_import(write_feed(tmp_path, envelope([IOP_ROW])))
    changed = dict(IOP_ROW, name2="Evening IOP", services=[service("SET", "Partial hospitalization/day treatment")])
    out, _ = run_import(write_feed(tmp_path, envelope([changed])))
    assert "0 created, 1 updated" in out
    program = Program.objects.get(source_id="f1")
    assert program.program_name == "Evening IOP"
    assert slugs(program.care_levels) == {"php"}
    assert slugs(program.therapies) == set()
    assert not PaymentOption.objects.filter(program=program).exists()
    assert Program.objects.count() == 1


def test_the_same_organisation_twice_shares_provider_and_location():
    sa = row("sa1", typeFacility="SA")
    mh = row("mh1", typeFacility="MH", services=[service("FT", "Outpatient mental health facility")])
    result = apply_records(source="samhsa", records=parse_rows([sa, mh]))
    assert result.created == 2
    assert Provider.objects.count() == 1
    assert Location.objects.count() == 1
    assert set(Program.objects.values_list("facility_type", flat=True)) == {"SA", "MH"}


def test_bad_rows_are_reported_and_good_rows_still_import(tmp_path):
    rows = [row("good1"), row("bad", zip="ABCDE"), row("good2"), "garbage"]
    out, err = run_import(write_feed(tmp_path, envelope(rows)))
    assert "2 created, 0 updated, 0 unchanged, 0 withdrawn, 0 restored, 2 rejected" in out
    assert "row 2 (id bad): zip 'ABCDE' is not a US ZIP code" in err
    assert "row 4: not a facility object" in err
    assert set(Program.objects.values_list("source_id", flat=True)) == {"good1", "good2"}


@pytest.mark.parametrize("content", ['{"rows": [', '{"not": "a feed"}', "[1, 2, 3]", ""])
def test_a_file_that_is_not_a_feed_changes_nothing(tmp_path, content):
    run_import(write_feed(tmp_path, envelope([row("keep")])))
    path = tmp_path / "broken.json"
    path.write_text(content)
    with pytest.raises(CommandError, match="Nothing was imported"):
        run_import(str(path))
    assert list(Program.objects.values_list("source_id", flat=True)) == ["keep"]


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run_import(str(tmp_path / "nope.json"))


def test_unknown_format_is_refused():
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("import_feed", "csv", "x.json")


def test_if_empty_skips_a_directory_that_has_programs(tmp_path):
    run_import(write_feed(tmp_path, envelope([row("first")])))
    out = io.StringIO()
    call_command("import_feed", "samhsa", write_feed(tmp_path, envelope([row("second")]), "b.json"), "--if-empty",
                 stdout=out)  # fmt: skip
    assert "already has programs" in out.getvalue()
    assert not Program.objects.filter(source_id="second").exists()


def test_a_crash_mid_import_leaves_the_database_as_it_was():
    apply_records(source="samhsa", records=parse_rows([row("before")]))

    def records():
        yield from parse_rows([row("new1"), row("before", name1="Renamed")])
        raise RuntimeError("worker killed")

    with pytest.raises(RuntimeError):
        apply_records(source="samhsa", records=records())
    assert list(Program.objects.values_list("source_id", "name")) == [("before", "Harbor Light Recovery Center")]
    assert Phone.objects.count() == 1


@pytest.fixture
def feed_server():
    with FeedServer() as server:
        server.serve("/listing.json", Reply(body=json.dumps(envelope([row("http1"), row("http2")])).encode()))
        yield server.base


def test_import_from_a_url(feed_server):
    out, _ = run_import(f"{feed_server}/listing.json")
    assert "2 created" in out
    assert Program.objects.count() == 2


def test_a_url_that_fails_is_a_clear_error(feed_server):
    with pytest.raises(CommandError, match="HTTP 404"):
        run_import(f"{feed_server}/missing.json")


def planner_statistics_of_locations() -> int:
    """Rows of planner statistics the database holds for the location table (0 before any ANALYZE)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'programs_location'")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone() is None:
                return 0
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'programs_location'")
        return cursor.fetchone()[0]


def test_a_large_import_refreshes_the_planners_statistics_and_a_no_change_one_does_not(tmp_path, monkeypatch):
    # Without statistics SQLite walks every listing instead of the location index on a ZIP search.
    monkeypatch.setattr("feeds.services.ANALYZE_AFTER_CHANGES", 2)
    path = write_feed(tmp_path, envelope([row("f1"), row("f2", zip="60601", state="IL")]))
    assert planner_statistics_of_locations() == 0

    run_import(path)
    assert planner_statistics_of_locations() > 0

    with CaptureQueriesContext(connection) as queries:
        run_import(path)
    assert not [q for q in queries if q["sql"].upper().startswith("ANALYZE")]
