"""Plain records between parsing and applying: parsers build them, the apply service reads them.

Nothing here touches the database."""

import hashlib
import json
from dataclasses import dataclass, field, fields
from decimal import Decimal

# Lockable facts a record can carry, grouped as curators think of them. "location" is the whole
# address (street, city, state, ZIP, coordinates, main phone).
SCALAR_FIELDS = (
    "name", "program_name", "facility_type", "description", "website", "otp_id", "telehealth", "aftercare",
    "family_involvement", "hours_per_week", "sessions_per_week", "typical_weeks", "schedule_daytime",
    "schedule_evening", "schedule_weekend", "accepting_new_clients", "wait_days", "services",
)  # fmt: skip
TAG_FIELDS = ("care_levels", "therapies", "accreditations", "populations", "medications", "languages")
COVERAGE_FIELDS = ("payment_kinds", "medicaid_states", "insurance_plans", "licensed_states")
OTHER_FIELDS = ("location", "phones", "cost")
ALL_FIELDS = frozenset(SCALAR_FIELDS + TAG_FIELDS + COVERAGE_FIELDS + OTHER_FIELDS)


@dataclass(frozen=True)
class CostRecord:
    amount: Decimal
    basis: str  # "week" | "program"
    currency: str = "USD"


@dataclass(frozen=True)
class ProgramRecord:
    """One program listing as a feed describes it, already mapped to IOP Finder's slugs.

    `provided` names the fields this feed actually carries: the others are left as they are in the
    directory (a SAMHSA row says nothing about cost, so it never erases a cost a curator entered)."""

    source: str
    source_id: str
    name: str
    city: str
    state: str
    zip_code: str
    provided: frozenset[str] = ALL_FIELDS
    program_name: str = ""
    facility_type: str = ""
    description: str = ""
    provider_name: str = ""  # defaults to `name`
    street1: str = ""
    street2: str = ""
    zip4: str = ""
    latitude: float | None = None
    longitude: float | None = None
    phone: str = ""
    phones: tuple[tuple[str, str], ...] = ()  # (kind, number), kind from Phone.Kind
    website: str = ""
    otp_id: str = ""
    telehealth: bool = False
    aftercare: bool | None = None
    family_involvement: bool | None = None
    hours_per_week: Decimal | None = None
    sessions_per_week: int | None = None
    typical_weeks: int | None = None
    schedule_daytime: bool | None = None
    schedule_evening: bool | None = None
    schedule_weekend: bool | None = None
    accepting_new_clients: bool | None = None
    wait_days: int | None = None
    cost: CostRecord | None = None
    care_levels: frozenset[str] = frozenset()
    therapies: frozenset[str] = frozenset()
    accreditations: frozenset[str] = frozenset()
    populations: frozenset[str] = frozenset()
    medications: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    payment_kinds: frozenset[str] = frozenset()
    medicaid_states: frozenset[str] = frozenset()
    insurance_plans: frozenset[str] = frozenset()
    licensed_states: frozenset[str] = frozenset()
    # Every service category of the row: [{"code", "label", "values", "unmapped"}].
    services: tuple[dict, ...] = field(default=())

    @property
    def organisation(self) -> str:
        return self.provider_name or self.name

    def content_hash(self) -> str:
        """A fingerprint of everything the record says: equal hashes mean nothing to write."""
        payload = json.dumps([getattr(self, f.name) for f in FIELDS], default=_jsonable, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()


FIELDS = fields(ProgramRecord)


def _jsonable(value):
    if isinstance(value, frozenset | set):
        return sorted(value)
    if isinstance(value, CostRecord):
        return [str(value.amount), value.basis, value.currency]
    return str(value)


@dataclass(frozen=True)
class RejectedRow:
    """A feed row that could not be used, with the reasons in words a curator can act on."""

    row: int  # 1-based position in the feed
    source_id: str
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        ident = f" (id {self.source_id})" if self.source_id else ""
        return f"row {self.row}{ident}: " + "; ".join(self.reasons)

    def as_dict(self) -> dict:
        return {"row": self.row, "source_id": self.source_id, "reasons": list(self.reasons)}


class FeedFormatError(ValueError):
    """The document is not a feed of the expected format; nothing may be applied from it."""


class FeedFetchError(OSError):
    """The feed could not be read from its file or URL."""
