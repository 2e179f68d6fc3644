"""The OpenAPI schema at /api/v1/schema/ and the interactive docs at /api/v1/docs/."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from drf_spectacular.validation import validate_schema

from programs.filters import ProgramFilter

from .api_helpers import component_validator, openapi_schema, varied_directory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache", "api_unthrottled")]


def search_parameters(schema: dict) -> dict[str, dict]:
    operation = schema["paths"]["/api/v1/programs/"]["get"]
    return {parameter["name"]: parameter for parameter in operation["parameters"]}


def test_the_schema_is_valid_openapi_3_1(client):
    schema = openapi_schema(client)

    assert schema["openapi"] == "3.1.0"
    validate_schema(schema)


def test_every_endpoint_is_documented(client):
    paths = set(openapi_schema(client)["paths"])

    assert paths == {
        "/api/v1/programs/", "/api/v1/programs/{id}/", "/api/v1/vocabularies/", "/api/hsds/services",
        "/api/hsds/services/{service_id}", "/api/hsds/organizations",
    }  # fmt: skip


def test_every_search_parameter_is_documented_with_its_allowed_values(client):
    documented = search_parameters(openapi_schema(client))

    assert set(documented) == set(ProgramFilter.parameter_names())
    for name, search_filter in ProgramFilter.base_filters.items():
        parameter = documented[name]
        assert parameter["in"] == "query"
        assert parameter["description"]
        choices = search_filter.extra.get("choices")
        if choices is None:
            continue
        allowed = [str(value) for value, _ in (choices() if callable(choices) else choices)]
        schema = parameter["schema"]
        enum = schema["items"]["enum"] if schema["type"] == "array" else schema["enum"]
        assert enum == allowed, name
        assert all(f"`{value}`" in parameter["description"] for value in allowed), name


def test_multi_value_parameters_are_arrays_repeated_in_the_query(client):
    documented = search_parameters(openapi_schema(client))

    arrays = {name for name, parameter in documented.items() if parameter["schema"]["type"] == "array"}
    assert arrays == {"care_level", "payment", "accreditation", "therapy", "population", "medication", "schedule"}
    assert all(documented[name]["style"] == "form" and documented[name]["explode"] for name in arrays)
    assert "all of" in documented["therapy"]["description"]
    assert "any of" in documented["care_level"]["description"]


def test_ranges_and_formats_are_documented(client):
    documented = search_parameters(openapi_schema(client))

    assert documented["radius"]["schema"] == {"type": "number", "minimum": 1, "maximum": 500}
    assert documented["max_cost"]["schema"] == {"type": "number", "minimum": 0, "maximum": 1_000_000}
    assert documented["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert documented["page"]["schema"] == {"type": "integer", "minimum": 1}
    assert documented["near"]["schema"] == {"type": "string", "pattern": r"^\d{5}$"}
    assert documented["q"]["schema"] == {"type": "string", "maxLength": 200}


def test_responses_match_their_documented_shapes(client):
    harbor = varied_directory()["harbor"]
    schema = openapi_schema(client)

    component_validator(schema, "ProgramPage").validate(client.get(reverse("api:programs"), {"near": "10001"}).json())
    component_validator(schema, "ProgramDetail").validate(client.get(reverse("api:program", args=[harbor.pk])).json())
    component_validator(schema, "Error").validate(client.get(reverse("api:programs"), {"sort": "x"}).json())


def test_the_docs_page_loads_only_local_assets(client):
    response = client.get(reverse("api:docs"))

    assert response.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
    assert "http://" not in response.text and "https://" not in response.text
    assert reverse("api:schema") in response.text
