"""How IOP Finder's facts travel in Open Referral HSDS 3.0, both ways, in one place.

The exporter writes and the HSDS parser reads through these tables, so a fact written one way is read
back the other. Vocabulary slugs are HSDS `attribute`s linking `taxonomy_term`s of the "iopfinder"
taxonomy, with term code "<group>:<slug>" (e.g. "care_level:iop"); a scalar fact is the term named by
its field (e.g. "wait_days") with the attribute's `value` carrying it ("14"). The feed's own categories
(`services`) travel whole, as JSON values of "iopfinder-feed" terms. Nothing here touches the database."""

import json
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

TAXONOMY = "iopfinder"
FEED_TAXONOMY = "iopfinder-feed"
TAXONOMY_DESCRIPTIONS = {
    TAXONOMY: "IOP Finder's vocabularies: care levels, therapies, populations, payment and program facts.",
    FEED_TAXONOMY: "Categories of the upstream feed a listing came from, kept whole as JSON attribute values.",
}
# Fixed forever: exported ids are uuid5 names in this namespace, so repeated exports give the same ids.
ID_NAMESPACE = uuid.UUID("5b0f7d3c-2a4e-4f61-9c8d-1e7a3b9f0c52")

# Set-valued record field -> (term group, what the group means).
TAG_GROUPS = {
    "care_levels": ("care_level", "Care level"),
    "therapies": ("therapy", "Therapy"),
    "accreditations": ("accreditation", "Accreditation"),
    "populations": ("population", "Population served"),
    "medications": ("medication", "Medication"),
    "payment_kinds": ("payment_kind", "Payment accepted"),
    "insurance_plans": ("insurance_plan", "Insurance plan accepted"),
    "medicaid_states": ("medicaid_state", "Medicaid accepted from"),
    "licensed_states": ("licensed_state", "Licensed for telehealth in"),
}
GROUP_FIELDS = {group: name for name, (group, _) in TAG_GROUPS.items()}


@dataclass(frozen=True)
class Fact:
    kind: str  # "flag" | "count" | "hours" | "text"
    label: str
    maximum: int = 0  # counts and hours: the largest value the directory stores
    choices: tuple[str, ...] = ()  # text: the allowed values, when fixed
    default: object = None  # the record's value when the attribute is absent


# Scalar record field -> how its attribute value is written and read; the term code is the field name.
FACTS = {
    "facility_type": Fact("text", "Facility type (SA substance use, MH mental health)", choices=("SA", "MH"),
                          default=""),
    "otp_id": Fact("text", "Opioid treatment program id", maximum=40, default=""),
    "telehealth": Fact("flag", "Offers telehealth", default=False),
    "aftercare": Fact("flag", "Aftercare or continuing care"),
    "family_involvement": Fact("flag", "Involves family"),
    "schedule_daytime": Fact("flag", "Daytime sessions"),
    "schedule_evening": Fact("flag", "Evening sessions"),
    "schedule_weekend": Fact("flag", "Weekend sessions"),
    "accepting_new_clients": Fact("flag", "Accepting new clients"),
    "wait_days": Fact("count", "Days to wait for a first appointment", maximum=32767),
    "typical_weeks": Fact("count", "Typical length of the program in weeks", maximum=32767),
    "sessions_per_week": Fact("count", "Sessions per week", maximum=21),
    "hours_per_week": Fact("hours", "Hours of treatment per week", maximum=168),
}  # fmt: skip
_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0"}

# Phone kinds (programs.models.Phone.Kind) <-> HSDS phone `description`; the location's main phone is "Main".
MAIN_PHONE = "Main"
PHONE_DESCRIPTIONS = {"intake": "Intake", "hotline": "Hotline", "other": "Other"}
# Cost basis (insurance.models.Cost.Basis) <-> HSDS cost_option `option`.
COST_OPTIONS = {"week": "per week", "program": "per program"}

# HSDS language codes and names other feeds use -> the ISO 639-1 codes of our Language vocabulary.
LANGUAGE_CODES = {
    "eng": "en", "spa": "es", "zho": "zh", "chi": "zh", "vie": "vi", "kor": "ko", "rus": "ru", "ara": "ar",
    "fra": "fr", "fre": "fr", "hat": "ht", "por": "pt", "tgl": "tl", "fil": "tl", "pol": "pl",
}  # fmt: skip
LANGUAGE_NAMES = {
    "english": "en", "spanish": "es", "chinese": "zh", "mandarin": "zh", "cantonese": "zh", "vietnamese": "vi",
    "korean": "ko", "russian": "ru", "arabic": "ar", "french": "fr", "haitian creole": "ht", "portuguese": "pt",
    "tagalog": "tl", "filipino": "tl", "polish": "pl",
}  # fmt: skip

# The HSDS 3.0 tables IOP Finder writes: resource name -> (CSV file, columns in the specification's order).
TABLES = {
    "organization": ("organizations.csv", "id name alternate_name description email website tax_status tax_id "
                     "year_incorporated legal_status logo uri parent_organization_id"),
    "service": ("services.csv", "id organization_id program_id name alternate_name description url email status "
                "interpretation_services application_process fees_description wait_time fees accreditations "
                "eligibility_description minimum_age maximum_age assured_date assurer_email licenses alert "
                "last_modified"),
    "location": ("locations.csv", "id location_type url organization_id name alternate_name description "
                 "transportation latitude longitude external_identifier external_identifier_type"),
    "address": ("addresses.csv", "id location_id attention address_1 address_2 city region state_province "
                "postal_code country address_type"),
    "service_at_location": ("service_at_location.csv", "id service_id location_id description"),
    "phone": ("phones.csv", "id location_id service_id organization_id contact_id service_at_location_id number "
              "extension type description"),
    "schedule": ("schedules.csv", "id service_id location_id service_at_location_id valid_from valid_to dtstart "
                 "timezone until count wkst freq interval byday byweekno bymonthday byyearday description "
                 "opens_at closes_at schedule_link attending_type notes"),
    "cost_option": ("cost_options.csv", "id service_id valid_from valid_to option currency amount amount_description"),
    "language": ("languages.csv", "id service_id location_id phone_id name code note"),
    "taxonomy": ("taxonomies.csv", "id name description uri version"),
    "taxonomy_term": ("taxonomy_terms.csv", "id code name description parent_id taxonomy language taxonomy_id "
                      "term_uri"),
    "attribute": ("attributes.csv", "id link_id taxonomy_term_id link_type link_entity value"),
}  # fmt: skip
TABLE_COLUMNS = {name: columns.split() for name, (_, columns) in TABLES.items()}
NUMBER_COLUMNS = frozenset(
    ("latitude", "longitude", "amount", "extension", "year_incorporated", "minimum_age", "maximum_age", "timezone",
     "count", "interval")
)  # fmt: skip


def hsds_id(kind: str, *parts) -> str:
    """A stable UUID for one exported object, named by its kind and natural key."""
    return str(uuid.uuid5(ID_NAMESPACE, "|".join([kind, *map(str, parts)])))


# --- writing -------------------------------------------------------------------------------------
def attribute_values(values: Mapping[str, object]) -> list[tuple[str, str, str]]:
    """(taxonomy, term code, attribute value) of every tag, fact and feed category in `values`
    (record field -> value as feeds.apply.current_value gives it)."""
    found = []
    for name, (group, _) in TAG_GROUPS.items():
        found += [(TAXONOMY, f"{group}:{slug}", "") for slug in sorted(values.get(name) or ())]
    for name, fact in FACTS.items():
        text = _fact_text(fact, values.get(name))
        if text:
            found.append((TAXONOMY, name, text))
    for entry in values.get("services") or ():
        found.append((FEED_TAXONOMY, str(entry.get("code") or "-"), json.dumps(entry, ensure_ascii=False)))
    return found


def term_name(taxonomy: str, code: str, labels: Mapping[str, str]) -> tuple[str, str]:
    """(name, description) of a taxonomy term; `labels` maps term codes to vocabulary labels."""
    if taxonomy == FEED_TAXONOMY:
        return code, f"Feed category {code}"
    if code in FACTS:
        return code, FACTS[code].label
    group, _, slug = code.partition(":")
    meaning = next((text for g, text in TAG_GROUPS.values() if g == group), group)
    label = labels.get(code, slug)
    return label, f"{meaning}: {label}"


def _fact_text(fact: Fact, value) -> str:
    if value is None or value == "":
        return ""
    if fact.kind == "flag":
        return "true" if value else "false"
    return str(value)


# --- reading -------------------------------------------------------------------------------------
def read_attributes(attributes: Iterable[dict]) -> tuple[dict, list[str]]:
    """Record fields carried by HSDS attributes (with nested taxonomy_term), and what is wrong with them.

    Terms of other taxonomies are kept as feed categories (`services`), one per taxonomy, so nothing a
    feed says is dropped."""
    tags: dict[str, set[str]] = {name: set() for name in TAG_GROUPS}
    facts: dict[str, object] = {name: fact.default for name, fact in FACTS.items()}
    services: list[dict] = []
    foreign: dict[str, list[str]] = {}
    reasons: list[str] = []
    for attribute in attributes:
        term = attribute.get("taxonomy_term") if isinstance(attribute.get("taxonomy_term"), dict) else {}
        detail = term.get("taxonomy_detail") if isinstance(term.get("taxonomy_detail"), dict) else {}
        taxonomy = as_text(term.get("taxonomy") or detail.get("name"))
        code, value = as_text(term.get("code")), as_text(attribute.get("value"))
        group, _, slug = code.partition(":")
        if taxonomy == TAXONOMY and code in FACTS:
            facts[code], error = _parse_fact(FACTS[code], value)
            reasons += [f"attribute {code}: {error}"] if error else []
        elif taxonomy == TAXONOMY and group in GROUP_FIELDS and slug:
            tags[GROUP_FIELDS[group]].add(slug)
        elif taxonomy == FEED_TAXONOMY:
            entry = _json_object(value)
            if entry is None:
                reasons.append(f"attribute {code} of taxonomy {FEED_TAXONOMY}: value is not a JSON object")
            else:
                services.append(entry)
        elif taxonomy != TAXONOMY and (name := as_text(term.get("name")) or code):
            foreign.setdefault(taxonomy or "attributes", []).append(f"{name}: {value}" if value else name)
    services += [{"code": name, "label": name, "values": items, "unmapped": list(items)}
                 for name, items in foreign.items()]  # fmt: skip
    fields = {name: frozenset(values) for name, values in tags.items()}
    return {**fields, **facts, "services": tuple(services)}, reasons


def _parse_fact(fact: Fact, text: str) -> tuple[object, str]:
    if fact.kind == "flag":
        folded = text.casefold()
        if folded in _TRUE | _FALSE:
            return folded in _TRUE, ""
        return fact.default, f"{text!r} is neither true nor false"
    if fact.kind == "text":
        if fact.choices and text not in fact.choices:
            return fact.default, f"{text!r} is not one of {', '.join(fact.choices)}"
        if fact.maximum and len(text) > fact.maximum:
            return fact.default, f"longer than {fact.maximum} characters"
        return text, ""
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        return None, f"{text!r} is not a number"
    if not 0 <= number <= fact.maximum:
        return None, f"{text} is outside 0..{fact.maximum}"
    if fact.kind == "hours":
        return number.quantize(Decimal("0.1")), ""
    if number != number.to_integral_value():
        return None, f"{text} is not a whole number"
    return int(number), ""


def phone_kind(description: str) -> str:
    """The Phone.Kind of an HSDS phone from its description ("Intake line" -> intake)."""
    folded = description.casefold()
    return next((kind for kind in ("intake", "hotline") if kind in folded), "other")


def cost_basis(*texts: str) -> str | None:
    """The Cost.Basis an HSDS cost option's `option`/`amount_description` names, or None (e.g. per session)."""
    folded = " ".join(texts).casefold()
    if re.search(r"\bweek(ly)?\b", folded):
        return "week"
    if re.search(r"\b(program|programme|course)\b", folded):
        return "program"
    return None


def language_code(code: str, name: str) -> str:
    """The ISO 639-1 code of an HSDS language ("spa", "es-MX", or only the name "Spanish"), or ""."""
    code = code.strip().casefold().replace("_", "-").split("-")[0]
    if len(code) == 2 and code.isalpha():
        return code
    return LANGUAGE_CODES.get(code) or LANGUAGE_NAMES.get(name.strip().casefold(), "")


def as_text(value) -> str:
    """A JSON scalar or CSV cell as stripped text; "" for anything else (null, lists, objects)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip() if isinstance(value, str | int | float | Decimal) else ""


def _json_object(text: str) -> dict | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
