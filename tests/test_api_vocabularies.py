"""GET /api/v1/vocabularies/: every value each search parameter allows, with its label."""

import pytest
from django.urls import reverse

from programs.filters import ProgramFilter

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache", "api_unthrottled")]


def vocabularies(client) -> dict:
    response = client.get(reverse("api:vocabularies"))
    assert response.status_code == 200
    return response.json()


def test_care_levels_use_the_slugs_of_the_feed_mapping_with_english_and_spanish_labels(client):
    assert vocabularies(client)["care_level"] == [
        {"slug": "outpatient", "label": "Outpatient", "label_es": "Ambulatorio"},
        {"slug": "iop", "label": "Intensive outpatient (IOP)", "label_es": "Ambulatorio intensivo (IOP)"},
        {"slug": "php", "label": "Partial hospitalization (PHP)", "label_es": "Hospitalización parcial (PHP)"},
        {"slug": "residential", "label": "Residential", "label_es": "Residencial"},
        {"slug": "inpatient", "label": "Inpatient (hospital)", "label_es": "Hospitalización"},
        {"slug": "detox", "label": "Detox / withdrawal management", "label_es": "Desintoxicación"},
    ]


def test_every_parameter_with_fixed_values_is_listed(client):
    found = vocabularies(client)

    choice_parameters = {name for name, f in ProgramFilter.base_filters.items() if "choices" in f.extra}
    assert set(found) == choice_parameters
    slugs = {name: [term["slug"] for term in terms] for name, terms in found.items()}
    assert slugs["payment"] == [
        "medicaid", "medicare", "private", "military", "va", "self_pay", "sliding_fee", "payment_assistance",
    ]  # fmt: skip
    assert {"cbt", "dbt", "mi", "twelve_step", "contingency_management", "family", "group", "individual", "trauma",
            "emdr"} == set(slugs["therapy"])  # fmt: skip
    assert {"joint_commission", "carf", "ncqa", "coa", "hfap"} == set(slugs["accreditation"])
    assert {"buprenorphine", "naltrexone", "methadone"} == set(slugs["medication"])
    assert "medicaid_ny" in slugs["insurance"]
    assert "NY" in slugs["state"]
    assert slugs["schedule"] == ["evening", "weekend"]


def test_every_listed_value_is_accepted_by_the_search(client):
    for name, terms in vocabularies(client).items():
        for term in terms:
            query = {name: term["slug"]}
            if name == "sort" and term["slug"] == "distance":
                query["near"] = "10001"
            response = client.get(reverse("api:programs"), query)
            assert response.status_code == 200, (query, response.json())


def test_fixed_choices_have_spanish_labels_too(client):
    found = vocabularies(client)

    assert {"slug": "evening", "label": "Evenings", "label_es": "Por la tarde o noche"} in found["schedule"]
    assert {"slug": "sliding_fee", "label": "Sliding fee scale", "label_es": "Tarifa según ingresos"} in found[
        "payment"
    ]


def test_labels_stay_in_english_whatever_language_the_client_asks_for(client):
    response = client.get(reverse("api:vocabularies"), HTTP_ACCEPT_LANGUAGE="es")

    assert response["Content-Language"] == "en"
    assert response.json()["care_level"][0] == {"slug": "outpatient", "label": "Outpatient", "label_es": "Ambulatorio"}
