"""Writing feed records into the directory: one service, one transaction."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from insurance.models import PaymentKind, PaymentOption
from programs.models import (
    Accreditation,
    CareLevel,
    Language,
    Location,
    Medication,
    Phone,
    Population,
    Program,
    Provider,
    Therapy,
)

from .fetch import read_source
from .parsers import PARSERS
from .records import ProgramRecord, RejectedRow

# ProgramRecord set field -> (vocabulary model, how to write the program's links).
VOCABULARIES = {
    "care_levels": CareLevel,
    "therapies": Therapy,
    "accreditations": Accreditation,
    "populations": Population,
    "medications": Medication,
    "languages": Language,
}
PROGRAM_FIELDS = (
    "name", "program_name", "facility_type", "website", "otp_id", "telehealth", "aftercare", "family_involvement",
)  # fmt: skip


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.rows} rows: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {len(self.rejected)} rejected"
        )

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [str(rejected) for rejected in self.rejected],
        }


def import_feed(
    *, format: str, location: str, progress: Callable[[Iterator, int], Iterable] | None = None
) -> ImportResult:
    """Fetch, parse and apply one feed document. A document that is not a feed raises
    FeedFormatError (and a failed fetch FeedFetchError) before anything is written."""
    parser = PARSERS[format]
    rows = parser.read_rows(read_source(location))
    records = parser.parse_rows(rows)
    result = import_records(records=progress(records, len(rows)) if progress else records)
    result.rows = len(rows)
    return result


@transaction.atomic
def import_records(*, records: Iterable[ProgramRecord | RejectedRow]) -> ImportResult:
    """Upsert records by (source, source_id) in one transaction; a record whose content hash is
    unchanged writes nothing. Rejected rows are counted and returned, never applied."""
    result = ImportResult()
    now = timezone.now()
    slugs = _vocabulary_ids()
    # source -> source_id -> (program pk, content hash), loaded once per source.
    known: dict[str, dict[str, tuple[int, str]]] = {}
    for item in records:
        if isinstance(item, RejectedRow):
            result.rejected.append(item)
            continue
        if item.source not in known:
            rows = Program.objects.filter(source=item.source).values_list("source_id", "pk", "content_hash")
            known[item.source] = {sid: (pk, digest) for sid, pk, digest in rows}
        digest = item.content_hash()
        pk, old_digest = known[item.source].get(item.source_id, (None, None))
        if old_digest == digest:
            result.unchanged += 1
            continue
        program = _write_program(item, digest=digest, pk=pk, now=now, slugs=slugs)
        known[item.source][item.source_id] = (program.pk, digest)
        if pk:
            result.updated += 1
        else:
            result.created += 1
    return result


def _vocabulary_ids() -> dict[str, dict[str, int]]:
    ids = {name: dict(model.objects.values_list("slug", "pk")) for name, model in VOCABULARIES.items()}
    ids["payment_kinds"] = dict(PaymentKind.objects.values_list("slug", "pk"))
    return ids


def _write_program(record: ProgramRecord, *, digest: str, pk: int | None, now, slugs) -> Program:
    provider, _ = Provider.objects.get_or_create(
        key=f"{record.name.casefold()}|{record.state}", defaults={"name": record.name, "website": record.website}
    )
    location, _ = Location.objects.update_or_create(
        provider=provider,
        street1=record.street1,
        zip_code=record.zip_code,
        defaults={
            "street2": record.street2,
            "city": record.city,
            "state": record.state,
            "zip4": record.zip4,
            "latitude": record.latitude,
            "longitude": record.longitude,
            "phone": record.phone,
        },
    )
    values = {name: getattr(record, name) for name in PROGRAM_FIELDS}
    values.update(location=location, services=list(record.services), content_hash=digest, last_refreshed_at=now)
    if pk:
        Program.objects.filter(pk=pk).update(**values)
        program = Program(pk=pk, **values)
    else:
        program = Program.objects.create(source=record.source, source_id=record.source_id, first_seen_at=now, **values)
    for name in VOCABULARIES:
        getattr(program, name).set([slugs[name][slug] for slug in getattr(record, name) if slug in slugs[name]])
    PaymentOption.objects.filter(program=program).exclude(kind__slug__in=record.payment_kinds).delete()
    PaymentOption.objects.bulk_create(
        [PaymentOption(program=program, kind_id=slugs["payment_kinds"][slug]) for slug in record.payment_kinds],
        ignore_conflicts=True,
    )
    Phone.objects.filter(program=program).delete()
    Phone.objects.bulk_create([Phone(program=program, kind=kind, number=number) for kind, number in record.phones])
    return program
