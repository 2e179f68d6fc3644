"""Places: US state codes, offline ZIP centroids and great-circle distance."""

import math
import re
from functools import lru_cache

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

ZIP_RE = re.compile(r"^\d{5}$")
ZIP_PLUS4_RE = re.compile(r"^(\d{5})(?:-?(\d{4}))?$")
EARTH_RADIUS_MILES = 3958.7613


def split_zip(value: str) -> tuple[str, str] | None:
    """'10001-1234' -> ('10001', '1234'); '10001' -> ('10001', ''); anything else -> None."""
    match = ZIP_PLUS4_RE.match(value.strip())
    if not match:
        return None
    return match.group(1), match.group(2) or ""


@lru_cache(maxsize=4096)
def zip_centroid(zip_code: str) -> tuple[float, float] | None:
    """Latitude and longitude of a 5-digit ZIP from the bundled `zipcodes` data, or None."""
    if not ZIP_RE.match(zip_code or ""):
        return None
    try:
        matches = zipcodes.matching(zip_code)
    except (TypeError, ValueError):
        return None
    if not matches or not matches[0].get("lat"):
        return None
    return float(matches[0]["lat"]), float(matches[0]["long"])


def haversine_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in statute miles."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))
