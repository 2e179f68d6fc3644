"""The directory as an Open Referral HSDS 3.0 tabular datapackage: datapackage.json + one CSV per table.

Published listings only. Each program is one service at one location. Ids are uuid5 names of natural
keys (a program's source and source_id, its provider's key, its location's address), so repeated
exports give the same ids. Every fact is written through feeds.hsds_mapping, the same tables the HSDS
parser reads back, and values come from feeds.apply.current_value, the same view the importer compares."""

import csv
import json
from contextlib import ExitStack
from pathlib import Path

from insurance.models import InsurancePlan, PaymentKind
from programs.geo import US_STATES
from programs.models import Program

from .apply import VOCABULARIES, current_value
from .hsds_mapping import (
    COST_OPTIONS,
    MAIN_PHONE,
    NUMBER_COLUMNS,
    PHONE_DESCRIPTIONS,
    TABLE_COLUMNS,
    TABLES,
    TAG_GROUPS,
    TAXONOMY_DESCRIPTIONS,
    attribute_values,
    hsds_id,
    term_name,
)
from .parsers.hsds_package import DESCRIPTOR
from .records import ALL_FIELDS, TAG_FIELDS

CHUNK_SIZE = 2000  # programs read per batch of queries


def exported_programs():
    """Published programs with everything the export writes, in a fixed number of queries per chunk."""
    return (
        Program.objects.published()
        .select_related("location", "location__provider", "cost")
        .prefetch_related(
            *TAG_FIELDS, "payment_options__kind", "plan_acceptances__plan", "medicaid_states", "licensed_states",
            "phones",
        )
        .order_by("pk")
    )  # fmt: skip


def export_directory(out_dir: Path) -> dict[str, int]:
    """Write the published directory to `out_dir` as an HSDS datapackage; return the rows written per table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with _PackageWriter(out_dir, term_labels()) as writer:
        for program in exported_programs().iterator(chunk_size=CHUNK_SIZE):
            writer.program(program)
    (out_dir / DESCRIPTOR).write_text(json.dumps(descriptor(), indent=2) + "\n", encoding="utf-8")
    return dict(writer.counts)


def term_labels() -> dict[str, str]:
    """Vocabulary labels by HSDS term code ("care_level:iop" -> "Intensive outpatient (IOP)"), and
    language names by ISO code ("language:es" -> "Spanish")."""
    labels = {}
    models = {**VOCABULARIES, "payment_kinds": PaymentKind}
    for field, model in models.items():
        group = TAG_GROUPS[field][0] if field in TAG_GROUPS else "language"
        labels.update({f"{group}:{slug}": label for slug, label in model.objects.values_list("slug", "label")})
    labels.update({f"insurance_plan:{slug}": name for slug, name in InsurancePlan.objects.values_list("slug", "name")})
    for field in ("medicaid_states", "licensed_states"):
        labels.update({f"{TAG_GROUPS[field][0]}:{code}": name for code, name in US_STATES.items()})
    return labels


def descriptor() -> dict:
    """The datapackage.json of an export: one tabular resource per HSDS table."""
    return {
        "profile": "tabular-data-package",
        "name": "iopfinder-hsds",
        "title": "IOP Finder treatment programs (Open Referral HSDS 3.0)",
        "resources": [
            {
                "name": name, "path": path, "profile": "tabular-data-resource", "format": "csv",
                "mediatype": "text/csv", "encoding": "utf-8",
                "schema": {
                    "fields": [{"name": column, "type": "number" if column in NUMBER_COLUMNS else "string"}
                               for column in TABLE_COLUMNS[name]],
                    "primaryKey": ["id"],
                },
            }
            for name, (path, _) in TABLES.items()
        ],
    }  # fmt: skip


def schedule_description(values: dict) -> str:
    """Words for the schedule facts HSDS has no field for ("Daytime and evening sessions; 3 sessions a week")."""
    times = [word for word, name in (("Daytime", "schedule_daytime"), ("evening", "schedule_evening"))
             if values.get(name)]  # fmt: skip
    parts = [f"{' and '.join(times).capitalize()} sessions"] if times else []
    if values.get("schedule_weekend"):
        parts.append("weekend sessions")
    if values.get("sessions_per_week") is not None:
        parts.append(f"{values['sessions_per_week']} sessions a week")
    if values.get("hours_per_week") is not None:
        parts.append(f"{values['hours_per_week']} hours a week")
    if values.get("typical_weeks") is not None:
        parts.append(f"usually {values['typical_weeks']} weeks")
    return "; ".join(parts)


class _PackageWriter:
    """One CSV writer per table; rows shared by programs (organizations, locations, terms) are written once."""

    def __init__(self, out_dir: Path, labels: dict[str, str]):
        self.out_dir = out_dir
        self.labels = labels
        self.stack = ExitStack()
        self.writers: dict[str, csv.DictWriter] = {}
        self.seen: dict[str, set[str]] = {name: set() for name in TABLES}
        self.counts: dict[str, int] = dict.fromkeys(TABLES, 0)

    def __enter__(self) -> "_PackageWriter":
        for name, (path, _) in TABLES.items():
            file = self.stack.enter_context(open(self.out_dir / path, "w", encoding="utf-8", newline=""))
            self.writers[name] = csv.DictWriter(file, fieldnames=TABLE_COLUMNS[name])
            self.writers[name].writeheader()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stack.close()

    def write(self, table: str, **row) -> str:
        """Write one row (once per id) and return its id."""
        if row["id"] not in self.seen[table]:
            self.seen[table].add(row["id"])
            self.writers[table].writerow({key: "" if value is None else str(value) for key, value in row.items()})
            self.counts[table] += 1
        return row["id"]

    def program(self, program: Program) -> None:
        values = {name: current_value(program, name) for name in ALL_FIELDS}
        location, provider = program.location, program.location.provider
        organization_id = self.write(
            "organization", id=hsds_id("organization", provider.key), name=provider.name,
            description=provider.name, website=provider.website,
        )  # fmt: skip
        location_id = self.location(location, organization_id)
        service_id = self.write(
            "service", id=hsds_id("service", program.source, program.source_id), organization_id=organization_id,
            name=program.name, alternate_name=program.program_name, description=program.description,
            url=program.website, status="active",
            accreditations="; ".join(self.labels.get(f"accreditation:{slug}", slug)
                                     for slug in sorted(values["accreditations"])),
        )  # fmt: skip
        self.write(
            "service_at_location", id=hsds_id("service_at_location", program.source, program.source_id),
            service_id=service_id, location_id=location_id,
        )  # fmt: skip
        for kind, number in values["phones"]:
            self.write("phone", id=hsds_id("phone", service_id, kind, number), service_id=service_id, number=number,
                       type="voice", description=PHONE_DESCRIPTIONS.get(kind, kind))  # fmt: skip
        for code in sorted(values["languages"]):
            self.write("language", id=hsds_id("language", service_id, code), service_id=service_id, code=code,
                       name=self.labels.get(f"language:{code}", code))  # fmt: skip
        if cost := values["cost"]:
            self.write("cost_option", id=hsds_id("cost_option", service_id), service_id=service_id,
                       option=COST_OPTIONS[cost.basis], currency=cost.currency, amount=cost.amount)  # fmt: skip
        if description := schedule_description(values):
            self.write("schedule", id=hsds_id("schedule", service_id), service_id=service_id, description=description)
        self.attributes(service_id, values)

    def location(self, location, organization_id: str) -> str:
        key = (location.provider.key, location.street1, location.zip_code)
        location_id = self.write(
            "location", id=hsds_id("location", *key), location_type="physical", organization_id=organization_id,
            name=location.provider.name, latitude=location.latitude, longitude=location.longitude,
        )  # fmt: skip
        postal_code = f"{location.zip_code}-{location.zip4}" if location.zip4 else location.zip_code
        self.write(
            "address", id=hsds_id("address", *key), location_id=location_id, address_1=location.street1,
            address_2=location.street2, city=location.city, state_province=location.state, postal_code=postal_code,
            country="US", address_type="physical",
        )  # fmt: skip
        if location.phone:
            self.write("phone", id=hsds_id("phone", *key, "main"), location_id=location_id, number=location.phone,
                       type="voice", description=MAIN_PHONE)  # fmt: skip
        return location_id

    def attributes(self, service_id: str, values: dict) -> None:
        occurrences: dict[tuple[str, str], int] = {}
        for taxonomy, code, value in attribute_values(values):
            taxonomy_id = self.write("taxonomy", id=hsds_id("taxonomy", taxonomy), name=taxonomy,
                                     description=TAXONOMY_DESCRIPTIONS[taxonomy])  # fmt: skip
            name, description = term_name(taxonomy, code, self.labels)
            term_id = self.write("taxonomy_term", id=hsds_id("taxonomy_term", taxonomy, code), code=code, name=name,
                                 description=description, taxonomy=taxonomy, taxonomy_id=taxonomy_id)  # fmt: skip
            # The same feed category may appear twice in a listing: number them so each keeps its own id.
            seen = occurrences[taxonomy, code] = occurrences.get((taxonomy, code), 0) + 1
            self.write("attribute", id=hsds_id("attribute", service_id, taxonomy, code, seen), link_id=service_id,
                       taxonomy_term_id=term_id, link_entity="service", value=value)  # fmt: skip
