"""Open Referral HSDS 3.0 services -> ProgramRecords.

Reads HSDS JSON (a service, service_at_location or organization document, a list of them, or an API
page {"contents": [...], "total_pages": n}) and tabular datapackages (joined into the same nested
service documents by hsds_package). One record per service_at_location, or per service when it has
none; its source_id is that object's id. IOP Finder's own facts come back from the "iopfinder"
taxonomy (see feeds.hsds_mapping); other feeds give the standard fields and empty tag sets."""

from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

from programs.geo import US_STATES, split_zip, zip_centroid

from ..fetch import is_url, polite_pause, read_source, with_query
from ..hsds_mapping import (
    COST_OPTIONS,
    MAIN_PHONE,
    as_text,
    cost_basis,
    language_code,
    phone_kind,
    read_attributes,
)
from ..records import ALL_FIELDS, CostRecord, FeedFormatError, ProgramRecord, RejectedRow
from .documents import load_json
from .hsds_package import DESCRIPTOR, read_datapackage
from .samhsa import clean, normalise_website

SOURCE = "hsds"
# HSDS carries every fact a listing has: standard fields, and the rest as attributes.
PROVIDES = ALL_FIELDS
STATE_CODES = {name.casefold(): code for code, name in US_STATES.items()}
# Longest text each column of the directory stores.
MAX_LENGTHS = {"name": 255, "program_name": 255, "provider_name": 255, "website": 500, "street1": 255,
               "street2": 255, "city": 120, "phone": 40}  # fmt: skip
MAX_COST = Decimal("99999999.99")
MAX_ID_LENGTH = 100
NOT_HSDS = 'expected an HSDS service document (with an id), a list of them or an API page {"contents": [...]}'


def read_rows(data: bytes | str) -> list:
    """The service documents of an HSDS JSON document; raises FeedFormatError when it is not HSDS JSON."""
    return read_page(data)[0]


def read_page(data: bytes | str) -> tuple[list, int]:
    """The services of one document and how many pages the listing has (1 unless it is an API page)."""
    document = load_json(data)
    if isinstance(document, dict) and "resources" in document:
        raise FeedFormatError(f"this is a datapackage descriptor: give the directory or the path of its {DESCRIPTOR}")
    if isinstance(document, dict) and "contents" in document:
        if not isinstance(document["contents"], list):
            raise FeedFormatError('an HSDS API page whose "contents" is not a list')
        _check_objects(document["contents"], where="the page's contents")
        try:
            total_pages = max(1, int(document.get("total_pages") or 1))
        except (TypeError, ValueError):
            raise FeedFormatError(f"total_pages {document.get('total_pages')!r} is not a number") from None
        return _services(document["contents"]), total_pages
    if isinstance(document, dict):
        if not document.get("id"):
            raise FeedFormatError(NOT_HSDS)
        return _services([document]), 1
    if isinstance(document, list):
        _check_objects(document, where="the list")
        return _services(document), 1
    raise FeedFormatError(NOT_HSDS)


def _check_objects(items: list, *, where: str) -> None:
    if items and not any(isinstance(item, dict) and item.get("id") for item in items):
        raise FeedFormatError(f"{where} holds no HSDS objects (none has an id)")


def _services(items: list) -> list:
    """Service documents from services, services at a location (with their service) and organizations
    (with their services); anything else is passed on for parse_rows to reject with a reason."""
    services = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("service"), dict):
            at_location = {key: value for key, value in item.items() if key != "service"}
            services.append({**item["service"], "service_at_locations": [at_location]})
        elif isinstance(item, dict) and isinstance(item.get("services"), list) and "service_at_locations" not in item:
            organization = {key: value for key, value in item.items() if key != "services"}
            services += [{"organization": organization, **s} if isinstance(s, dict) else s for s in item["services"]]
        else:
            services.append(item)
    return services


def fetch_rows(location: str, *, page_size: int, timeout: float, retries: int, delay: float) -> list:
    """All services at `location`: a datapackage directory or its datapackage.json, an HSDS JSON file,
    or an http(s) URL of an HSDS API listing, paged with page/per_page until total_pages."""
    if not is_url(location):
        path = Path(location)
        if path.is_dir():
            return read_datapackage(path)
        if path.name == DESCRIPTOR:
            return read_datapackage(path.parent)
        return read_rows(read_source(location))
    services, page, total_pages = [], 1, 1
    while page <= total_pages:
        if page > 1:
            polite_pause(delay)
        url = with_query(location, page=page, per_page=page_size)
        page_services, total_pages = read_page(read_source(url, timeout=timeout, retries=retries))
        services.extend(page_services)
        page += 1
    return services


def parse_rows(rows: Iterable, *, source: str = SOURCE) -> Iterator[ProgramRecord | RejectedRow]:
    """One ProgramRecord of `source` per service at a location (or per service without one), or a
    RejectedRow naming what is wrong; `row` is the service's position in the feed."""
    seen: dict[str, int] = {}
    for position, service in enumerate(rows, 1):
        if not isinstance(service, dict):
            yield RejectedRow(position, "", (f"not a service object but {type(service).__name__}",))
            continue
        at_locations: list[dict | None] = [*_list(service, "service_at_locations")] or [None]
        for at_location in at_locations:
            item = parse_service(service, at_location, position, source=source)
            if isinstance(item, ProgramRecord):
                if item.source_id in seen:
                    reason = f"duplicate id, first seen in service {seen[item.source_id]}"
                    item = RejectedRow(position, item.source_id, (reason,))
                else:
                    seen[item.source_id] = position
            yield item


def parse_service(service: dict, at_location: dict | None, position: int, *, source: str = SOURCE):
    """One service (at one location) -> a ProgramRecord, or a RejectedRow with the reasons."""
    source_id = as_text((at_location or service).get("id"))
    reasons = [] if source_id else [f"missing id of the {'service_at_location' if at_location else 'service'}"]
    if len(source_id) > MAX_ID_LENGTH:
        reasons.append(f"id is longer than {MAX_ID_LENGTH} characters")
    location = _dict(at_location or {}, "location")
    address = _address(location)
    if not address:
        reasons.append("no location with a physical address (add a service_at_location whose location has one)")
    name = clean(service.get("name"))
    if not name:
        reasons.append("missing name (service name)")
    city = clean(address.get("city"))
    if address and not city:
        reasons.append("missing address city")
    state_text = clean(address.get("state_province"))
    state = state_text.upper() if state_text.upper() in US_STATES else STATE_CODES.get(state_text.casefold(), "")
    if address and not state:
        reasons.append(f"address state_province {address.get('state_province')!r} is not a US state")
    zip_parts = split_zip(clean(address.get("postal_code")))
    if address and zip_parts is None:
        reasons.append(f"address postal_code {address.get('postal_code')!r} is not a US ZIP code")
    latitude, lat_error = _coordinate(location.get("latitude"), "latitude", 90)
    longitude, lng_error = _coordinate(location.get("longitude"), "longitude", 180)
    reasons += [error for error in (lat_error, lng_error) if error]
    facts, fact_reasons = read_attributes(_list(service, "attributes") + _list(at_location or {}, "attributes"))
    reasons += fact_reasons
    cost, cost_reasons = _cost(_list(service, "cost_options"))
    reasons += cost_reasons
    main_phone, phones = _phones(service, at_location or {}, location)
    fields = {
        "name": name, "program_name": clean(service.get("alternate_name")), "city": city, "phone": main_phone,
        "provider_name": clean(_dict(service, "organization").get("name")), "street1": clean(address.get("address_1")),
        "street2": clean(address.get("address_2")), "website": normalise_website(service.get("url")),
    }  # fmt: skip
    reasons += [f"{key} is longer than {limit} characters" for key, limit in MAX_LENGTHS.items()
                if len(fields[key]) > limit]  # fmt: skip
    reasons += [f"phone {number!r} is longer than 40 characters" for _, number in phones if len(number) > 40]
    if reasons:
        return RejectedRow(position, source_id, tuple(reasons))

    zip_code, zip4 = zip_parts
    if latitude is None or longitude is None or (latitude == 0 and longitude == 0):
        # Without usable coordinates the ZIP centroid keeps the listing findable by distance.
        latitude, longitude = zip_centroid(zip_code) or (None, None)
    return ProgramRecord(
        source=source, source_id=source_id, provided=PROVIDES, **fields, state=state, zip_code=zip_code, zip4=zip4,
        latitude=latitude, longitude=longitude, phones=phones, cost=cost,
        description=as_text(service.get("description")),
        languages=_languages(_list(service, "languages") + _list(location, "languages")),
        **_with_schedule_flags(facts, _list(service, "schedules") + _list(at_location or {}, "schedules")),
    )  # fmt: skip


def _address(location: dict) -> dict:
    """The location's physical address, else its first address of any type."""
    addresses = _list(location, "addresses")
    physical = [a for a in addresses if as_text(a.get("address_type")).casefold() in ("physical", "")]
    return (physical or addresses or [{}])[0]


def _phones(service: dict, at_location: dict, location: dict) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The location's main number, and the program's other numbers as (kind, number)."""
    located = [p for p in _list(location, "phones") if _number(p)]
    main = next((p for p in located if as_text(p.get("description")) == MAIN_PHONE), located[0] if located else None)
    phones = []
    for phone in _list(at_location, "phones") + _list(service, "phones"):
        number = _number(phone)
        if number and (main is None or phone.get("id") != main.get("id")):
            phones.append((phone_kind(as_text(phone.get("description"))), number))
    return (_number(main) if main else ""), tuple(dict.fromkeys(phones))


def _number(phone: dict) -> str:
    number = clean(phone.get("number")).strip('"')
    extension = as_text(phone.get("extension"))
    return f"{number} ext. {extension}" if number and extension else number


def _languages(languages: list[dict]) -> frozenset[str]:
    codes = (language_code(as_text(lang.get("code")), as_text(lang.get("name"))) for lang in languages)
    return frozenset(code for code in codes if code)


def _cost(options: list[dict]) -> tuple[CostRecord | None, list[str]]:
    """The first cost option that is per week or per program; options on other terms are not mapped."""
    for option in options:
        basis = cost_basis(as_text(option.get("option")), as_text(option.get("amount_description")))
        if basis is None:
            continue
        where = f"cost_option {COST_OPTIONS[basis]!r}"
        currency = (as_text(option.get("currency")) or "USD").upper()
        try:
            amount = Decimal(as_text(option.get("amount")))
        except InvalidOperation:
            return None, [f"{where}: amount {option.get('amount')!r} is not a number"]
        if not amount.is_finite() or not 0 <= amount <= MAX_COST:
            return None, [f"{where}: amount {amount} is outside 0..{MAX_COST}"]
        if len(currency) != 3 or not currency.isalpha() or not currency.isascii():
            return None, [f"{where}: currency {option.get('currency')!r} is not an ISO 4217 code such as USD"]
        return CostRecord(amount.quantize(Decimal("0.01")), basis, currency), []
    return None, []


def _with_schedule_flags(facts: dict, schedules: list[dict]) -> dict:
    """`facts` with daytime/evening/weekend from IOP Finder's attributes, else from HSDS opening hours
    (opening before 17:00 is daytime, closing after 18:00 is evening, Saturday or Sunday is weekend)."""
    opens = [m for s in schedules if (m := _minutes(s.get("opens_at"))) is not None]
    closes = [m for s in schedules if (m := _minutes(s.get("closes_at"))) is not None]
    days = {day.strip().upper() for s in schedules for day in as_text(s.get("byday")).split(",")}
    shown = {
        "schedule_daytime": any(minute < 17 * 60 for minute in opens),
        "schedule_evening": any(minute > 18 * 60 for minute in closes),
        "schedule_weekend": bool(days & {"SA", "SU"}),
    }
    return {**facts, **{name: True for name, seen in shown.items() if seen and facts[name] is None}}


def _minutes(value) -> int | None:
    """Minutes after midnight of an HSDS time ("18:30:00", "9:00"), or None."""
    hours, _, rest = as_text(value).partition(":")
    minutes = rest[:2]
    if not (hours.isdigit() and minutes.isdigit()):
        return None
    return int(hours) * 60 + int(minutes)


def _coordinate(value, name: str, limit: int) -> tuple[float | None, str | None]:
    text = as_text(value)
    if not text:
        return None, None
    try:
        number = float(text)
    except ValueError:
        return None, f"location {name} {value!r} is not a number"
    if not -limit <= number <= limit:
        return None, f"location {name} {value!r} is outside -{limit}..{limit}"
    return number, None


def _list(obj: dict, key: str) -> list[dict]:
    value = obj.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _dict(obj: dict, key: str) -> dict:
    value = obj.get(key)
    return value if isinstance(value, dict) else {}
