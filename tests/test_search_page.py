"""The search page at /search/: results, explained errors, filter counts, widening hints, compare."""

import html
import math
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from insurance.coverage import SESSION_KEY as COVERAGE_SESSION_KEY
from programs.models import Program

from .factories import CostFactory, LocationFactory, ProgramFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

SEARCH = reverse("programs:search")
CARD = '<article class="program-card"'  # then the card's id and map coordinates
# What the search form sends when submitted untouched: every select and text box, empty.
EMPTY_FORM = "near=&radius=25&state=&medicaid_state=&insurance=&max_cost=&language=&q=&sort="


def page(client, query: str = "", headers=None):
    """The search page's response, with its text unescaped so messages read as a person sees them."""
    response = client.get(f"{SEARCH}?{query}", headers=headers)
    response.page_text = html.unescape(response.text)
    return response


def shown(response) -> list[str]:
    """Names of the programs on the page's result cards, in order."""
    return re.findall(r'<h3><a href="/programs/\d+/">([^<]+)</a></h3>', response.page_text)


def miles_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * 3958.8 * math.asin(math.sqrt(h))


# --- results -------------------------------------------------------------------------------------


def test_search_near_a_zip_lists_programs_nearest_first_with_their_distance(client):
    ProgramFactory(name="Newark Recovery", location__newark=True)
    ProgramFactory(name="Chelsea IOP")
    ProgramFactory(name="Philadelphia IOP", location__philadelphia=True)

    response = page(client, "near=10001")

    assert response.status_code == 200
    assert shown(response) == ["Chelsea IOP", "Newark Recovery"]
    newark = miles_between((40.7484, -73.9967), (40.7347, -74.1644))
    assert f"{newark:.1f} miles away" in response.page_text
    assert "2 programs within 25 miles of New York, NY 10001" in response.page_text


def test_search_without_near_shows_no_distances(client):
    ProgramFactory(name="Chelsea IOP")

    response = page(client)

    assert shown(response) == ["Chelsea IOP"]
    assert "miles away" not in response.page_text


def test_submitting_the_untouched_search_form_lists_every_program(client):
    ProgramFactory(name="Chelsea IOP")
    ProgramFactory(name="Newark Recovery", location__newark=True)

    response = page(client, EMPTY_FORM)

    assert response.status_code == 200
    assert shown(response) == ["Chelsea IOP", "Newark Recovery"]


def test_tracking_parameters_in_shared_links_are_ignored(client):
    ProgramFactory(name="Chelsea IOP")

    response = page(client, "utm_source=newsletter&utm_campaign=spring&fbclid=abc")

    assert response.status_code == 200
    assert shown(response) == ["Chelsea IOP"]


def test_withdrawn_programs_are_not_on_the_search_page(client):
    ProgramFactory(name="Chelsea IOP")
    ProgramFactory(name="Closed Clinic", status=Program.Status.WITHDRAWN)

    response = page(client, "q=clinic")

    assert shown(response) == []
    assert "Closed Clinic" not in response.page_text


def test_results_are_paginated_by_page_size(client):
    for name in ("Alder", "Birch", "Cedar"):
        ProgramFactory(name=name)

    first, second = page(client, "page_size=2"), page(client, "page_size=2&page=2")

    assert shown(first) == ["Alder", "Birch"]
    assert shown(second) == ["Cedar"]
    assert "Page 2 of 2" in second.page_text


def test_htmx_request_gets_only_the_results_and_fresh_counts(client):
    ProgramFactory(name="Chelsea IOP", payments=["medicaid"])

    response = page(client, "payment=medicaid", headers={"HX-Request": "true"})

    assert shown(response) == ["Chelsea IOP"]
    assert 'id="filters"' not in response.page_text
    assert '<span class="count" id="count-payment-medicaid" hx-swap-oob="true">(1)</span>' in response.page_text


def test_heading_says_the_radius_searched_and_the_telehealth_state(client):
    ProgramFactory(name="Chelsea IOP", telehealth=True)

    response = page(client, "near=10001&radius=7&telehealth=true")

    assert "1 program within 7 miles of New York, NY 10001 or by telehealth in NY" in response.page_text


def test_heading_does_not_round_the_radius_searched(client):
    ProgramFactory(name="Chelsea IOP")

    response = page(client, "near=10001&radius=2.5")

    assert response.status_code == 400 or "within 2.5 miles" in response.page_text


# --- budget reasons on the cards ----------------------------------------------------------------


def test_budget_search_says_on_each_card_why_the_program_is_shown(client):
    CostFactory(program=ProgramFactory(name="Fits"), amount=4000)
    CostFactory(program=ProgramFactory(name="Weekly, length unknown"), amount=300, basis="week")
    CostFactory(program=ProgramFactory(name="Takes Medicaid", payments=["medicaid"]), amount=20000)
    CostFactory(program=ProgramFactory(name="Sliding fee", payments=["sliding_fee"]), amount=20000)
    ProgramFactory(name="No price")
    CostFactory(program=ProgramFactory(name="Too expensive"), amount=20000)

    response = page(client, "max_cost=5000&include_unlisted_cost=true")
    cards = dict(zip(shown(response), response.page_text.split(CARD)[1:], strict=True))

    assert set(cards) == {"Fits", "Weekly, length unknown", "Sliding fee", "No price"}
    assert "Fits your budget: about $4000 for the whole program" in cards["Fits"]
    assert "(estimate)" not in cards["Fits"]
    assert "Fits your budget: about $3600 for the whole program (estimate)" in cards["Weekly, length unknown"]
    assert "Offers a sliding fee or payment assistance" in cards["Sliding fee"]
    assert "Cost not listed — call to ask" in cards["No price"]

    response = page(client, "max_cost=5000&medicaid_state=NY")
    cards = dict(zip(shown(response), response.page_text.split(CARD)[1:], strict=True))

    assert set(cards) == {"Takes Medicaid"}
    assert "Accepts your coverage, so your cost may be much lower" in cards["Takes Medicaid"]


# --- bad input: 400 naming the parameter and what is allowed -------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("care_level=day", "'day' is not a valid care_level. Allowed values: outpatient, iop, php, residential, "
                           "inpatient, detox."),
        ("care_level=iop&care_level=day", "'day' is not a valid care_level."),
        ("payment=cash", "'cash' is not a valid payment. Allowed values: medicaid, medicare, private, military, va, "
                         "self_pay, sliding_fee, payment_assistance."),
        ("accreditation=iso", "'iso' is not a valid accreditation. Allowed values: joint_commission, carf, ncqa, coa, "
                              "hfap."),
        ("medication=aspirin", "'aspirin' is not a valid medication. Allowed values: buprenorphine, naltrexone, "
                               "methadone."),
        ("therapy=yoga", "'yoga' is not a valid therapy. Allowed values: cbt, dbt,"),
        ("population=pets", "'pets' is not a valid population. Allowed values: veterans,"),
        ("language=xx", "'xx' is not a valid language. Allowed values: en, es,"),
        ("schedule=night", "'night' is not a valid schedule. Allowed values: evening, weekend."),
        ("state=ZZ", "'ZZ' is not a valid state. Allowed values: AL, AK,"),
        ("medicaid_state=ZZ", "'ZZ' is not a valid medicaid_state."),
        ("insurance=acme", "'acme' is not a valid insurance. Allowed values:"),
        ("near=10001&radius=0", "radius: Ensure this value is greater than or equal to 1."),
        ("near=10001&radius=501", "radius: Ensure this value is less than or equal to 500."),
        ("near=10001&radius=ten", "radius: Enter a number."),
        ("near=00000", "'00000' is not a US ZIP code we know."),
        ("near=abc", "near: a 5-digit US ZIP code"),
        ("near=100011", "near: a 5-digit US ZIP code"),
        ("page_size=101", "page_size: Ensure this value is less than or equal to 100."),
        ("page=0", "page: Ensure this value is greater than or equal to 1."),
        ("page=two", "page: Enter a whole number."),
        ("max_cost=-1", "max_cost: Ensure this value is greater than or equal to 0."),
        ("max_cost=lots", "max_cost: Enter a number."),
        ("telehealth=maybe", "'maybe' is not a valid telehealth. Allowed values: true, false."),
        ("include_unlisted_cost=yes", "'yes' is not a valid include_unlisted_cost. Allowed values: true, false."),
        ("sort=distance", "sort: sort=distance needs near (a 5-digit ZIP code)."),
        ("sort=price", "'price' is not a valid sort. Allowed values: distance, name, cost, verified."),
        ("q=" + "a" * 201, "q: Ensure this value has at most 200 characters (it has 201)."),
        ("colour=blue", "Unknown parameter 'colour'. Known parameters: care_level, near, radius,"),
    ],
)  # fmt: skip
def test_bad_search_input_is_a_400_naming_the_parameter_and_allowed_values(client, query, message):
    ProgramFactory(name="Chelsea IOP")

    response = page(client, query)

    assert response.status_code == 400
    assert "We could not use part of this search" in response.page_text
    assert message in response.page_text
    assert 'id="results-heading"' not in response.page_text  # never a silent empty result


def test_insurance_error_lists_the_plan_slugs(client):
    response = page(client, "insurance=acme")

    allowed = response.page_text.split("'acme' is not a valid insurance. Allowed values:")[1]
    assert response.status_code == 400
    assert "aetna" in allowed
    assert "medicaid_nj" in allowed


def test_every_bad_parameter_is_named_at_once(client):
    response = page(client, "care_level=day&page_size=500&colour=blue")

    assert response.status_code == 400
    assert "'day' is not a valid care_level." in response.page_text
    assert "page_size: Ensure this value is less than or equal to 100." in response.page_text
    assert "Unknown parameter 'colour'." in response.page_text


def test_the_400_page_still_offers_the_filter_panel(client):
    ProgramFactory(name="Chelsea IOP", payments=["medicaid"])

    response = page(client, "telehealth=maybe")

    assert response.status_code == 400
    assert 'id="filters"' in response.page_text
    assert 'id="count-payment-medicaid">(1)</span>' in response.page_text


def test_a_radius_without_near_is_ignored_rather_than_narrowing_anything(client):
    # The search form always sends its radius select, so a radius alone must not be an error; with
    # nothing to measure from it cannot narrow the results either (never a silent empty page).
    ProgramFactory(name="Chelsea IOP")
    ProgramFactory(name="Newark IOP", location=LocationFactory(newark=True))

    response = page(client, "radius=10")

    assert response.status_code == 200
    assert "2 programs" in response.page_text


# --- filter counts -------------------------------------------------------------------------------


def count(response, name: str, value: str) -> int:
    """The count the filter panel shows beside one option."""
    found = re.search(rf'id="count-{name}-{value}">\((\d+)\)</span>', response.page_text)
    assert found, f"no count for {name}={value}"
    return int(found.group(1))


def test_filter_panel_shows_how_many_programs_each_option_gives(client):
    ProgramFactory(care_levels=["iop"], payments=["medicaid", "sliding_fee"])
    ProgramFactory(care_levels=["iop"], payments=["medicaid"])
    ProgramFactory(care_levels=["php"], payments=["private"], telehealth=True)
    ProgramFactory(care_levels=["iop"], payments=["medicaid"], status=Program.Status.WITHDRAWN)

    response = page(client)

    assert re.search(r'Medicaid\s*<span class="count" id="count-payment-medicaid">\(2\)</span>', response.page_text)
    assert count(response, "payment", "private") == 1
    assert count(response, "payment", "sliding_fee") == 1
    assert count(response, "payment", "va") == 0
    assert count(response, "care_level", "iop") == 2
    assert count(response, "care_level", "php") == 1
    assert count(response, "telehealth", "true") == 1


def test_counts_follow_the_other_filters_in_use(client):
    ProgramFactory(care_levels=["iop"], payments=["medicaid"])
    ProgramFactory(care_levels=["iop"], payments=["private"])
    ProgramFactory(care_levels=["php"], payments=["medicaid"])

    response = page(client, "care_level=php")

    assert count(response, "payment", "medicaid") == 1
    assert count(response, "payment", "private") == 0


def test_any_of_counts_leave_their_own_selection_out(client):
    ProgramFactory(care_levels=["iop"], payments=["medicaid"])
    ProgramFactory(care_levels=["php"], payments=["private"])

    response = page(client, "payment=medicaid")

    assert shown(response) != []
    assert count(response, "payment", "medicaid") == 1
    assert count(response, "payment", "private") == 1  # what ticking it as well would add
    assert count(response, "care_level", "php") == 0  # not with Medicaid


def test_all_of_counts_are_within_the_current_results(client):
    ProgramFactory(therapies=["cbt", "dbt"])
    ProgramFactory(therapies=["cbt"])
    ProgramFactory(therapies=["dbt"])

    response = page(client, "therapy=cbt")

    assert count(response, "therapy", "cbt") == 2
    assert count(response, "therapy", "dbt") == 1  # ticking it too leaves one program


def test_language_options_show_their_counts(client):
    ProgramFactory(languages=["en", "es"])
    ProgramFactory(languages=["es"])

    response = page(client)

    assert '<option value="es">Spanish (2)</option>' in response.page_text
    assert '<option value="en">English (1)</option>' in response.page_text


def test_telehealth_count_near_a_zip_includes_far_programs_licensed_in_that_state(client):
    ProgramFactory(name="LA telehealth", telehealth=True, licensed_states=["NY"], location__los_angeles=True)

    ticked = page(client, "near=10001&telehealth=true")
    response = page(client, "near=10001")

    assert shown(ticked) == ["LA telehealth"]
    assert count(response, "telehealth", "true") == 1


def test_payment_count_in_a_budget_search_includes_programs_that_coverage_makes_affordable(client):
    CostFactory(program=ProgramFactory(name="Expensive, takes Medicaid", payments=["medicaid"]), amount=20000)

    ticked = page(client, "max_cost=5000&payment=medicaid")
    response = page(client, "max_cost=5000")

    assert shown(ticked) == ["Expensive, takes Medicaid"]
    assert count(response, "payment", "medicaid") == 1


# --- no results: which filter to remove -----------------------------------------------------------


def test_no_results_suggests_the_filters_to_remove_with_how_many_programs_each_gives(client):
    ProgramFactory(care_levels=["iop"], payments=["medicaid"])
    ProgramFactory(care_levels=["iop"], payments=["private"])
    ProgramFactory(care_levels=["detox"], payments=["private"])

    response = page(client, "care_level=detox&payment=medicaid")

    assert response.status_code == 200
    assert shown(response) == []
    assert "No programs match all of these filters." in response.page_text
    assert '<a href="?payment=medicaid">Remove “Level of care”</a> — 1 program' in response.page_text
    assert '<a href="?care_level=detox">Remove “Payment”</a> — 1 program' in response.page_text


def test_no_results_does_not_suggest_removing_a_filter_that_would_still_give_nothing(client):
    ProgramFactory(care_levels=["iop"], languages=["en"])

    response = page(client, "care_level=detox&language=es")

    assert "No programs match all of these filters." in response.page_text
    assert "Remove “" not in response.page_text
    assert "Start a new search" in response.page_text


def test_no_results_near_a_zip_suggests_searching_farther(client):
    ProgramFactory(name="Philadelphia IOP", location__philadelphia=True)

    response = page(client, "near=10001&radius=25")

    assert shown(response) == []
    assert "Remove “Distance from your ZIP code”</a> — 1 program" in response.page_text


def test_no_results_suggestions_put_the_widest_first(client):
    ProgramFactory(care_levels=["iop"], languages=["es"])
    ProgramFactory(care_levels=["iop"], languages=["es"])
    ProgramFactory(care_levels=["detox"], languages=["en"])

    response = page(client, "care_level=detox&language=es")

    assert response.page_text.index("Remove “Level of care”") < response.page_text.index("Remove “Language”")
    assert "Remove “Level of care”</a> — 2 programs" in response.page_text


def widening_links(response) -> dict[str, tuple[str, int]]:
    """{filter label: (query string, promised count)} from the no-results block."""
    found = re.findall(r'<a href="\?([^"]*)">Remove “([^”]+)”</a> — (\d+) program', response.page_text)
    return {label: (query, int(promised)) for query, label, promised in found}


def test_each_widening_link_shows_as_many_programs_as_it_promised(client):
    philadelphia = LocationFactory(philadelphia=True)
    ProgramFactory(care_levels=["iop"], payments=["medicaid"], languages=["es"], location=philadelphia)
    ProgramFactory(care_levels=["iop"], payments=["medicaid"], languages=["en"])
    ProgramFactory(care_levels=["iop"], payments=["medicaid"], languages=["en"])
    ProgramFactory(care_levels=["detox"], payments=["medicaid"], languages=["es"])
    ProgramFactory(care_levels=["iop"], payments=["private"], languages=["es"])

    response = page(client, "near=10001&care_level=iop&payment=medicaid&language=es&sort=name")
    links = widening_links(response)

    assert {label: promised for label, (_, promised) in links.items()} == {
        "Language": 2,
        "Distance from your ZIP code": 1,
        "Level of care": 1,
        "Payment": 1,
    }
    for query, promised in links.values():
        widened = page(client, query)
        assert widened.status_code == 200, query
        assert len(shown(widened)) == promised, query


def test_widening_by_distance_works_when_sorted_by_distance(client):
    ProgramFactory(name="Philadelphia IOP", location__philadelphia=True)

    response = page(client, "near=10001&sort=distance")
    query, promised = widening_links(response)["Distance from your ZIP code"]
    widened = page(client, query)

    assert promised == 1
    assert widened.status_code == 200
    assert shown(widened) == ["Philadelphia IOP"]


# --- query count ---------------------------------------------------------------------------------


@pytest.fixture
def sixty_programs():
    for n in range(60):
        program = ProgramFactory(
            name=f"Program {n:02d}",
            care_levels=["iop", "php"],
            accreditations=["carf"],
            languages=["en", "es"],
            therapies=["cbt"],
            payments=["medicaid", "sliding_fee"],
            plans=["aetna", "medicaid_nj"],
            medicaid_states=["NJ"],
            telehealth=True,
        )
        CostFactory(program=program, amount=400, basis="week")


def test_search_page_needs_the_same_queries_for_5_or_50_results(client, sixty_programs, django_assert_num_queries):
    session = client.session
    session[COVERAGE_SESSION_KEY] = {"kind": "medicaid", "state": "NJ"}
    session.save()
    query = "near=10001&radius=50&payment=medicaid&therapy=cbt&max_cost=10000&insurance=aetna"
    assert page(client, query).status_code == 200  # warms the vocabulary cache
    with CaptureQueriesContext(connection) as five:
        small = page(client, f"{query}&page_size=5")

    with django_assert_num_queries(len(five.captured_queries)):
        large = page(client, f"{query}&page_size=50")

    assert len(shown(small)) == 5
    assert len(shown(large)) == 50
    assert "Accepts your Medicaid (NJ)" in large.page_text


# --- compare -------------------------------------------------------------------------------------


def toggle(client, program, next_url=SEARCH):
    return client.post(reverse("programs:compare_toggle", args=[program.pk]), {"next": next_url}, follow=True)


def compared(client) -> list[str]:
    return shown_in_compare(client.get(reverse("programs:compare")))


def shown_in_compare(response) -> list[str]:
    return re.findall(r'<th scope="col"><a href="/programs/\d+/">([^<]+)</a></th>', html.unescape(response.text))


def test_adding_a_program_to_compare_returns_to_the_search_and_marks_it(client):
    chelsea = ProgramFactory(name="Chelsea IOP")
    ProgramFactory(name="Newark Recovery")

    response = toggle(client, chelsea, next_url=f"{SEARCH}?q=chelsea")

    assert response.redirect_chain == [(f"{SEARCH}?q=chelsea", 302)]
    assert "Remove from compare" in response.text
    assert "Compare 1 selected program" in response.text
    assert compared(client) == ["Chelsea IOP"]


def test_toggling_a_compared_program_again_removes_it(client):
    chelsea, newark = ProgramFactory(name="Chelsea IOP"), ProgramFactory(name="Newark Recovery")
    toggle(client, chelsea)
    toggle(client, newark)

    toggle(client, chelsea)

    assert compared(client) == ["Newark Recovery"]


def test_compare_keeps_the_order_programs_were_picked_in(client):
    picked = [ProgramFactory(name=name) for name in ("Cedar", "Alder", "Birch")]
    for program in picked:
        toggle(client, program)

    assert compared(client) == ["Cedar", "Alder", "Birch"]


def test_a_fifth_program_is_refused_with_a_message(client):
    programs = [ProgramFactory(name=f"Program {n}") for n in range(5)]
    for program in programs[:4]:
        toggle(client, program)

    response = toggle(client, programs[4])

    assert "You can compare up to 4 programs. Remove one first." in html.unescape(response.text)
    assert compared(client) == ["Program 0", "Program 1", "Program 2", "Program 3"]


def test_a_withdrawn_program_cannot_be_added_to_compare(client):
    withdrawn = ProgramFactory(status=Program.Status.WITHDRAWN)

    response = client.post(reverse("programs:compare_toggle", args=[withdrawn.pk]))

    assert response.status_code == 404
    assert compared(client) == []


def test_compare_toggle_needs_a_post(client):
    program = ProgramFactory()

    assert client.get(reverse("programs:compare_toggle", args=[program.pk])).status_code == 405


def test_compare_toggle_does_not_redirect_off_site(client):
    program = ProgramFactory()

    response = client.post(reverse("programs:compare_toggle", args=[program.pk]), {"next": "//evil.example/"})

    assert response.status_code == 302
    assert response.url == reverse("programs:compare")


# --- cached filter counts ------------------------------------------------------------------------


def test_the_same_search_again_reuses_its_counts_but_the_results_are_live(client, settings):
    settings.FACET_CACHE_SECONDS = 120
    ProgramFactory(name="First", care_levels=["iop"], payments=["medicaid"])
    first = page(client, "care_level=iop")
    ProgramFactory(name="Second", care_levels=["iop"], payments=["medicaid"])

    with CaptureQueriesContext(connection) as queries:
        again = page(client, "care_level=iop")

    assert sorted(shown(again)) == ["First", "Second"]  # results never come from the cache
    assert count(first, "payment", "medicaid") == count(again, "payment", "medicaid") == 1
    assert not [q for q in queries if "UNION ALL" in q["sql"]]  # the counting statement did not run
    other = page(client, "care_level=iop&payment=medicaid")  # another search counts afresh
    assert count(other, "payment", "medicaid") == 2


def test_without_the_count_cache_counts_follow_every_change(client, settings):
    settings.FACET_CACHE_SECONDS = 0
    ProgramFactory(care_levels=["iop"], payments=["medicaid"])
    page(client, "care_level=iop")
    ProgramFactory(care_levels=["iop"], payments=["medicaid"])

    assert count(page(client, "care_level=iop"), "payment", "medicaid") == 2
