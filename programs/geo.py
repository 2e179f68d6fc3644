"""Places: US state codes, offline ZIP centroids and great-circle distance."""

import math
import re
from functools import lru_cache
from typing import NamedTuple

import zipcodes

# The 50 states, DC and the territories SAMHSA's locator covers.
US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico", "VI": "U.S. Virgin Islands", "GU": "Guam", "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}  # fmt: skip
STATE_CHOICES = sorted(US_STATES.items(), key=lambda item: item[1])

# ASCII digits only: the zipcodes package crashes (a Rust panic) on other Unicode digits such as "１０００１".
ZIP_RE = re.compile(r"^[0-9]{5}$")
ZIP_PLUS4_RE = re.compile(r"^(\d{5})(?:-?(\d{4}))?$")
EARTH_RADIUS_MILES = 3958.7613


def split_zip(value: str) -> tuple[str, str] | None:
    """'10001-1234' -> ('10001', '1234'); '10001' -> ('10001', ''); anything else -> None."""
    match = ZIP_PLUS4_RE.match(value.strip())
    if not match:
        return None
    return match.group(1), match.group(2) or ""


class ZipPlace(NamedTuple):
    latitude: float
    longitude: float
    state: str
    city: str


@lru_cache(maxsize=4096)
def zip_place(zip_code: str) -> ZipPlace | None:
    """Centroid, state and city of a 5-digit ZIP from the bundled `zipcodes` data (no network), or None."""
    if not ZIP_RE.match(zip_code or ""):
        return None
    try:
        matches = zipcodes.matching(zip_code)
    except (TypeError, ValueError):
        return None
    if not matches or not matches[0].get("lat"):
        return None
    found = matches[0]
    return ZipPlace(float(found["lat"]), float(found["long"]), found["state"], found["city"])


def zip_centroid(zip_code: str) -> tuple[float, float] | None:
    """Latitude and longitude of a 5-digit ZIP, or None."""
    place = zip_place(zip_code)
    return (place.latitude, place.longitude) if place else None


def bounding_box(latitude: float, longitude: float, miles: float) -> tuple[float, float, float, float]:
    """(min lat, max lat, min lng, max lng) enclosing a circle of `miles` around a point."""
    angle = miles / EARTH_RADIUS_MILES
    dlat = math.degrees(angle)
    # The widest longitude span of a circle on the sphere: asin(sin(d/R) / cos(lat)); near a pole, or
    # when the circle reaches over it, every longitude is in range.
    ratio = math.sin(angle) / max(math.cos(math.radians(latitude)), 1e-12)
    dlng = math.degrees(math.asin(ratio)) if ratio < 1 else 180.0
    return latitude - dlat, latitude + dlat, longitude - dlng, longitude + dlng


def haversine_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in statute miles."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))
