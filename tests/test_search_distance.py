"""Distance search: "within N miles of my ZIP code" and the distance each result shows.

Expected distances are computed here, independently of programs.geo, with the haversine formula."""

import math

import pytest

from .factories import LocationFactory, ProgramFactory
from .search_helpers import names, search

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

MEAN_EARTH_RADIUS_MILES = 3958.8
# Centroids of the ZIP codes searched from, as the bundled ZIP data gives them.
ZIP_10001 = (40.7484, -73.9967)  # Manhattan, Chelsea
ZIP_90012 = (34.0614, -118.2385)  # Los Angeles, downtown
NEWARK_PENN_STATION = (40.7347, -74.1644)
PHILADELPHIA_CITY_HALL = (39.9526, -75.1652)
SAN_DIEGO_CITY_HALL = (32.7157, -117.1611)


def great_circle_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * MEAN_EARTH_RADIUS_MILES * math.asin(math.sqrt(h))


def north_of(origin: tuple[float, float], miles: float) -> tuple[float, float]:
    """The point `miles` due north (along a meridian the great-circle distance is the arc itself)."""
    return origin[0] + math.degrees(miles / MEAN_EARTH_RADIUS_MILES), origin[1]


def east_of(origin: tuple[float, float], miles: float) -> tuple[float, float]:
    """The point on the same latitude whose great-circle distance from `origin` is `miles`."""
    lat = math.radians(origin[0])
    dlng = 2 * math.asin(math.sin(miles / (2 * MEAN_EARTH_RADIUS_MILES)) / math.cos(lat))
    return origin[0], origin[1] + math.degrees(dlng)


def program_at(name: str, point: tuple[float, float], **kwargs):
    location = LocationFactory(latitude=point[0], longitude=point[1], **kwargs)
    return ProgramFactory(name=name, location=location)


def distances(query: str) -> dict[str, float]:
    return {program.name: program.distance_miles for program in search(query)}


# --- the distance shown ---------------------------------------------------------------------------


def test_distance_from_manhattan_to_newark_is_the_great_circle_distance():
    program_at("Newark", NEWARK_PENN_STATION, city="Newark", state="NJ", zip_code="07102")

    expected = great_circle_miles(ZIP_10001, NEWARK_PENN_STATION)
    assert 8 < expected < 10  # the hand check: Newark is about nine miles west of Chelsea
    assert distances("near=10001") == {"Newark": pytest.approx(expected, abs=0.01)}


def test_distance_from_manhattan_to_philadelphia_is_the_great_circle_distance():
    program_at("Philadelphia", PHILADELPHIA_CITY_HALL, city="Philadelphia", state="PA", zip_code="19107")

    expected = great_circle_miles(ZIP_10001, PHILADELPHIA_CITY_HALL)
    assert 75 < expected < 85
    assert distances("near=10001&radius=100") == {"Philadelphia": pytest.approx(expected, abs=0.01)}


def test_distance_from_los_angeles_to_san_diego_is_the_great_circle_distance():
    program_at("San Diego", SAN_DIEGO_CITY_HALL, city="San Diego", state="CA", zip_code="92101")

    expected = great_circle_miles(ZIP_90012, SAN_DIEGO_CITY_HALL)
    assert 105 < expected < 120
    assert distances("near=90012&radius=250") == {"San Diego": pytest.approx(expected, abs=0.01)}


def test_a_program_at_the_zip_centroid_is_zero_miles_away():
    program_at("Chelsea", ZIP_10001)

    assert distances("near=10001") == {"Chelsea": pytest.approx(0, abs=0.001)}


def test_results_near_a_zip_come_nearest_first():
    program_at("Philadelphia", PHILADELPHIA_CITY_HALL, state="PA")
    program_at("Newark", NEWARK_PENN_STATION, state="NJ")
    program_at("Five miles north", north_of(ZIP_10001, 5))

    assert names("near=10001&radius=100") == ["Five miles north", "Newark", "Philadelphia"]


# --- who is in range ------------------------------------------------------------------------------


def test_radius_leaves_out_programs_farther_away():
    program_at("Newark", NEWARK_PENN_STATION, state="NJ")
    program_at("Philadelphia", PHILADELPHIA_CITY_HALL, state="PA")

    assert names("near=10001&radius=50") == ["Newark"]
    assert names("near=10001&radius=5") == []


def test_default_radius_is_25_miles():
    program_at("24 miles north", north_of(ZIP_10001, 24))
    program_at("26 miles north", north_of(ZIP_10001, 26))

    assert names("near=10001") == ["24 miles north"]
    assert names("near=10001&radius=25") == ["24 miles north"]
    assert names("near=10001&radius=50") == ["24 miles north", "26 miles north"]


@pytest.mark.parametrize("radius", [10, 25, 100])
def test_radius_boundary_north_of_the_zip(radius):
    program_at("Just inside", north_of(ZIP_10001, radius - 0.01))
    program_at("Just outside", north_of(ZIP_10001, radius + 0.01))

    assert names(f"near=10001&radius={radius}") == ["Just inside"]


@pytest.mark.parametrize("radius", [10, 25, 100])
def test_radius_boundary_east_of_the_zip(radius):
    program_at("Just inside", east_of(ZIP_10001, radius - 0.01))
    program_at("Just outside", east_of(ZIP_10001, radius + 0.01))

    assert names(f"near=10001&radius={radius}") == ["Just inside"]


def test_program_due_east_just_inside_a_500_mile_radius_is_found():
    program_at("499.9 miles east", east_of(ZIP_10001, 499.9))

    assert names("near=10001&radius=500") == ["499.9 miles east"]


def test_radius_need_not_be_one_of_the_form_choices():
    program_at("6 miles north", north_of(ZIP_10001, 6))
    program_at("8 miles north", north_of(ZIP_10001, 8))

    assert names("near=10001&radius=7") == ["6 miles north"]


def test_programs_without_coordinates_are_left_out_of_a_radius_search():
    program_at("Mapped", ZIP_10001)
    ProgramFactory(name="Unmapped, same ZIP", location=LocationFactory(no_coordinates=True))

    assert names("near=10001&radius=500") == ["Mapped"]
    assert names("") == ["Mapped", "Unmapped, same ZIP"]


def test_unmapped_telehealth_program_licensed_in_the_state_comes_after_those_with_a_distance():
    ProgramFactory(
        name="Philadelphia telehealth",
        telehealth=True,
        licensed_states=["NY"],
        location__philadelphia=True,
    )
    ProgramFactory(
        name="A unmapped telehealth",
        telehealth=True,
        licensed_states=["NY"],
        location=LocationFactory(no_coordinates=True, state="PA"),
    )

    results = distances("near=10001&telehealth=true")
    assert list(results) == ["Philadelphia telehealth", "A unmapped telehealth"]
    expected = great_circle_miles(ZIP_10001, PHILADELPHIA_CITY_HALL)
    assert results["Philadelphia telehealth"] == pytest.approx(expected, abs=0.01)
    assert results["A unmapped telehealth"] is None
