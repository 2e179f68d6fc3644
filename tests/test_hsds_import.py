"""`import_feed hsds`: Open Referral HSDS 3.0 datapackages and JSON, tested on the official examples."""

import csv
import io
import json
import shutil
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from feeds.models import FeedRun, Source
from feeds.parsers import hsds
from feeds.records import FeedFormatError, ProgramRecord, RejectedRow
from feeds.services import refresh_source
from programs.models import Program

from .feed_server import FeedServer, Reply

pytestmark = pytest.mark.django_db

HSDS3 = settings.BASE_DIR / "feeds" / "hsds3"
needs_examples = pytest.mark.skipif(
    not (HSDS3 / "examples" / "csv").is_dir(),
    reason="HSDS 3.0 examples not found: feeds/hsds3 is missing",
)
SERVICE_AT_LOCATION = "e94c9f38-1e8f-4564-91d4-d53501ab1765"
ADDRESS_REASONS = (
    "address state_province 'MyState' is not a US state",
    "address postal_code 'ABC 1234' is not a US ZIP code",
)
EXAMPLE_REASONS = (*ADDRESS_REASONS, "location latitude '100' is outside -90..90")  # CSV: the latitude is text
JSON_REASONS = (*ADDRESS_REASONS, "location latitude 100 is outside -90..90")


def official_example(tmp_path, *, us_address: bool = False):
    """The official example datapackage. Its datapackage.json is a symbolic link copied as text (to the
    specification's own descriptor), so a descriptor is rebuilt from the specification's tabular schema.
    With `us_address`, its made-up address and coordinates become a real US place."""
    directory = tmp_path / "example"
    shutil.copytree(HSDS3 / "examples" / "csv", directory, ignore=shutil.ignore_patterns("datapackage.json"))
    for path in directory.iterdir():
        path.chmod(0o644)
    tables = json.loads((HSDS3 / "schema" / "compiled" / "tabular.json").read_text())["properties"]
    resources = [{"name": t["items"]["name"], "path": t["items"]["path"], **t["items"]["datapackage_metadata"]}
                 for t in tables.values()]  # fmt: skip
    (directory / "datapackage.json").write_text(json.dumps({"profile": "tabular-data-package", "resources": resources}))
    if us_address:
        edit_csv(directory / "addresses.csv", state_province="NY", postal_code="10001-2345", address_type="physical")
        edit_csv(directory / "locations.csv", latitude="40.7484", longitude="-73.9967")
    return directory


def edit_csv(path, **values) -> None:
    with open(path, encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    for row in rows:
        row.update(values)
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def fetch(location) -> list:
    return hsds.fetch_rows(str(location), page_size=50, timeout=5, retries=0, delay=0)


def example_json(name: str) -> dict:
    return json.loads((HSDS3 / "examples" / name).read_text())


def us_service() -> dict:
    """The official full service document, at a US address."""
    service = example_json("service_full.json")
    location = service["service_at_locations"][0]["location"]
    location.update(latitude=40.7484, longitude=-73.9967)
    location["addresses"][0].update(state_province="New York", postal_code="10001", address_type="physical")
    return service


# --- the official example datapackage ---------------------------------------------------------
@needs_examples
def test_the_example_datapackage_joins_into_one_nested_service(tmp_path):
    [service] = fetch(official_example(tmp_path))
    assert service["name"] == "Community Counselling"
    assert service["organization"]["name"] == "Example Organization Inc."
    [at_location] = service["service_at_locations"]
    assert at_location["id"] == SERVICE_AT_LOCATION
    assert at_location["location"]["addresses"][0]["address_1"] == "1-30 Main Street"
    assert [p["type"] for p in at_location["location"]["phones"]] == ["voice"]
    assert [c["option"] for c in service["cost_options"]] == ["Under 18s and Over 60s"]


@needs_examples
def test_the_example_datapackage_is_rejected_for_its_made_up_address(tmp_path):
    [item] = hsds.parse_rows(fetch(official_example(tmp_path)))
    assert item == RejectedRow(1, SERVICE_AT_LOCATION, EXAMPLE_REASONS)


@needs_examples
def test_the_example_datapackage_at_a_us_address_maps_the_standard_fields(tmp_path):
    [record] = hsds.parse_rows(fetch(official_example(tmp_path, us_address=True)))
    assert isinstance(record, ProgramRecord)
    assert (record.source, record.source_id) == ("hsds", SERVICE_AT_LOCATION)
    assert (record.name, record.program_name) == ("Community Counselling", "MyCity Counselling Services")
    assert record.provider_name == "Example Organization Inc."
    assert record.description.startswith("Counselling Services provided by trained professionals.")
    assert record.website == "http://example.com/counselling"
    assert (record.street1, record.street2, record.city) == ("1-30 Main Street", "MyVillage", "MyCity")
    assert record.state == "NY"
    assert (record.zip_code, record.zip4, record.latitude, record.longitude) == ("10001", "2345", 40.7484, -73.9967)
    # One phone row linked to the location, the service and the service at location: the main number.
    assert (record.phone, record.phones) == ("+44 1234 234567 ext. 100", ())
    assert record.languages == {"ur"}
    assert record.cost is None  # "per 1 hour session" is neither per week nor per program
    assert (record.schedule_daytime, record.schedule_evening, record.schedule_weekend) == (True, None, None)
    assert record.care_levels == record.payment_kinds == frozenset()


@needs_examples
def test_import_feed_imports_the_example_datapackage(tmp_path):
    out = io.StringIO()
    call_command("import_feed", "hsds", str(official_example(tmp_path, us_address=True)), stdout=out)
    assert "1 rows: 1 created, 0 updated, 0 unchanged, 0 withdrawn, 0 restored, 0 rejected" in out.getvalue()
    program = Program.objects.get(source="hsds", source_id=SERVICE_AT_LOCATION)
    assert program.provider.name == "Example Organization Inc."
    assert (program.location.city, program.location.zip_code, program.location.phone) == (
        "MyCity", "10001", "+44 1234 234567 ext. 100",
    )  # fmt: skip
    assert not program.languages.exists()  # Urdu is not in the directory's language vocabulary


@needs_examples
def test_import_feed_reports_the_example_rejected_with_its_reasons(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_feed", "hsds", str(official_example(tmp_path) / "datapackage.json"), stdout=out, stderr=err)
    assert "0 created" in out.getvalue()
    assert f"row 1 (id {SERVICE_AT_LOCATION}): " + "; ".join(EXAMPLE_REASONS) in err.getvalue()


@needs_examples
def test_the_shipped_example_descriptor_is_refused_with_a_hint(tmp_path):
    with pytest.raises(FeedFormatError, match=r"datapackage\.json is not valid JSON.*symbolic link copied as text"):
        fetch(HSDS3 / "examples" / "csv")


# --- the official JSON examples ---------------------------------------------------------------
@needs_examples
@pytest.mark.parametrize(
    ("name", "services", "reasons"),
    [
        ("service_full.json", 1, JSON_REASONS),
        ("service_at_location_full.json", 1, JSON_REASONS),
        ("organization_full.json", 1, JSON_REASONS),
        ("service_list.json", 1, ("no location with a physical address (add a service_at_location whose location "
                                  "has one)",)),
    ],
)  # fmt: skip
def test_the_json_examples_parse(name, services, reasons):
    rows = hsds.read_rows((HSDS3 / "examples" / name).read_bytes())
    assert len(rows) == services
    [item] = hsds.parse_rows(rows)
    assert item.reasons == reasons


@needs_examples
def test_a_service_document_at_a_us_address_becomes_a_record():
    [record] = hsds.parse_rows(hsds.read_rows(json.dumps(us_service())))
    assert (record.state, record.zip_code, record.languages) == ("NY", "10001", {"ur"})
    # The example's term of another taxonomy is kept as a feed category, not dropped.
    assert record.services == ({"code": "taxonomy", "label": "taxonomy", "values": ["name: value"],
                                "unmapped": ["name: value"]},)  # fmt: skip


def test_an_api_page_is_fetched_page_by_page():
    first, second = us_service_page(1, 2, "a"), us_service_page(2, 2, "b")
    with FeedServer() as server:
        url = server.serve("/services", Reply(body=first), Reply(body=second))
        services = fetch(url)
        assert server.requests == ["/services?page=1&per_page=50", "/services?page=2&per_page=50"]
    assert [s["id"] for s in services] == ["a", "b"]


def us_service_page(page: int, total: int, service_id: str) -> bytes:
    service = {"id": service_id, "name": f"Service {service_id}", "status": "active"}
    return json.dumps({"total_pages": total, "page_number": page, "contents": [service]}).encode()


# --- documents that are not HSDS --------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b'{"id": "x", "name": "Trunc', "not valid JSON"),
        (b'{"name": "Cl\xe9nica"}', "not UTF-8"),
        (b'{"error": "maintenance"}', "expected an HSDS service document"),
        (b"[1, 2, 3]", "the list holds no HSDS objects"),
        (b'{"contents": {"id": "x"}}', '"contents" is not a list'),
        (b'{"resources": []}', "this is a datapackage descriptor"),
    ],
)
def test_a_document_that_is_not_hsds_json_is_refused(content, error):
    with pytest.raises(FeedFormatError, match=error):
        hsds.read_rows(content)


@pytest.mark.parametrize(
    ("descriptor", "files", "error"),
    [
        (None, {}, "no datapackage.json in"),
        ('{"name": "x"}', {}, 'has no "resources" list'),
        ('{"resources": [{"name": "organization", "path": "organizations.csv"}]}', {"organizations.csv": b"id\n"},
         "lists no service resource"),
        ('{"resources": [{"name": "service", "path": "services.csv"}]}', {}, "lists services.csv, but there is no"),
        ('{"resources": [{"name": "service", "path": "services.csv"}]}', {"services.csv": b"id,name\n1,Cl\xe9\n"},
         "services.csv is not UTF-8"),
        ('{"resources": [{"name": "service", "path": "../services.csv"}]}', {}, "outside the datapackage"),
    ],
)  # fmt: skip
def test_a_broken_datapackage_is_refused(tmp_path, descriptor, files, error):
    if descriptor is not None:
        (tmp_path / "datapackage.json").write_text(descriptor)
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    with pytest.raises(FeedFormatError, match=error):
        fetch(tmp_path)


def test_import_feed_of_a_broken_datapackage_imports_nothing(tmp_path):
    with pytest.raises(CommandError, match=r"no datapackage\.json in .* Nothing was imported"):
        call_command("import_feed", "hsds", str(tmp_path))


# --- rows that cannot be used -----------------------------------------------------------------
def service(service_id="s1", **fields) -> dict:
    """A small valid HSDS service at one US location."""
    base = {
        "id": service_id, "name": "Harbor Light IOP", "status": "active",
        "organization": {"id": "o1", "name": "Harbor Light", "description": "Harbor Light"},
        "service_at_locations": [{
            "id": f"{service_id}-at-1",
            "location": {"id": "l1", "location_type": "physical", "latitude": 40.7484, "longitude": -73.9967,
                         "addresses": [{"id": "a1", "address_1": "12 W 31st St", "city": "New York",
                                        "state_province": "NY", "postal_code": "10001", "country": "US",
                                        "address_type": "physical"}]},
        }],
    }  # fmt: skip
    base.update(fields)
    return base


def term(code: str, value: str = "", taxonomy: str = "iopfinder") -> dict:
    return {"id": f"attr-{code}", "value": value, "taxonomy_term": {"id": code, "code": code, "taxonomy": taxonomy}}


def test_iopfinder_attributes_map_to_tags_and_facts():
    attributes = [
        term("care_level:iop"),
        term("payment_kind:medicaid"),
        term("medicaid_state:NJ"),
        term("wait_days", "14"),
        term("hours_per_week", "9"),
        term("accepting_new_clients", "false"),
    ]
    [record] = hsds.parse_rows([service(attributes=attributes)])
    assert (record.care_levels, record.payment_kinds, record.medicaid_states) == ({"iop"}, {"medicaid"}, {"NJ"})
    assert (record.wait_days, record.hours_per_week, record.accepting_new_clients) == (14, Decimal("9.0"), False)
    assert record.telehealth is False


def test_bad_rows_are_rejected_with_reasons_and_good_rows_still_parse():
    at_nowhere = service("s3")
    at_nowhere["service_at_locations"][0]["location"]["addresses"][0].update(state_province="ZZ")
    rows = [
        service("s1"),
        "garbage",
        service("s2", name="", attributes=[term("wait_days", "soon"), term("telehealth", "maybe")]),
        at_nowhere,
        service("s4", cost_options=[{"id": "c1", "option": "per week", "amount": "lots"}]),
        service("s1"),
        service("s5", service_at_locations=[]),
    ]
    items = list(hsds.parse_rows(rows))
    assert [type(item).__name__ for item in items] == ["ProgramRecord"] + ["RejectedRow"] * 6
    assert [str(item) for item in items[1:]] == [
        "row 2: not a service object but str",
        "row 3 (id s2-at-1): missing name (service name); attribute wait_days: 'soon' is not a number; "
        "attribute telehealth: 'maybe' is neither true nor false",
        "row 4 (id s3-at-1): address state_province 'ZZ' is not a US state",
        "row 5 (id s4-at-1): cost_option 'per week': amount 'lots' is not a number",
        "row 6 (id s1-at-1): duplicate id, first seen in service 1",
        "row 7 (id s5): no location with a physical address (add a service_at_location whose location has one)",
    ]


def test_a_source_of_format_hsds_refreshes_from_a_datapackage_directory(tmp_path):
    from feeds.hsds_export import export_directory

    call_command("import_feed", "hsds", write_json(tmp_path, [service("s1"), service("s2")]), stdout=io.StringIO())
    export_directory(tmp_path / "package")
    Program.objects.all().delete()
    source = Source.objects.create(name="county-211", format="hsds", location=str(tmp_path / "package"))
    run = refresh_source(source_id=source.pk)
    assert (run.status, run.created, run.rejected) == (FeedRun.Status.SUCCEEDED, 2, 0)


def write_json(tmp_path, document) -> str:
    path = tmp_path / "services.json"
    path.write_text(json.dumps(document))
    return str(path)
