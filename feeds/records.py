"""Plain records between parsing and applying: parsers build them, the apply service reads them.

Nothing here touches the database."""

import hashlib
import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class ProgramRecord:
    """One program listing as a feed describes it, already mapped to IOP Finder's slugs."""

    source: str
    source_id: str
    name: str
    city: str
    state: str
    zip_code: str
    program_name: str = ""
    facility_type: str = ""
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
    care_levels: frozenset[str] = frozenset()
    therapies: frozenset[str] = frozenset()
    accreditations: frozenset[str] = frozenset()
    populations: frozenset[str] = frozenset()
    medications: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    payment_kinds: frozenset[str] = frozenset()
    # Every service category of the row: [{"code", "label", "values", "unmapped"}].
    services: tuple[dict, ...] = field(default=())

    def content_hash(self) -> str:
        """A fingerprint of everything the record says: equal hashes mean nothing to write."""
        payload = json.dumps(asdict(self), sort_keys=True, default=sorted, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class RejectedRow:
    """A feed row that could not be used, with the reasons in words a curator can act on."""

    row: int  # 1-based position in the feed
    source_id: str
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        ident = f" (frid {self.source_id})" if self.source_id else ""
        return f"row {self.row}{ident}: " + "; ".join(self.reasons)


class FeedFormatError(ValueError):
    """The document is not a feed of the expected format; nothing may be applied from it."""


class FeedFetchError(OSError):
    """The feed could not be read from its file or URL."""
