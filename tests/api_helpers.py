"""Shared setup for the API tests: a directory with every kind of listing, the served OpenAPI schema
as a validator, and the order of the HTML search's result cards."""

import re
from datetime import UTC, datetime
from decimal import Decimal

from django.urls import reverse
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from insurance.models import Cost
from programs.models import Phone

from .factories import CostFactory, LocationFactory, ProgramFactory

PROGRAMS = reverse("api:programs")
SCHEMA = reverse("api:schema")
SEARCH = reverse("programs:search")
OPENAPI_JSON = "application/vnd.oai.openapi+json"


def varied_directory() -> dict[str, object]:
    """A dozen programs between them carrying every filterable fact, at places the tests search near."""
    la = {"city": "Los Angeles", "state": "CA", "zip_code": "90012", "latitude": 34.0537, "longitude": -118.2428}
    programs = {
        "harbor": ProgramFactory(
            name="Harbor IOP", care_levels=["iop"], therapies=["cbt", "dbt"], populations=["veterans"],
            accreditations=["carf"], languages=["es"], payments=["medicaid", "private"], medications=["naltrexone"],
            telehealth=True, schedule_evening=True, hours_per_week=Decimal("9.5"), typical_weeks=10,
            last_verified_at=datetime(2025, 3, 1, tzinfo=UTC), description="Evening groups in Chelsea.",
        ),
        "newark": ProgramFactory(
            name="Newark Recovery", location__newark=True, care_levels=["iop", "php"], therapies=["cbt"],
            payments=["medicaid", "sliding_fee"], medicaid_states=["NY"], schedule_weekend=True,
        ),
        "philly": ProgramFactory(
            name="Philadelphia Partial", location__philadelphia=True, care_levels=["php"],
            accreditations=["joint_commission"], payments=["medicare", "self_pay"], plans=["aetna"],
            populations=["veterans", "lgbtq"], medications=["buprenorphine"],
        ),
        "telehealth": ProgramFactory(
            name="Anywhere Telehealth", location=LocationFactory(**la), care_levels=["outpatient"],
            telehealth=True, licensed_states=["NY"], payments=["private"], plans=["medicaid_ny"],
        ),
        "la": ProgramFactory(name="Sunset Residential", location=LocationFactory(**la), care_levels=["residential"]),
        "no_coordinates": ProgramFactory(name="Unmapped Outpatient", location__no_coordinates=True),
        "detox": ProgramFactory(
            name="Chelsea Detox", care_levels=["detox", "inpatient"], medications=["methadone"],
            program_name="Withdrawal unit", populations=["adolescents"],
        ),
        "cheap": ProgramFactory(name="Budget Outpatient", care_levels=["outpatient"], payments=["self_pay"]),
        "weekly": ProgramFactory(name="Weekly Priced IOP", care_levels=["iop"], languages=["es", "zh"]),
        "pricey": ProgramFactory(name="Pricey Program", care_levels=["iop"], payments=["self_pay"]),
        "unpublished": ProgramFactory(name="Hidden Program", status="unpublished"),
    }  # fmt: skip
    CostFactory(program=programs["cheap"], amount=Decimal("2500"))
    CostFactory(program=programs["weekly"], amount=Decimal("400"), basis=Cost.Basis.WEEK)
    CostFactory(program=programs["pricey"], amount=Decimal("30000"), is_estimate=True)
    CostFactory(program=programs["harbor"], amount=Decimal("700"), basis=Cost.Basis.WEEK)
    Phone.objects.create(program=programs["harbor"], kind=Phone.Kind.INTAKE, number="212-555-0100")
    Phone.objects.create(program=programs["harbor"], kind=Phone.Kind.HOTLINE, number="212-555-0199")
    return programs


def html_result_ids(client, query: str) -> list[int]:
    """The ids of the programs on the search page's result cards, in order."""
    response = client.get(f"{SEARCH}?{query}")
    assert response.status_code == 200, response.status_code
    return [int(pk) for pk in re.findall(r'<h3><a href="/programs/(\d+)/">', response.text)]


def openapi_schema(client) -> dict:
    response = client.get(SCHEMA, headers={"Accept": OPENAPI_JSON})
    assert response.status_code == 200
    return response.json()


def component_validator(schema: dict, component: str) -> Draft202012Validator:
    """Validates a JSON document against one component of the OpenAPI 3.1 schema (its refs resolved)."""
    registry = Registry().with_resource("urn:openapi", Resource(contents=schema, specification=DRAFT202012))
    return Draft202012Validator(
        {"$ref": f"urn:openapi#/components/schemas/{component}"},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
