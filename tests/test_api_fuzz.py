"""Thousands of generated queries against the API: never a server error, and every answer matches the
OpenAPI schema (a page of programs for a valid search, the error shape for an invalid one)."""

from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.parameters import parameter_choices
from programs.filters import MAX_PAGE_SIZE, ProgramFilter

from .api_helpers import PROGRAMS, component_validator, openapi_schema, varied_directory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache", "api_unthrottled")]

FUZZ = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
# Digits of other scripts (Arabic-Indic, Devanagari, Bengali, fullwidth, mathematical bold): Python's \d
# matches them; Hypothesis alone rarely generates them.
OTHER_DIGITS = "".join(chr(zero + digit) for zero in (0x660, 0x966, 0x9E6, 0xFF10, 0x1D7CE) for digit in range(10))
UNICODE_DIGITS = st.sampled_from("0123456789" + OTHER_DIGITS)
ZIPS = st.one_of(
    st.sampled_from(["10001", "07102", "19107", "90012", "02108", "00000", "99999", "1000", "100011"]),
    st.from_regex(r"\A[0-9]{5}\Z"),
    st.text(alphabet=UNICODE_DIGITS, min_size=5, max_size=5),
)
NUMBERS = st.one_of(
    st.integers(min_value=-10, max_value=1_000_001).map(str),
    st.integers(min_value=-(10**6), max_value=10**6).map(lambda exponent: f"1E{exponent}"),
    st.sampled_from(["0", "1", "5", "25", "500", "501", "NaN", "-Infinity", "0x10", "1_000", "9" * 40, " 7 ", "1.5",
                     ".5", "5.", "-0", "0." + "0" * 5000 + "1"]),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.text(alphabet=UNICODE_DIGITS, min_size=1, max_size=4),
)  # fmt: skip
JUNK = st.text(max_size=30)
# Budgets within the allowed range written in ways a database may not hold as they are.
EXTREME_COSTS = st.sampled_from(["1E-400000", "0E-20000", "1E-16384", "1e6", "999999.999", "0.001", "0" * 50 + "1"])


@pytest.fixture(autouse=True)
def directory(db):
    return varied_directory()


@pytest.fixture
def validators(client):
    schema = openapi_schema(client)
    return {200: component_validator(schema, "ProgramPage"), 400: component_validator(schema, "Error")}


def mostly(likely, other, *, percent: int = 75):
    """`likely` `percent` of the time, else `other` (st.one_of cannot weight its branches)."""
    return st.integers(min_value=1, max_value=100).flatmap(lambda n: likely if n <= percent else other)


def values_for(name: str, allowed: dict[str, list[str]]):
    """Mostly values of the parameter's own kind (its slugs, numbers, ZIP codes), some junk."""
    own = {"near": ZIPS, "radius": NUMBERS, "max_cost": NUMBERS, "page": NUMBERS, "page_size": NUMBERS}.get(name)
    if name in allowed:
        own = st.sampled_from(allowed[name])
    junk = st.one_of(JUNK, NUMBERS, ZIPS)
    return junk if own is None else mostly(own, junk)


def check(response, validators):
    """A page of programs matching the schema, or 400 with errors matching it: never anything else."""
    assert response.status_code in (200, 400), (response.status_code, response.content[:500])
    body = response.json()
    validators[response.status_code].validate(body)
    if response.status_code == 200:
        assert len(body["results"]) <= min(body["count"], MAX_PAGE_SIZE)
    else:
        assert body["errors"] and all(body["errors"].values())


@settings(FUZZ, max_examples=600)
@given(data=st.data())
def test_generated_searches_never_fail_and_answer_as_documented(client, validators, data):
    allowed = {name: [value for value, _ in choices] for name, choices in parameter_choices().items()}
    names = mostly(
        st.sampled_from(ProgramFilter.parameter_names()),
        st.one_of(st.sampled_from(["utm_source", "_", "fbclid", "colour", "", "format", "page[size]"]), JUNK),
        percent=90,
    )
    pairs = data.draw(st.lists(names.flatmap(lambda name: st.tuples(st.just(name), values_for(name, allowed))),
                               max_size=6))  # fmt: skip

    response = client.get(f"{PROGRAMS}?{urlencode(pairs)}")

    check(response, validators)


@settings(FUZZ, max_examples=800)
@given(
    raw=st.one_of(
        st.text(max_size=60).map(lambda text: text.encode().decode("latin-1")),  # as a WSGI server hands it over
        st.binary(max_size=40).map(lambda raw: raw.decode("latin-1")),
        st.binary(max_size=40).map(lambda raw: quote(raw, safe="=&")),
    )
)
def test_raw_query_strings_never_fail(client, validators, raw):
    check(client.get(PROGRAMS, QUERY_STRING=raw), validators)


@settings(FUZZ, max_examples=150)
@given(data=st.data())
def test_generated_valid_searches_always_answer_a_page(client, validators, data):
    choices = {name: [value for value, _ in options] for name, options in parameter_choices().items()}
    in_range = {
        "max_cost": mostly(
            EXTREME_COSTS, st.decimals(min_value=0, max_value=10**6, allow_nan=False).map(str), percent=40
        ),
        "radius": st.one_of(st.decimals(min_value=1, max_value=500, allow_nan=False).map(str), st.just("1e2")),
        "page": st.integers(min_value=1, max_value=10**30).map(str),
        "page_size": st.integers(min_value=1, max_value=100).map(str),
        "q": st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=20),
        **{name: st.sampled_from(values) for name, values in choices.items()},
    }
    multiple = {name for name, f in ProgramFilter.base_filters.items() if "Multiple" in type(f).__name__}
    chosen = data.draw(st.sets(st.sampled_from(sorted(in_range)), max_size=6))
    if data.draw(st.booleans()):
        chosen.add("max_cost")
    pairs = [(name, data.draw(in_range[name])) for name in sorted(chosen)]
    pairs += [(name, data.draw(in_range[name])) for name in sorted(chosen & multiple) if data.draw(st.booleans())]
    if ("sort", "distance") in pairs or data.draw(st.booleans()):
        pairs.append(("near", data.draw(st.sampled_from(["10001", "07102", "19107", "90012", "02108"]))))

    response = client.get(f"{PROGRAMS}?{urlencode(pairs)}")

    assert response.status_code == 200, (pairs, response.json())
    check(response, validators)


@settings(FUZZ, max_examples=400)
@given(
    path=st.sampled_from(
        [reverse("api:hsds-services"), reverse("api:hsds-organizations"), reverse("api:vocabularies")]
    ),
    pairs=st.lists(st.tuples(st.sampled_from(["page", "per_page", "full", "x"]), st.one_of(NUMBERS, JUNK)), max_size=3),
)
def test_other_endpoints_never_fail(client, path, pairs):
    response = client.get(f"{path}?{urlencode(pairs)}")

    assert response.status_code in (200, 400), response.content[:500]
    assert isinstance(response.json(), dict)


@settings(FUZZ, max_examples=300)
@given(segment=st.one_of(st.integers(min_value=0, max_value=10**30).map(str), st.text(min_size=1, max_size=40)))
def test_program_and_service_ids_never_fail(client, segment):
    for url in (f"/api/v1/programs/{quote(segment, safe='')}/", f"/api/hsds/services/{quote(segment, safe='')}"):
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
