"""GET /api/v1/programs/: the search page's parameters, results, order, pages and errors, as JSON."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.serializers import ProgramSerializer
from programs import selectors
from programs.filters import ProgramFilter
from programs.models import Program

from .api_helpers import PROGRAMS, SEARCH, html_result_ids, varied_directory
from .factories import ProgramFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache", "api_unthrottled")]

EVERYONE = [
    "Anywhere Telehealth", "Budget Outpatient", "Chelsea Detox", "Harbor IOP", "Newark Recovery",
    "Philadelphia Partial", "Pricey Program", "Sunset Residential", "Unmapped Outpatient", "Weekly Priced IOP",
]  # fmt: skip
NEAR_CHELSEA = ["Budget Outpatient", "Chelsea Detox", "Harbor IOP", "Pricey Program", "Weekly Priced IOP"]
# One query per parameter (and the combinations that change its meaning), with the programs it returns.
CONTRACT = [
    ("", EVERYONE),
    ("care_level=iop", ["Harbor IOP", "Newark Recovery", "Pricey Program", "Weekly Priced IOP"]),
    ("care_level=iop&care_level=php",
     ["Harbor IOP", "Newark Recovery", "Philadelphia Partial", "Pricey Program", "Weekly Priced IOP"]),
    ("near=10001", [*NEAR_CHELSEA, "Newark Recovery"]),
    ("near=10001&radius=100", [*NEAR_CHELSEA, "Newark Recovery", "Philadelphia Partial"]),
    ("radius=100", EVERYONE),
    ("state=CA", ["Anywhere Telehealth", "Sunset Residential"]),
    ("telehealth=true", ["Anywhere Telehealth", "Harbor IOP"]),
    ("telehealth=true&near=10001", ["Harbor IOP", "Anywhere Telehealth"]),
    ("telehealth=false&state=CA", ["Sunset Residential"]),
    ("payment=medicaid", ["Harbor IOP", "Newark Recovery"]),
    ("payment=medicaid&payment=self_pay",
     ["Budget Outpatient", "Harbor IOP", "Newark Recovery", "Philadelphia Partial", "Pricey Program"]),
    ("medicaid_state=NY", ["Anywhere Telehealth", "Harbor IOP", "Newark Recovery"]),
    ("insurance=aetna", ["Philadelphia Partial"]),
    ("insurance=medicare", ["Philadelphia Partial"]),
    ("max_cost=5000", ["Budget Outpatient", "Newark Recovery", "Weekly Priced IOP"]),
    ("max_cost=5000&include_unlisted_cost=true",
     ["Anywhere Telehealth", "Budget Outpatient", "Chelsea Detox", "Newark Recovery", "Philadelphia Partial",
      "Sunset Residential", "Unmapped Outpatient", "Weekly Priced IOP"]),
    ("include_unlisted_cost=true", EVERYONE),
    ("max_cost=5000&payment=medicaid", ["Harbor IOP", "Newark Recovery"]),
    ("accreditation=carf&accreditation=joint_commission", ["Harbor IOP", "Philadelphia Partial"]),
    ("therapy=cbt", ["Harbor IOP", "Newark Recovery"]),
    ("therapy=cbt&therapy=dbt", ["Harbor IOP"]),
    ("population=veterans", ["Harbor IOP", "Philadelphia Partial"]),
    ("population=veterans&population=lgbtq", ["Philadelphia Partial"]),
    ("medication=methadone&medication=buprenorphine", ["Chelsea Detox", "Philadelphia Partial"]),
    ("language=es", ["Harbor IOP", "Weekly Priced IOP"]),
    ("schedule=evening&schedule=weekend", ["Harbor IOP", "Newark Recovery"]),
    ("q=chelsea", ["Chelsea Detox"]),
    ("q=new+york", sorted([*NEAR_CHELSEA, "Unmapped Outpatient"])),
    ("sort=cost",
     ["Budget Outpatient", "Weekly Priced IOP", "Harbor IOP", "Pricey Program", "Anywhere Telehealth", "Chelsea Detox",
      "Newark Recovery", "Philadelphia Partial", "Sunset Residential", "Unmapped Outpatient"]),
    ("sort=verified", ["Harbor IOP", *[name for name in EVERYONE if name != "Harbor IOP"]]),
    ("sort=name&near=10001", ["Budget Outpatient", "Chelsea Detox", "Harbor IOP", "Newark Recovery", "Pricey Program",
                              "Weekly Priced IOP"]),
    ("sort=distance&near=10001", [*NEAR_CHELSEA, "Newark Recovery"]),
    ("page_size=3", EVERYONE[:3]),
    ("page=2&page_size=3", EVERYONE[3:6]),
    ("page=99&page_size=3", EVERYONE[9:]),
    ("utm_source=newsletter&care_level=detox", ["Chelsea Detox"]),
]  # fmt: skip


def get(client, query: str = "", **headers):
    return client.get(f"{PROGRAMS}?{query}", headers=headers)


def names(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [result["name"] for result in response.json()["results"]]


def test_the_contract_covers_every_search_parameter():
    used = {pair.split("=")[0] for query, _ in CONTRACT for pair in query.split("&") if pair}
    assert set(ProgramFilter.parameter_names()) <= used


@pytest.mark.parametrize(("query", "expected"), CONTRACT, ids=[query or "(none)" for query, _ in CONTRACT])
def test_each_parameter_gives_the_same_programs_in_the_same_order_as_the_search_page(client, query, expected):
    programs = varied_directory()
    by_id = {program.pk: program.name for program in programs.values()}

    response = get(client, query)

    assert names(response) == expected
    assert [by_id[pk] for pk in html_result_ids(client, query)] == expected
    if "page" not in query:
        assert response.json()["count"] == len(expected)


def test_count_is_every_match_while_results_hold_one_page(client):
    varied_directory()

    body = get(client, "page_size=4").json()

    assert body["count"] == len(EVERYONE)
    assert len(body["results"]) == 4


def test_a_result_carries_every_documented_field(client):
    harbor = varied_directory()["harbor"]

    result = get(client, "q=harbor").json()["results"][0]

    assert set(result) == {
        "id", "source", "source_id", "name", "program_name", "url", "provider", "care_levels", "address", "latitude",
        "longitude", "distance_miles", "phones", "website", "telehealth", "languages", "payment", "medicaid_states",
        "insurance_plans", "accreditations", "therapies", "populations", "medications", "schedule", "hours_per_week",
        "sessions_per_week", "typical_weeks", "availability", "cost", "budget_reason", "last_refreshed",
        "last_verified",
    }  # fmt: skip
    assert result["id"] == harbor.pk
    assert result["source_id"] == harbor.source_id
    assert result["url"] == f"http://testserver/programs/{harbor.pk}/"
    assert result["provider"] == {"id": harbor.location.provider.pk, "name": harbor.location.provider.name,
                                  "website": None}  # fmt: skip
    assert result["address"] == {"street": harbor.location.street1, "city": "New York", "state": "NY", "zip": "10001"}
    assert (result["latitude"], result["longitude"]) == (40.7484, -73.9967)
    assert result["distance_miles"] is None
    assert result["phones"] == [{"kind": "hotline", "number": "212-555-0199"}, {"kind": "intake",
                                                                                "number": "212-555-0100"}]  # fmt: skip
    assert result["telehealth"] is True
    assert result["care_levels"] == ["iop"]
    assert result["languages"] == ["es"]
    assert result["payment"] == ["medicaid", "private"]
    assert result["medicaid_states"] == ["NY"]
    assert result["therapies"] == ["cbt", "dbt"]
    assert result["populations"] == ["veterans"]
    assert result["accreditations"] == ["carf"]
    assert result["medications"] == ["naltrexone"]
    assert result["schedule"] == {"daytime": None, "evening": True, "weekend": None}
    assert result["hours_per_week"] == 9.5
    assert result["typical_weeks"] == 10
    assert result["last_verified"] == "2025-03-01T00:00:00Z"


def test_cost_says_whether_it_is_listed_or_estimated_and_what_the_whole_program_costs(client):
    varied_directory()

    costs = {result["name"]: result["cost"] for result in get(client).json()["results"]}

    assert costs["Harbor IOP"] | {"explanation": ""} == {
        "known": True, "estimated": False, "amount": 700.0, "basis": "week", "currency": "USD",
        "full_program": 7000.0, "explanation": "",
    }  # fmt: skip
    assert costs["Weekly Priced IOP"]["estimated"] is True  # 400 a week × a typical 12 weeks
    assert costs["Weekly Priced IOP"]["full_program"] == 4800.0
    assert costs["Pricey Program"]["estimated"] is True
    assert costs["Chelsea Detox"] | {"explanation": ""} == {
        "known": False, "estimated": False, "amount": None, "basis": None, "currency": None, "full_program": None,
        "explanation": "",
    }  # fmt: skip


def test_distance_is_given_with_near(client):
    varied_directory()

    results = get(client, "near=10001").json()["results"]

    distances = {result["name"]: result["distance_miles"] for result in results}
    assert distances["Harbor IOP"] < 1
    assert 8 < distances["Newark Recovery"] < 10


def test_budget_reason_says_why_each_program_fits_the_budget(client):
    varied_directory()

    results = get(client, "max_cost=5000&include_unlisted_cost=true").json()["results"]

    reasons = {result["name"]: result["budget_reason"] for result in results}
    assert reasons["Budget Outpatient"] == "fits"
    assert reasons["Newark Recovery"] == "sliding_fee"
    assert reasons["Chelsea Detox"] == "unlisted"
    assert {result["budget_reason"] for result in get(client).json()["results"]} == {None}


def test_medicaid_states_are_exactly_the_medicaid_state_values_that_find_the_program(client):
    programs = varied_directory()

    results = get(client, "page_size=100").json()["results"]

    for result in results:
        for state in ("NY", "NJ", "PA", "CA"):
            found = [r["id"] for r in get(client, f"medicaid_state={state}").json()["results"]]
            assert (state in result["medicaid_states"]) == (result["id"] in found), (result["name"], state)
    assert programs["telehealth"].pk in [r["id"] for r in results if r["medicaid_states"] == ["NY"]]


def test_unpublished_programs_are_never_listed(client):
    varied_directory()

    assert "Hidden Program" not in names(get(client, "page_size=100"))


# --- pages ---------------------------------------------------------------------------------------


def test_next_and_previous_are_absolute_urls_keeping_the_search(client):
    varied_directory()

    first = get(client, "care_level=iop&page_size=2").json()
    second = client.get(first["next"]).json()

    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/programs/?care_level=iop&page=2&page_size=2"
    assert second["previous"] == "http://testserver/api/v1/programs/?care_level=iop&page_size=2"
    assert second["next"] is None
    assert [r["name"] for r in first["results"] + second["results"]] == names(get(client, "care_level=iop"))


def test_page_size_defaults_to_twenty(client):
    for number in range(25):
        ProgramFactory(name=f"Program {number:02d}")

    body = get(client).json()

    assert len(body["results"]) == 20
    assert body["next"].endswith("page=2")


# --- facets --------------------------------------------------------------------------------------


def test_facets_count_each_option_for_the_current_search(client):
    varied_directory()

    facets = get(client, "care_level=iop&state=NY").json()["facets"]

    care_levels = {option["value"]: option for option in facets["care_level"]}
    # Any-of groups leave their own selection out: "outpatient" tells what adding it would give.
    assert care_levels["iop"] == {"value": "iop", "label": "Intensive outpatient (IOP)", "count": 3, "selected": True}
    assert care_levels["outpatient"]["count"] == 1
    assert care_levels["outpatient"]["selected"] is False
    assert set(facets) == {"care_level", "accreditation", "therapy", "population", "medication", "language",
                           "payment", "schedule", "telehealth"}  # fmt: skip
    payments = {option["value"]: option["count"] for option in facets["payment"]}
    assert payments["medicaid"] == 1
    assert payments["self_pay"] == 1


# --- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("care_level=weekly", "care_level", "'weekly' is not a valid care_level. Allowed values: outpatient, iop, php"),
        ("state=XX", "state", "Allowed values:"),
        ("near=1234", "near", "a 5-digit US ZIP code"),
        ("near=00000", "near", "is not a US ZIP code we know"),
        ("radius=0&near=10001", "radius", "greater than or equal to 1"),
        ("max_cost=-5", "max_cost", "greater than or equal to 0"),
        ("max_cost=lots", "max_cost", "Enter a number"),
        ("sort=distance", "sort", "sort=distance needs near"),
        ("page_size=101", "page_size", "less than or equal to 100"),
        ("page=0", "page", "greater than or equal to 1"),
        ("colour=blue", "__all__", "Unknown parameter 'colour'. Known parameters: care_level, near"),
    ],
)
def test_a_bad_parameter_answers_400_naming_it_with_the_search_pages_message(client, query, parameter, message):
    response = get(client, query)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert message in " ".join(errors[parameter])
    search_page = html.unescape(client.get(f"{SEARCH}?{query}").text)
    assert all(text in search_page for text in errors[parameter])


@pytest.mark.parametrize("zip_code", ["１０００１", "١٠٠٠١", "𝟏𝟎𝟎𝟎𝟏"])
def test_a_zip_code_in_other_scripts_digits_is_refused_rather_than_crashing(client, zip_code):
    response = get(client, f"near={zip_code}")

    assert response.status_code == 400
    assert response.json()["errors"]["near"] == [f"near: {zip_code!r} is not a US ZIP code we know."]
    assert client.get(SEARCH, {"near": zip_code}).status_code == 400


@pytest.mark.parametrize("budget", ["1E-400000", "0E-20000", "4800.001"])
def test_a_budget_in_any_decimal_notation_is_searched(client, budget):
    varied_directory()

    response = get(client, f"max_cost={budget}&sort=cost")

    expected = (
        ["Budget Outpatient", "Weekly Priced IOP", "Newark Recovery"] if budget == "4800.001" else ["Newark Recovery"]
    )
    assert names(response) == expected
    assert client.get(SEARCH, {"max_cost": budget}).status_code == 200


def test_too_many_parameters_answer_400_in_the_error_shape(client):
    response = get(client, "&".join(f"utm_{n}=1" for n in range(1001)))

    assert response.status_code == 400
    assert response.json() == {"errors": {"__all__": ["Too many parameters: at most 1000."]}}


def test_every_bad_parameter_is_reported_at_once(client):
    errors = get(client, "care_level=x&therapy=y&page_size=0").json()["errors"]

    assert set(errors) == {"care_level", "therapy", "page_size"}


# --- cost of a request ---------------------------------------------------------------------------


def test_the_number_of_queries_does_not_grow_with_the_page_size(client, django_assert_num_queries, settings):
    settings.FACET_CACHE_SECONDS = 0  # count the facet statement on every request
    settings.PAGE_CACHE_SECONDS = 0  # count answering, not the cache of repeated answers (test_page_cache)
    for number in range(30):
        ProgramFactory(name=f"Program {number:02d}", care_levels=["iop"], therapies=["cbt"], payments=["medicaid"])
    get(client)  # fills the vocabulary cache

    # count, page, 10 prefetched relations (tags, payment, plans, Medicaid states, phones), facets
    with django_assert_num_queries(13):
        assert len(get(client, "page_size=1").json()["results"]) == 1
    with django_assert_num_queries(13):
        assert len(get(client, "page_size=100").json()["results"]) == 30


def test_a_filtered_search_costs_the_same_for_one_result_or_a_hundred(client):
    for number in range(30):
        ProgramFactory(name=f"Program {number:02d}", care_levels=["iop"], therapies=["cbt"], payments=["medicaid"])
    query = "care_level=iop&therapy=cbt&near=10001&max_cost=4000&payment=medicaid"
    get(client, query)

    counts = []
    for size in (1, 100):
        with CaptureQueriesContext(connection) as queries:
            get(client, f"{query}&page_size={size}")
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_serializing_results_runs_no_queries(rf):
    varied_directory()
    page = list(selectors.program_records())

    with CaptureQueriesContext(connection) as queries:
        data = ProgramSerializer(page, many=True, context={"request": rf.get(PROGRAMS)}).data

    assert len(queries) == 0
    assert len(data) == Program.objects.published().count() == 10
