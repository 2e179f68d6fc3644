"""Applying parsed records to the directory: one transaction, guarded, with a diff of what changed.

Curated fields (Program.locked_fields) are never overwritten: the feed's differing value is recorded
in `held_back` for a curator to review. Listings missing from a full refresh are withdrawn (hidden,
kept, restorable), never deleted. Every listing created, changed or withdrawn gets a history entry
naming the run.

A feed id is matched to its listing by (source, source_id), or through a SourceAlias: the ids of a
merged listing, each with its own content hash, so a merged-away duplicate's rows update the survivor.
A merged listing is withdrawn only once none of its ids is left in its feed."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from insurance.models import Cost, InsurancePlan, MedicaidState, PaymentKind, PaymentOption, PlanAcceptance
from programs import pagecache
from programs.curation.history import record_history
from programs.models import (
    Accreditation,
    CareLevel,
    Language,
    LicensedState,
    Location,
    Medication,
    Phone,
    Population,
    Program,
    Provider,
    SourceAlias,
    Therapy,
)

from .records import SCALAR_FIELDS, TAG_FIELDS, CostRecord, ProgramRecord, RejectedRow

VOCABULARIES = {
    "care_levels": CareLevel,
    "therapies": Therapy,
    "accreditations": Accreditation,
    "populations": Population,
    "medications": Medication,
    "languages": Language,
}
MAX_LISTED_CHANGES = 2000  # a run's diff keeps this many entries; counts are always complete
CREATE_BATCH = 1000  # new listings are written in bulk, this many at a time
# Record field -> (model with one row per value, its value column).
RELATED_ROWS = {
    "payment_kinds": (PaymentOption, "kind_id"),
    "insurance_plans": (PlanAcceptance, "plan_id"),
    "medicaid_states": (MedicaidState, "state"),
    "licensed_states": (LicensedState, "state"),
}


class RefreshAborted(Exception):
    """A safety guard stopped the run before anything was written."""


@dataclass
class ApplyResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    restored: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)
    held_back: list[dict] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.rows} rows: {self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.withdrawn} withdrawn, {self.restored} restored, {len(self.rejected)} rejected"
        )

    def note_change(self, entry: dict) -> None:
        if len(self.changes) < MAX_LISTED_CHANGES:
            self.changes.append(entry)


def check_guards(
    *,
    source: str,
    record_ids: set[str],
    rejected: list[RejectedRow],
    max_withdraw_share: float,
    max_reject_share: float,
) -> None:
    """Raise RefreshAborted when a full refresh looks wrong: no usable rows, too many rejected rows,
    or too many listings that would be withdrawn."""
    total = len(record_ids) + len(rejected)
    if total and len(rejected) / total > max_reject_share:
        raise RefreshAborted(
            f"{len(rejected)} of {total} rows failed validation, more than the {max_reject_share:.0%} allowed"
        )
    if not record_ids:
        raise RefreshAborted(f"the feed has no usable rows ({total} rows)")
    listings = Program.objects.filter(source=source).exclude(status=Program.Status.WITHDRAWN)
    active = set(listings.values_list("source_id", flat=True))
    # A rejected row still names its listing: that listing is kept as it is, not withdrawn.
    missing = active - record_ids - {item.source_id for item in rejected}
    if active and len(missing) / len(active) > max_withdraw_share:
        raise RefreshAborted(
            f"the feed would withdraw {len(missing)} of {len(active)} listings ({len(missing) / len(active):.0%}), "
            f"more than the {max_withdraw_share:.0%} allowed"
        )


@transaction.atomic
def apply_records(
    *,
    source: str,
    records: Iterable[ProgramRecord | RejectedRow],
    withdraw_missing: bool = False,
    seen: set[str] | None = None,
    run_id: int | None = None,
) -> ApplyResult:
    """Upsert records by (source, source_id) in one transaction. An unchanged record (same content
    hash) writes nothing. With `withdraw_missing`, listings of `source` absent from the records (and
    from `seen`, the ids an earlier pass over the feed read) are withdrawn. Rejected rows are collected,
    never applied, and their listings are kept as they are. History entries name the FeedRun `run_id`."""
    result = ApplyResult()
    writer = _Writer(source=source, result=result, run_id=run_id)
    # The caller's set is extended in place rather than copied: at 300,000 ids a copy costs tens of MB.
    seen = seen if seen is not None else set()
    # Cached public pages go stale once, at the end, if the listings changed (bulk writes send no signals).
    with pagecache.batch():
        for item in records:
            result.rows += 1
            seen.add(item.source_id)
            if isinstance(item, RejectedRow):
                result.rejected.append(item)
                continue
            writer.apply(item)
        writer.flush()
        if withdraw_missing:
            writer.withdraw_all_but(seen)
        if result.created or result.updated or result.withdrawn or result.restored:
            pagecache.listings_changed()
    return result


class _Known(NamedTuple):
    """What the directory holds for one feed id of the source being applied."""

    pk: int
    digest: str
    status: str
    status_locked: bool = False  # a curator set the status: the feed neither restores nor withdraws
    alias_id: int | None = None  # matched through a SourceAlias (its hash is the alias's)
    missing: bool = False  # the alias's feed dropped it

    @property
    def needs_apply(self) -> bool:
        """Its row must be applied even when unchanged: to restore the listing or mark the id present."""
        return self.missing or (self.status == Program.Status.WITHDRAWN and not self.status_locked)


def known_ids(*, source: str) -> dict[str, _Known]:
    """Every feed id of `source` the directory knows, with the listing it updates."""
    known = {
        sid: _Known(pk, digest, status, "status" in locked)
        for sid, pk, digest, status, locked in Program.objects.filter(source=source, merged_into__isnull=True)
        .values_list("source_id", "pk", "content_hash", "status", "locked_fields")
    }  # fmt: skip
    aliases = SourceAlias.objects.filter(source=source).values_list(
        "source_id", "pk", "program_id", "content_hash", "missing_since", "program__status", "program__locked_fields"
    )
    for sid, alias_id, pk, digest, missing_since, status, locked in aliases:
        known[sid] = _Known(pk, digest, status, "status" in locked, alias_id, missing_since is not None)
    return known


def current_hashes(*, source: str) -> dict[str, str]:
    """{feed id: content hash} of the ids whose row needs applying only when its hash differs."""
    return {sid: item.digest for sid, item in known_ids(source=source).items() if not item.needs_apply}


class _Writer:
    def __init__(self, *, source: str, result: ApplyResult, run_id: int | None = None):
        self.source = source
        self.result = result
        self.now = timezone.now()
        self.run_id = run_id
        self.reason = f"feed run #{run_id} ({source})" if run_id else f"{source} feed import"
        self.pending: list[tuple[ProgramRecord, str]] = []
        self.history: list[tuple[Program, dict]] = []
        self.restored: set[int] = set()
        self.ids = {name: dict(model.objects.values_list("slug", "pk")) for name, model in VOCABULARIES.items()}
        self.ids["payment_kinds"] = dict(PaymentKind.objects.values_list("slug", "pk"))
        self.ids["insurance_plans"] = dict(InsurancePlan.objects.values_list("slug", "pk"))
        self.known = known_ids(source=source)

    # --- one record ---------------------------------------------------------------------------
    def apply(self, record: ProgramRecord) -> None:
        digest = record.content_hash()
        known = self.known.get(record.source_id)
        if known is None:
            self.pending.append((record, digest))
            if len(self.pending) >= CREATE_BATCH:
                self.flush()
            return
        if known.digest == digest and not known.needs_apply:
            self.result.unchanged += 1
            return
        program = self._program(known.pk)
        fields = self._update(program, record, digest, known.alias_id) if known.digest != digest else {}
        if known.missing:
            SourceAlias.objects.filter(pk=known.alias_id).update(missing_since=None)
        withdrawn = program.status == Program.Status.WITHDRAWN
        if withdrawn and not known.status_locked and program.pk not in self.restored:
            Program.objects.filter(pk=program.pk).update(status=Program.Status.PUBLISHED)
            program.status = Program.Status.PUBLISHED
            fields["status"] = [Program.Status.WITHDRAWN, Program.Status.PUBLISHED]
            self.restored.add(program.pk)
            self.result.restored += 1
        self.known[record.source_id] = known._replace(digest=digest, status=program.status, missing=False)
        if fields:
            self.result.updated += 1
            self.result.note_change(
                {"source_id": record.source_id, "program_id": program.pk, "action": "updated", "fields": fields}
            )
            self.history.append((program, fields))
            if len(self.history) >= CREATE_BATCH:
                self._write_history()
        else:
            self.result.unchanged += 1

    def _write_history(self) -> None:
        entries, self.history = self.history, []
        record_history(entries=entries, reason=self.reason, run_id=self.run_id, when=self.now)

    def _program(self, pk: int) -> Program:
        return (
            Program.objects.select_related("location", "location__provider", "cost")
            .prefetch_related(
                *TAG_FIELDS,
                "payment_options__kind",
                "medicaid_states",
                "licensed_states",
                "plan_acceptances__plan",
                "phones",
            )
            .get(pk=pk)
        )

    def flush(self) -> None:
        """Create the buffered new listings with a fixed number of bulk statements per batch, and write
        the buffered history."""
        self._write_history()
        batch, self.pending = self.pending, []
        if not batch:
            return
        locations = self._locations([record for record, _ in batch])
        programs = Program.objects.bulk_create(
            [
                Program(
                    source=record.source,
                    source_id=record.source_id,
                    location=locations[_location_key(record)],
                    first_seen_at=self.now,
                    last_refreshed_at=self.now,
                    content_hash=digest,
                    **{name: _stored(record, name) for name in SCALAR_FIELDS if name in record.provided},
                )
                for record, digest in batch
            ]
        )
        pairs = [(program, record) for program, (record, _) in zip(programs, batch, strict=True)]
        for name in VOCABULARIES:
            through = getattr(Program, name).through
            column = f"{VOCABULARIES[name]._meta.model_name}_id"
            through.objects.bulk_create(
                [through(program_id=p.pk, **{column: value})
                 for p, r in pairs if name in r.provided for value in self._values(name, getattr(r, name))]
            )  # fmt: skip
        for name, (model, column) in RELATED_ROWS.items():
            model.objects.bulk_create(
                [model(program_id=p.pk, **{column: value})
                 for p, r in pairs if name in r.provided for value in self._values(name, getattr(r, name))]
            )  # fmt: skip
        Phone.objects.bulk_create(
            [Phone(program_id=p.pk, kind=kind, number=number)
             for p, r in pairs if "phones" in r.provided for kind, number in r.phones]
        )  # fmt: skip
        Cost.objects.bulk_create(
            [Cost(program_id=p.pk, amount=r.cost.amount, basis=r.cost.basis, currency=r.cost.currency)
             for p, r in pairs if "cost" in r.provided and r.cost]
        )  # fmt: skip
        for program, record in pairs:
            self.known[record.source_id] = _Known(program.pk, program.content_hash, program.status)
            self.result.created += 1
            self.result.note_change({"source_id": record.source_id, "program_id": program.pk, "action": "created"})
        record_history(entries=[(program, {}) for program in programs], reason=self.reason, run_id=self.run_id,
                       created=True, when=self.now)  # fmt: skip

    def _values(self, name: str, values) -> list:
        """Row values of a set field: vocabulary and plan slugs become ids (unknown slugs are skipped)."""
        if name in self.ids:
            return [self.ids[name][slug] for slug in values if slug in self.ids[name]]
        return list(values)

    def _update(self, program: Program, record: ProgramRecord, digest: str, alias_id: int | None) -> dict:
        """Write what changed and is not curated; return {field: [old, new]} of what was written. The
        program is left holding the new values, for its history entry."""
        locked = set(program.locked_fields)
        changed, scalars = {}, {}
        for name in sorted(record.provided):
            old, new = current_value(program, name), record_value(record, name)
            if old == new:
                continue
            if name in locked:
                self.result.held_back.append({
                    "source_id": record.source_id, "program_id": program.pk, "field": name,
                    "directory": _json(old), "feed": _json(new),
                })  # fmt: skip
                continue
            changed[name] = [_json(old), _json(new)]
            if name in SCALAR_FIELDS:
                scalars[name] = _stored(record, name)
            elif name == "location":
                scalars["location"] = self._locations([record])[_location_key(record)]
            else:
                self._write_related(program, name, new)
        if alias_id is None:
            scalars["content_hash"] = digest
        else:
            SourceAlias.objects.filter(pk=alias_id).update(content_hash=digest)
        Program.objects.filter(pk=program.pk).update(last_refreshed_at=self.now, **scalars)
        for name, value in scalars.items():
            setattr(program, name, value)
        return changed

    def _locations(self, records: list[ProgramRecord]) -> dict[tuple, Location]:
        """The Location of each record's address (created or brought up to date), keyed by
        _location_key; providers are matched by name and state."""
        providers = {_provider_key(r): r for r in records}
        ids = dict(Provider.objects.filter(key__in=providers).values_list("key", "pk"))
        missing = [Provider(key=key, name=r.organisation, website=r.website) for key, r in providers.items()
                   if key not in ids]  # fmt: skip
        Provider.objects.bulk_create(missing, ignore_conflicts=True)
        if missing:
            ids.update(Provider.objects.filter(key__in=[p.key for p in missing]).values_list("key", "pk"))
        wanted = {_location_key(r): (ids[_provider_key(r)], r) for r in records}
        found = {
            (loc.provider_id, loc.street1, loc.zip_code): loc
            for loc in Location.objects.filter(provider_id__in={pid for pid, _ in wanted.values()})
        }
        # An address a curator fixed (its listings lock "location") keeps the curator's values, also when
        # the feed lists another program there.
        providers = {pid for pid, _ in wanted.values()}
        locks = Program.objects.filter(location__provider_id__in=providers).values_list("location_id", "locked_fields")
        curated = {location_id for location_id, locked in locks if "location" in locked} if found else set()
        located, new, stale = {}, [], []
        for key, (provider_id, record) in wanted.items():
            attributes = _location_attributes(record)
            location = found.get((provider_id, record.street1, record.zip_code))
            if location is None:
                location = Location(provider_id=provider_id, street1=record.street1, zip_code=record.zip_code,
                                    **attributes)  # fmt: skip
                new.append(location)
            elif location.pk not in curated and any(getattr(location, n) != v for n, v in attributes.items()):
                for name, value in attributes.items():
                    setattr(location, name, value)
                stale.append(location)
            located[key] = location
        Location.objects.bulk_create(new)
        Location.objects.bulk_update(stale, list(LOCATION_ATTRIBUTES))
        return located

    def _write_related(self, program: Program, name: str, value) -> None:
        if name in VOCABULARIES:
            getattr(program, name).set(self._values(name, value))
        elif name in RELATED_ROWS:
            model, column = RELATED_ROWS[name]
            _replace(model, program, column, self._values(name, value))
        elif name == "phones":
            Phone.objects.filter(program=program).delete()
            Phone.objects.bulk_create([Phone(program=program, kind=kind, number=number) for kind, number in value])
        elif name == "cost":
            if value is None:
                Cost.objects.filter(program=program).delete()
            else:
                Cost.objects.update_or_create(
                    program=program,
                    defaults={"amount": value.amount, "basis": value.basis, "currency": value.currency},
                )

    # --- listings the feed no longer has ------------------------------------------------------
    def withdraw_all_but(self, seen: set[str]) -> None:
        """Withdraw the listings whose ids the feed dropped (a merged listing once all its ids are
        gone), except those whose status a curator set."""
        gone = [(sid, item) for sid, item in self.known.items() if sid not in seen and not item.missing]
        dropped = [item.alias_id for _, item in gone if item.alias_id is not None]
        SourceAlias.objects.filter(pk__in=dropped).update(missing_since=self.now)
        withdrawing = {
            item.pk: (sid, item.status)
            for sid, item in gone
            if item.status != Program.Status.WITHDRAWN and not item.status_locked
        }
        # A merged listing stays while another of its ids is still in a feed.
        merged = {item.pk for _, item in gone if item.alias_id is not None} & withdrawing.keys()
        for pk in SourceAlias.objects.filter(program__in=merged, missing_since__isnull=True).values_list(
            "program_id", flat=True
        ):
            withdrawing.pop(pk, None)
        if not withdrawing:
            return
        Program.objects.filter(pk__in=list(withdrawing)).update(status=Program.Status.WITHDRAWN)
        for pk, (sid, _) in withdrawing.items():
            self.result.withdrawn += 1
            self.result.note_change({"source_id": sid, "program_id": pk, "action": "withdrawn"})
        entries = [
            (program, {"status": [withdrawing[program.pk][1], program.status]})
            for program in Program.objects.filter(pk__in=list(withdrawing))
        ]
        record_history(entries=entries, reason=self.reason, run_id=self.run_id, when=self.now)


LOCATION_ATTRIBUTES = ("street2", "city", "state", "zip4", "latitude", "longitude", "phone")


def _provider_key(record: ProgramRecord) -> str:
    return f"{record.organisation.casefold()}|{record.state}"


def _location_key(record: ProgramRecord) -> tuple:
    return (_provider_key(record), record.street1, record.zip_code)


def _location_attributes(record: ProgramRecord) -> dict:
    return {name: getattr(record, name) for name in LOCATION_ATTRIBUTES}


def _replace(model, program: Program, column: str, values) -> None:
    model.objects.filter(program=program).exclude(**{f"{column}__in": list(values)}).delete()
    model.objects.bulk_create([model(program=program, **{column: v}) for v in values], ignore_conflicts=True)


# --- comparing a record with what the directory holds ----------------------------------------
def record_value(record: ProgramRecord, name: str):
    """A record's value of one lockable field, in the form current_value() returns."""
    if name == "location":
        return (record.street1, record.street2, record.city, record.state, record.zip_code, record.zip4,
                record.latitude, record.longitude, record.phone)  # fmt: skip
    if name == "phones":
        return tuple(sorted(record.phones))
    if name == "services":
        return list(record.services)
    value = getattr(record, name)
    return set(value) if isinstance(value, frozenset) else value


def current_value(program: Program, name: str):
    """The directory's value of one lockable field (relations prefetched by _Writer._program)."""
    if name == "location":
        loc = program.location
        return (loc.street1, loc.street2, loc.city, loc.state, loc.zip_code, loc.zip4, loc.latitude, loc.longitude,
                loc.phone)  # fmt: skip
    if name in VOCABULARIES:
        return {item.slug for item in getattr(program, name).all()}
    if name == "payment_kinds":
        return {option.kind.slug for option in program.payment_options.all()}
    if name == "insurance_plans":
        return {acceptance.plan.slug for acceptance in program.plan_acceptances.all()}
    if name in ("medicaid_states", "licensed_states"):
        return {row.state for row in getattr(program, name).all()}
    if name == "phones":
        return tuple(sorted((phone.kind, phone.number) for phone in program.phones.all()))
    if name == "cost":
        cost = getattr(program, "cost", None)
        return CostRecord(cost.amount, cost.basis, cost.currency) if cost else None
    value = getattr(program, name)
    return Decimal(value) if name == "hours_per_week" and value is not None else value


def _stored(record: ProgramRecord, name: str):
    value = getattr(record, name)
    return list(value) if name == "services" else value


def _json(value):
    if isinstance(value, set):
        return sorted(value)
    if isinstance(value, tuple):
        return [_json(item) for item in value]
    if isinstance(value, CostRecord):
        return {"amount": str(value.amount), "basis": value.basis, "currency": value.currency}
    if isinstance(value, Decimal):
        return str(value)
    return value
