"""GET /api/v1/programs/{id}/: one program with everything its public page shows."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from programs import guidance, selectors

from .api_helpers import varied_directory
from .factories import ProgramFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache", "api_unthrottled")]


def detail(client, pk):
    return client.get(reverse("api:program", args=[pk]))


def test_detail_has_every_result_field_and_what_the_page_adds(client):
    harbor = varied_directory()["harbor"]
    listed = client.get(reverse("api:programs"), {"q": "harbor"}).json()["results"][0]

    response = detail(client, harbor.pk)

    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in listed} == listed
    assert body["description"] == "Evening groups in Chelsea."
    assert body["intake_phone"] == "212-555-0100"
    assert body["directions_url"].startswith("https://www.openstreetmap.org/search?query=")
    assert body["source_label"] == "SAMHSA treatment locator"
    assert body["cost"]["explanation"] == "USD 700 a week × 10 weeks = USD 7,000"


def test_detail_shows_the_signs_of_quality_and_questions_the_page_shows(client):
    harbor = varied_directory()["harbor"]
    program = selectors.program_detail(pk=harbor.pk)

    body = detail(client, harbor.pk).json()

    assert body["signs_of_quality"] == [
        {"label": sign.label, "present": sign.present, "detail": sign.detail}
        for sign in guidance.signs_of_quality(program)
    ]
    assert body["questions_to_ask"] == guidance.questions_to_ask(program)
    assert {"label": "Evidence-based therapies", "present": True, "detail": "Cognitive behavioral therapy (CBT), "
            "Dialectical behavior therapy (DBT)"} in body["signs_of_quality"]  # fmt: skip


def test_detail_keeps_what_the_feed_said_beyond_the_mapping_and_its_provenance(client):
    program = ProgramFactory(
        services=[{"label": "Facility Smoking Policy", "unmapped": ["Smoking not permitted"]}],
        last_refreshed_at=datetime(2020, 1, 1, tzinfo=UTC),
    )

    body = detail(client, program.pk).json()

    assert body["more_from_listing"] == [{"label": "Facility Smoking Policy", "values": ["Smoking not permitted"]}]
    assert body["last_confirmed"] == "2020-01-01T00:00:00Z"
    assert body["stale"] is True


@pytest.mark.parametrize("pk", [123456, 2**63, 10**30])
def test_a_missing_program_answers_404_json(client, pk):
    response = detail(client, pk)

    assert response.status_code == 404
    assert response.json() == {"errors": {"__all__": [f"No published program with id {pk}."]}}


def test_an_unpublished_program_answers_404(client):
    hidden = varied_directory()["unpublished"]

    assert detail(client, hidden.pk).status_code == 404


def test_detail_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    harbor = varied_directory()["harbor"]

    # the program with its location and cost, then 11 prefetched relations
    with django_assert_num_queries(12):
        assert detail(client, harbor.pk).status_code == 200
