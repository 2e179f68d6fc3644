"""Reading locator documents and validating rows: bad rows are named and rejected, good rows kept."""

import pytest

from feeds.parsers.samhsa import normalise_website, parse_row, parse_rows, read_rows
from feeds.records import FeedFormatError, ProgramRecord, RejectedRow

from .samhsa_rows import dumps, envelope, row


def test_one_envelope_list_of_envelopes_and_bare_rows_read_the_same():
    rows = [row("a"), row("b")]
    assert read_rows(dumps(envelope(rows))) == rows
    assert read_rows(dumps([envelope(rows[:1], 1, 2), envelope(rows[1:], 2, 2)])) == rows
    assert read_rows(dumps(rows)) == rows


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b'{"page": 1, "rows": [', "not valid JSON"),
        (b'{"hello": "world"}', 'no "rows" list'),
        (b'"just a string"', "expected a locator envelope"),
        (b'[{"name": "no frid here"}]', "neither of locator envelopes nor of facility rows"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8 text"),
        ('{"rows": [{"frid": "a", "name1": "Ni\u00f1o"}]}'.encode("latin-1"), "not UTF-8 text"),
    ],
)
def test_a_document_that_is_not_a_feed_is_refused_with_a_reason(document, message):
    with pytest.raises(FeedFormatError, match=message):
        read_rows(document)


def test_row_maps_address_phones_and_provenance():
    record = parse_row(row(name2="Adult IOP", intake2="212-555-0102", hotline1="800-555-0199"), 1)
    assert record.source == "samhsa"
    assert record.source_id == "a1b2c3"
    assert (record.name, record.program_name) == ("Harbor Light Recovery Center", "Adult IOP")
    assert (record.zip_code, record.zip4) == ("10001", "2345")
    assert (record.latitude, record.longitude) == (40.7484, -73.9967)
    assert record.phone == "212-555-0100"
    assert record.phones == (("intake", "212-555-0101"), ("intake", "212-555-0102"), ("hotline", "800-555-0199"))
    assert record.website == "http://www.harborlight.example.org"
    assert record.facility_type == "SA"


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"frid": ""}, "missing frid"),
        ({"name1": "  "}, "missing name1"),
        ({"city": None}, "missing city"),
        ({"state": "XX"}, "state 'XX' is not a US state code"),
        ({"zip": "1234"}, "zip '1234' is not a US ZIP code"),
        ({"zip": "ABCDE"}, "zip 'ABCDE' is not a US ZIP code"),
        ({"latitude": "north"}, "latitude 'north' is not a number"),
        ({"latitude": "95.1"}, "latitude '95.1' is outside -90..90"),
        ({"longitude": "-200"}, "longitude '-200' is outside -180..180"),
        ({"services": "Intensive outpatient treatment"}, "services is neither a list nor null"),
    ],
)
def test_bad_rows_are_rejected_naming_the_problem(fields, reason):
    item = parse_row(row(**fields), 7)
    assert isinstance(item, RejectedRow)
    assert item.row == 7
    assert any(reason in text for text in item.reasons), item.reasons
    assert str(item).startswith("row 7")


def test_all_problems_of_a_row_are_reported_together():
    item = parse_row(row(state="ZZ", zip="x", latitude="abc"), 3)
    assert len(item.reasons) == 3


def test_state_is_accepted_in_any_case():
    assert parse_row(row(state=" ny "), 1).state == "NY"


def test_row_that_is_not_an_object_is_rejected():
    item = parse_row(["not", "a", "row"], 4)
    assert isinstance(item, RejectedRow)
    assert "not a facility object" in item.reasons[0]


def test_missing_coordinates_fall_back_to_the_zip_centroid():
    record = parse_row(row(latitude="", longitude=None, zip="90210"), 1)
    assert record.latitude == pytest.approx(34.09, abs=0.01)
    assert record.longitude == pytest.approx(-118.41, abs=0.01)


def test_null_services_give_a_listing_with_no_tags():
    record = parse_row(row(services=None), 1)
    assert isinstance(record, ProgramRecord)
    assert record.care_levels == frozenset()
    assert record.services == ()


def test_duplicate_frid_in_one_feed_rejects_the_later_row():
    items = list(parse_rows([row("same"), row("other"), row("same", name1="Copy")]))
    assert [type(item).__name__ for item in items] == ["ProgramRecord", "ProgramRecord", "RejectedRow"]
    assert items[2].reasons == ("duplicate frid, first seen at row 1",)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://www.example.org", "https://www.example.org"),
        ("www.example.org", "http://www.example.org"),
        ("http://", ""),
        ("", ""),
        (None, ""),
        ("not a url at all", ""),
    ],
)
def test_websites_are_normalised(value, expected):
    assert normalise_website(value) == expected


@pytest.mark.parametrize(
    "document",
    [
        envelope([row("a"), row("b"), "garbage"]),
        [envelope([row("a")], 1, 2), envelope([row("b"), "garbage"], 2, 2)],
        [row("a"), row("b"), "garbage"],
    ],
    ids=["envelope", "list-of-envelopes", "bare-rows"],
)
def test_streaming_a_file_gives_the_same_rows_as_reading_it_whole(tmp_path, document):
    from feeds.parsers.locator import stream_rows

    path = tmp_path / "feed.json"
    path.write_bytes(dumps(document))
    assert list(stream_rows(path)) == read_rows(dumps(document))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"page": 1, "rows": [{"frid": "a"}, {"fri', "not valid JSON"),
        (b'{"hello": "world"}', 'no "rows" list'),
        (b"<html>busy</html>", "not valid JSON"),
        (b'[{"name": "no frid"}]', "no 'frid' found"),
        ('{"rows": [{"frid": "a", "name1": "Ni\u00f1o"}]}'.encode("latin-1"), "not UTF-8"),
    ],
)
def test_streaming_refuses_a_document_that_is_not_a_feed(tmp_path, content, message):
    from feeds.parsers.locator import stream_rows

    path = tmp_path / "feed.json"
    path.write_bytes(content)
    with pytest.raises(FeedFormatError, match=message):
        list(stream_rows(path))
