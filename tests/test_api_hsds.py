"""The Open Referral HSDS 3.0 read API: /api/hsds/services, /api/hsds/services/{id}, /api/hsds/organizations.

Responses are validated against the official compiled HSDS 3.0 schemas in feeds/hsds3/, and are
the HSDS export's own rows (same ids, same terms), nested."""

import csv
import json
from functools import cache

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from jsonschema import Draft202012Validator

from feeds.hsds_export import export_directory
from feeds.hsds_mapping import hsds_id
from feeds.hsds_validate import hsds_schema_dir

from .api_helpers import varied_directory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache", "api_unthrottled")]

SERVICES = reverse("api:hsds-services")
ORGANIZATIONS = reverse("api:hsds-organizations")
ENVELOPE = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


@cache
def validator(name: str) -> Draft202012Validator:
    schema_dir = hsds_schema_dir()
    assert schema_dir, "the HSDS 3.0 schemas must be in feeds/hsds3/schema"
    schema = json.loads((schema_dir / "compiled" / name).read_text())
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def get(client, url: str, **params) -> dict:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def service_url(program) -> str:
    return reverse("api:hsds-service", args=[hsds_id("service", program.source, program.source_id)])


def test_service_list_items_are_valid_hsds(client):
    varied_directory()

    page = get(client, SERVICES, per_page=100)

    assert set(page) == ENVELOPE
    assert page["total_items"] == 10
    for item in page["contents"]:
        validator("service_list.json").validate(item)
        assert "service_at_locations" not in item


def test_full_services_and_one_service_are_valid_fully_nested_hsds(client):
    varied_directory()

    page = get(client, SERVICES, per_page=100, full="true")

    for item in page["contents"]:
        validator("service.json").validate(item)
        assert get(client, reverse("api:hsds-service", args=[item["id"]])) == item


def test_services_are_the_hsds_exports_services(client, tmp_path):
    varied_directory()
    export_directory(tmp_path)
    with open(tmp_path / "services.csv", encoding="utf-8", newline="") as file:
        exported = {row["id"]: row["name"] for row in csv.DictReader(file)}

    page = get(client, SERVICES, per_page=100)

    assert {item["id"]: item["name"] for item in page["contents"]} == exported


def test_a_service_maps_the_program(client):
    harbor = varied_directory()["harbor"]

    service = get(client, service_url(harbor))

    assert service["name"] == "Harbor IOP"
    assert service["status"] == "active"
    assert service["description"] == "Evening groups in Chelsea."
    assert service["organization"]["name"] == harbor.location.provider.name
    [at_location] = service["service_at_locations"]
    address = at_location["location"]["addresses"][0]
    assert (address["address_1"], address["city"], address["state_province"], address["postal_code"]) == (
        harbor.location.street1, "New York", "NY", "10001",
    )  # fmt: skip
    assert (at_location["location"]["latitude"], at_location["location"]["longitude"]) == (40.7484, -73.9967)
    assert {(phone["number"], phone["description"]) for phone in service["phones"]} == {
        ("212-555-0100", "Intake"), ("212-555-0199", "Hotline"),
    }  # fmt: skip
    assert [language["code"] for language in service["languages"]] == ["es"]
    [cost] = service["cost_options"]
    assert (cost["option"], cost["currency"], cost["amount"]) == ("per week", "USD", 700.0)


def test_attributes_carry_our_slugs_as_taxonomy_terms(client):
    harbor = varied_directory()["harbor"]

    service = get(client, service_url(harbor))

    terms = {attribute["taxonomy_term"]["code"]: attribute.get("value") for attribute in service["attributes"]}
    assert {"care_level:iop", "therapy:cbt", "therapy:dbt", "population:veterans", "accreditation:carf",
            "medication:naltrexone", "payment_kind:medicaid", "payment_kind:private"} <= set(terms)  # fmt: skip
    assert (terms["telehealth"], terms["schedule_evening"], terms["typical_weeks"]) == ("true", "true", "10")
    iop = next(a for a in service["attributes"] if a["taxonomy_term"]["code"] == "care_level:iop")
    assert iop["taxonomy_term"]["name"] == "Intensive outpatient (IOP)"
    assert iop["link_id"] == service["id"]


@pytest.mark.parametrize("service_id", ["nope", "3f7b145d-84af-42d7-8fae-eaca714b02b2", "3f7b145d"])
def test_an_unknown_service_answers_404_json(client, service_id):
    varied_directory()

    response = client.get(reverse("api:hsds-service", args=[service_id]))

    assert response.status_code == 404
    assert response.json() == {"errors": {"__all__": [f"No service with id {service_id!r}."]}}


def test_an_unpublished_program_is_no_service(client):
    hidden = varied_directory()["unpublished"]

    assert client.get(service_url(hidden)).status_code == 404


def test_organizations_are_the_providers_with_published_programs(client, tmp_path):
    programs = varied_directory()
    export_directory(tmp_path)
    with open(tmp_path / "organizations.csv", encoding="utf-8", newline="") as file:
        exported = {row["id"]: row for row in csv.DictReader(file)}

    page = get(client, ORGANIZATIONS, per_page=100)

    assert page["total_items"] == 10
    names = [item["name"] for item in page["contents"]]
    assert programs["unpublished"].location.provider.name not in names
    assert names == sorted(names)
    for item in page["contents"]:
        validator("organization_list.json").validate(item)
        assert {key: value for key, value in exported[item["id"]].items() if value} == item


def test_pages_follow_the_hsds_envelope(client):
    varied_directory()

    first = get(client, SERVICES, per_page=4)
    last = get(client, SERVICES, per_page=4, page=3)
    past = get(client, SERVICES, per_page=4, page=10**20)

    assert {k: first[k] for k in ENVELOPE - {"contents"}} == {
        "total_items": 10, "total_pages": 3, "page_number": 1, "size": 4, "first_page": True, "last_page": False,
        "empty": False,
    }  # fmt: skip
    assert (last["size"], last["last_page"], last["first_page"]) == (2, True, False)
    assert (past["size"], past["empty"], past["contents"]) == (0, True, [])


@pytest.mark.parametrize("query", ["per_page=0", "per_page=101", "page=-1", "full=maybe", "search=iop"])
def test_a_bad_or_unsupported_parameter_answers_400(client, query):
    response = client.get(f"{SERVICES}?{query}")

    assert response.status_code == 400
    assert response.json()["errors"]


def test_a_page_of_services_costs_the_same_queries_for_four_programs_or_all(client):
    varied_directory()
    get(client, SERVICES)  # fills the term label cache

    counts = []
    for size in (4, 100):  # the first four carry every kind of relation
        with CaptureQueriesContext(connection) as queries:
            get(client, SERVICES, per_page=size, full="true")
        counts.append(len(queries))

    assert counts[0] == counts[1] <= 20
