"""SAMHSA FindTreatment.gov locator listings -> ProgramRecords.

The mapping follows shared/domain/feeds.md section 2: match on the category code `f2`, token by
token, case-insensitively, after removing stray U+FFFD, NBSP and surrounding spaces. Tokens no rule
uses are kept on the record (`services[*].unmapped`) for display, never dropped."""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from programs.geo import US_STATES, split_zip, zip_centroid

from ..records import TAG_FIELDS, ProgramRecord, RejectedRow
from .locator import fetch_rows, read_page, read_rows, spooled_rows  # noqa: F401  (the parser interface)

SOURCE = "samhsa"
# What a locator row carries; everything else (cost, hours, schedule, availability) is left as is.
PROVIDES = frozenset(
    ("name", "program_name", "facility_type", "website", "otp_id", "telehealth", "aftercare", "family_involvement",
     "services", "location", "phones", "payment_kinds", *TAG_FIELDS)
)  # fmt: skip


@dataclass(frozen=True)
class Rule:
    field: str  # ProgramRecord field; set-valued fields get `value` added, flags are set True
    value: str
    codes: tuple[str, ...]  # category codes (f2) the rule reads
    op: str  # "is" | "starts" | "contains" | "any"
    text: str = ""
    unless_starts: tuple[str, ...] = ()  # tokens beginning with these never match

    def matches(self, code: str, token: str) -> bool:
        if code not in self.codes:
            return False
        folded = token.casefold()
        if any(folded.startswith(prefix.casefold()) for prefix in self.unless_starts):
            return False
        text = self.text.casefold()
        if self.op == "is":
            return folded == text
        if self.op == "starts":
            return folded.startswith(text)
        if self.op == "contains":
            return text in folded
        return self.op == "any"


def _rules(field: str, value: str, codes: str, *pairs: tuple[str, str], **kwargs) -> list[Rule]:
    return [Rule(field, value, tuple(codes.split()), op, text, **kwargs) for op, text in pairs]


NEGATED = ("Do not", "Does not")

RULES: list[Rule] = [
    *_rules("care_levels", "outpatient", "SET", ("is", "Regular outpatient treatment"), ("is", "Outpatient")),
    *_rules("care_levels", "outpatient", "FT", ("is", "Outpatient mental health facility"),
            ("is", "Community mental health center")),
    *_rules("care_levels", "iop", "SET", ("is", "Intensive outpatient treatment")),
    *_rules("care_levels", "php", "SET FT", ("contains", "partial hospitalization")),
    *_rules("care_levels", "residential", "SET", ("is", "Residential"), ("starts", "Short-term residential"),
            ("starts", "Long-term residential")),
    *_rules("care_levels", "residential", "FT", ("starts", "Residential treatment center")),
    *_rules("care_levels", "inpatient", "SET", ("starts", "Hospital inpatient")),
    *_rules("care_levels", "inpatient", "FT", ("starts", "Psychiatric hospital")),
    *_rules("care_levels", "detox", "SET", ("contains", "detoxification")),
    *_rules("care_levels", "detox", "DETOX", ("any", "")),
    *_rules("telehealth", "true", "SET TAP", ("contains", "telemedicine"), ("contains", "telehealth")),
    *_rules("payment_kinds", "medicaid", "PAY", ("is", "Medicaid")),
    *_rules("payment_kinds", "medicare", "PAY", ("is", "Medicare")),
    *_rules("payment_kinds", "private", "PAY", ("is", "Private health insurance")),
    *_rules("payment_kinds", "military", "PAY", ("contains", "TRICARE")),
    *_rules("payment_kinds", "va", "PAY", ("starts", "U.S. Department of VA")),
    *_rules("payment_kinds", "self_pay", "PAY", ("is", "Cash or self-payment")),
    *_rules("payment_kinds", "sliding_fee", "PAY PYAS", ("starts", "Sliding fee scale")),
    *_rules("payment_kinds", "payment_assistance", "PAY PYAS", ("starts", "Payment assistance")),
    # "starts": real labels may end in the abbreviation, e.g. "... Facilities (CARF)".
    *_rules("accreditations", "joint_commission", "LCA", ("starts", "The Joint Commission")),
    *_rules("accreditations", "carf", "LCA", ("starts", "Commission on Accreditation of Rehabilitation Facilities")),
    *_rules("accreditations", "ncqa", "LCA", ("starts", "National Committee for Quality Assurance")),
    *_rules("accreditations", "coa", "LCA", ("starts", "Council on Accreditation")),
    *_rules("accreditations", "hfap", "LCA", ("starts", "Healthcare Facilities Accreditation Program")),
    *_rules("therapies", "cbt", "TAP", ("is", "Cognitive behavioral therapy")),
    *_rules("therapies", "dbt", "TAP", ("is", "Dialectical behavior therapy")),
    *_rules("therapies", "mi", "TAP", ("is", "Motivational interviewing")),
    *_rules("therapies", "twelve_step", "TAP", ("is", "12-step facilitation")),
    *_rules("therapies", "contingency_management", "TAP", ("starts", "Contingency management")),
    *_rules("therapies", "family", "TAP", ("is", "Couples/family therapy")),
    *_rules("therapies", "group", "TAP", ("is", "Group therapy")),
    *_rules("therapies", "individual", "TAP", ("is", "Individual psychotherapy")),
    *_rules("therapies", "trauma", "TAP", ("is", "Trauma-related counseling"), ("is", "Trauma therapy")),
    *_rules("therapies", "emdr", "TAP", ("starts", "Eye Movement Desensitization")),
    *_rules("populations", "veterans", "SG", ("is", "Veterans")),
    *_rules("populations", "military", "SG", ("is", "Active duty military")),
    *_rules("populations", "adolescents", "SG", ("is", "Adolescents")),
    *_rules("populations", "adolescents", "AGE", ("contains", "adolescents")),
    *_rules("populations", "young_adults", "SG", ("contains", "young adults")),
    *_rules("populations", "young_adults", "AGE", ("is", "Young adults")),
    *_rules("populations", "seniors", "SG", ("is", "Seniors or older adults")),
    *_rules("populations", "seniors", "AGE", ("starts", "Seniors")),
    *_rules("populations", "pregnant_women", "SG", ("is", "Pregnant/postpartum women")),
    *_rules("populations", "lgbtq", "SG", ("contains", "LGBT")),
    *_rules("populations", "co_occurring", "SG", ("contains", "co-occurring")),
    *_rules("populations", "criminal_justice", "SG", ("starts", "Criminal justice"), ("contains", "court/judicial")),
    *_rules("populations", "trauma", "SG", ("contains", "experienced trauma"), ("contains", "PTSD")),
    *[rule for med in ("buprenorphine", "naltrexone", "methadone")
      for rule in _rules("medications", med, "OM PHR OT", ("contains", med), unless_starts=NEGATED)],
    # Language codes beyond the table's `es` follow the same "starts" rule with the language's name.
    *[rule for code, name in (("es", "Spanish"), ("zh", "Chinese"), ("vi", "Vietnamese"), ("ko", "Korean"),
                              ("ru", "Russian"), ("ar", "Arabic"), ("fr", "French"), ("ht", "Haitian"),
                              ("pt", "Portuguese"), ("tl", "Tagalog"), ("pl", "Polish"))
      for rule in _rules("languages", code, "OL LANG", ("starts", name))],
    *_rules("aftercare", "true", "TRSRV", ("is", "Aftercare/continuing care")),
    # Family therapy on offer is the one family-involvement fact the feed carries.
    *_rules("family_involvement", "true", "TAP", ("is", "Couples/family therapy")),
]  # fmt: skip

RULES_BY_CODE: dict[str, list[Rule]] = {}
for _rule in RULES:
    for _code in _rule.codes:
        RULES_BY_CODE.setdefault(_code, []).append(_rule)

SET_FIELDS = ("care_levels", "therapies", "accreditations", "populations", "medications", "languages",
              "payment_kinds")  # fmt: skip
FLAG_FIELDS = ("telehealth", "aftercare", "family_involvement")
_SPACES = re.compile(r"\s+")
_url_validator = URLValidator(schemes=["http", "https"])


def clean(text) -> str:
    """Remove stray U+FFFD, turn NBSP and runs of whitespace into one space, strip."""
    if text is None:
        return ""
    return _SPACES.sub(" ", str(text).replace("\ufffd", "").replace("\xa0", " ")).strip()


def parse_rows(
    rows: Iterable, *, source: str = SOURCE, only: set[str] | None = None
) -> Iterator[ProgramRecord | RejectedRow]:
    """Map each row to a ProgramRecord of `source`, or a RejectedRow naming what is wrong with it.
    With `only`, rows whose frid is not in it are skipped unparsed (a refresh's second pass)."""
    seen: dict[str, int] = {}
    for position, row in enumerate(rows, 1):
        if only is not None and not (isinstance(row, dict) and clean(row.get("frid")) in only):
            continue
        item = parse_row(row, position, source=source)
        if isinstance(item, ProgramRecord):
            if item.source_id in seen:
                reason = f"duplicate frid, first seen at row {seen[item.source_id]}"
                item = RejectedRow(position, item.source_id, (reason,))
            else:
                seen[item.source_id] = position
        yield item


def parse_row(row, position: int, *, source: str = SOURCE) -> ProgramRecord | RejectedRow:
    if not isinstance(row, dict):
        return RejectedRow(position, "", (f"not a facility object but {type(row).__name__}",))
    frid = clean(row.get("frid"))
    reasons: list[str] = []
    if not frid:
        reasons.append("missing frid")
    name = clean(row.get("name1"))
    if not name:
        reasons.append("missing name1 (facility name)")
    city = clean(row.get("city"))
    if not city:
        reasons.append("missing city")
    state = clean(row.get("state")).upper()
    if state not in US_STATES:
        reasons.append(f"state {row.get('state')!r} is not a US state code")
    zip_parts = split_zip(clean(row.get("zip")))
    if zip_parts is None:
        reasons.append(f"zip {row.get('zip')!r} is not a US ZIP code")
    latitude, lat_error = _coordinate(row.get("latitude"), "latitude", 90)
    longitude, lng_error = _coordinate(row.get("longitude"), "longitude", 180)
    reasons += [error for error in (lat_error, lng_error) if error]
    services = row.get("services")
    if services is not None and not isinstance(services, list):
        reasons.append("services is neither a list nor null")
    if reasons:
        return RejectedRow(position, frid, tuple(reasons))

    zip_code, zip4 = zip_parts
    if latitude is None or longitude is None or (latitude == 0 and longitude == 0):
        # Without usable coordinates the ZIP centroid keeps the listing findable by distance.
        latitude, longitude = zip_centroid(zip_code) or (None, None)
    mapped, categories = map_services(services or [])
    phones = tuple(
        (kind, number)
        for kind, key in (("intake", "intake1"), ("intake", "intake2"), ("hotline", "hotline1"))
        if (number := clean(row.get(key)))
    )
    return ProgramRecord(
        source=source,
        source_id=frid,
        provided=PROVIDES,
        name=name,
        program_name=clean(row.get("name2")),
        facility_type=clean(row.get("typeFacility")).upper()[:2],
        street1=clean(row.get("street1")),
        street2=clean(row.get("street2")),
        city=city,
        state=state,
        zip_code=zip_code,
        zip4=zip4,
        latitude=latitude,
        longitude=longitude,
        phone=clean(row.get("phone")),
        phones=tuple(dict.fromkeys(phones)),
        website=normalise_website(row.get("website")),
        otp_id=clean(row.get("otp_id_number")),
        services=categories,
        **mapped,
    )


def _coordinate(value, name: str, limit: int) -> tuple[float | None, str | None]:
    text = clean(value)
    if not text:
        return None, None
    try:
        number = float(text)
    except ValueError:
        return None, f"{name} {value!r} is not a number"
    if not -limit <= number <= limit:
        return None, f"{name} {value!r} is outside -{limit}..{limit}"
    return number, None


def map_services(services: list) -> tuple[dict, tuple[dict, ...]]:
    """Apply RULES to every token; return the mapped fields and every category with its unused tokens."""
    found: dict[str, set[str]] = {name: set() for name in SET_FIELDS}
    flags: dict[str, bool] = {}
    categories = []
    for entry in services:
        if not isinstance(entry, dict):
            continue
        code = clean(entry.get("f2")).upper()
        tokens, unmapped, hits = _map_category(code, str(entry.get("f3") or ""))
        for name, value in hits:
            if name in FLAG_FIELDS:
                flags[name] = True
            else:
                found[name].add(value)
        categories.append({"code": code, "label": clean(entry.get("f1")), "values": tokens, "unmapped": unmapped})
    mapped = {name: frozenset(values) for name, values in found.items()}
    mapped["telehealth"] = flags.get("telehealth", False)
    # Absent aftercare or family therapy is "not reported", not "no".
    mapped["aftercare"] = flags.get("aftercare")
    mapped["family_involvement"] = flags.get("family_involvement")
    return mapped, tuple(categories)


def _map_category(code: str, f3: str) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """(tokens, tokens no rule uses, (field, value) hits) of one category's `f3` text."""
    tokens, unmapped, hits = [], [], []
    for part in f3.split(";"):
        token, matched = _map_token(code, part)
        if not token:
            continue
        tokens.append(token)
        hits += matched
        if not matched:
            unmapped.append(token)
    return tokens, unmapped, hits


@lru_cache(maxsize=65536)
def _map_token(code: str, raw: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """One cleaned token and the (field, value) pairs it maps to; feeds repeat tokens a lot."""
    token = clean(raw)
    return token, tuple((rule.field, rule.value) for rule in RULES_BY_CODE.get(code, ()) if rule.matches(code, token))


def normalise_website(value) -> str:
    """Add a missing scheme, drop placeholders like 'http://' and anything that is not a URL."""
    text = clean(value)
    if not text or text.lower() in {"http://", "https://"}:
        return ""
    if not re.match(r"^https?://", text, re.IGNORECASE):
        text = f"http://{text}"
    try:
        _url_validator(text)
    except ValidationError:
        return ""
    return text
