"""An HSDS 3.0 tabular datapackage (datapackage.json + one CSV per table) -> the nested service
documents an HSDS API gives, so the HSDS parser has one path for both. Nothing here touches the database."""

import csv
import io
import json
from collections import defaultdict
from pathlib import Path

from ..hsds_mapping import TABLES
from ..records import FeedFormatError

DESCRIPTOR = "datapackage.json"
_TABLE_BY_FILE = {path: name for name, (path, _) in TABLES.items()}
# Tables the join reads besides those IOP Finder writes.
_EXTRA_TABLES = {"service_area": "service_areas.csv", "program": "programs.csv"}
_TABLE_BY_FILE.update({path: name for name, path in _EXTRA_TABLES.items()})


def read_datapackage(directory: Path) -> list[dict]:
    """The services of the datapackage in `directory`, each nested like an HSDS `service` document."""
    return nest(read_tables(directory))


def read_tables(directory: Path) -> dict[str, list[dict]]:
    """Rows of each HSDS table the descriptor lists, by table name; empty cells are left out."""
    resources = _resources(directory / DESCRIPTOR)
    tables: dict[str, list[dict]] = {}
    for resource in resources:
        path = resource.get("path") if isinstance(resource, dict) else None
        if not isinstance(path, str) or not path:
            raise FeedFormatError(f"{DESCRIPTOR}: a resource has no single CSV path ({resource!r:.80})")
        name = resource.get("name")
        name = name if name in TABLES or name in _EXTRA_TABLES else _TABLE_BY_FILE.get(Path(path).name)
        if name:
            tables[name] = _read_csv(directory, path)
    if "service" not in tables:
        raise FeedFormatError(f"{DESCRIPTOR} lists no service resource (services.csv): not an HSDS datapackage")
    return tables


def _resources(descriptor: Path) -> list:
    try:
        raw = descriptor.read_bytes()
    except FileNotFoundError:
        raise FeedFormatError(f"no {DESCRIPTOR} in {descriptor.parent}: not an HSDS datapackage directory") from None
    except OSError as exc:
        raise FeedFormatError(f"could not read {descriptor}: {exc.strerror}") from None
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise FeedFormatError(f"{DESCRIPTOR} is not UTF-8 text (invalid byte at position {exc.start})") from None
    except json.JSONDecodeError as exc:
        hint = ""
        if raw.strip().endswith(b".json") and len(raw) < 300:
            # A symbolic link copied as a plain file (git on a file system without links) reads like this.
            hint = f" (it only says {raw.strip().decode(errors='replace')!r}: a symbolic link copied as text?)"
        raise FeedFormatError(f"{DESCRIPTOR} is not valid JSON: {exc.msg} at line {exc.lineno}{hint}") from None
    resources = document.get("resources") if isinstance(document, dict) else None
    if not isinstance(resources, list) or not resources:
        raise FeedFormatError(f'{DESCRIPTOR} has no "resources" list naming the CSV tables')
    return resources


def _read_csv(directory: Path, path: str) -> list[dict]:
    file = (directory / path).resolve()
    if not file.is_relative_to(directory.resolve()):
        raise FeedFormatError(f"{DESCRIPTOR} lists {path}, outside the datapackage directory")
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise FeedFormatError(f"{DESCRIPTOR} lists {path}, but there is no such file") from None
    except UnicodeDecodeError as exc:
        raise FeedFormatError(f"{path} is not UTF-8 text (invalid byte at position {exc.start})") from None
    except OSError as exc:
        raise FeedFormatError(f"could not read {path}: {exc.strerror}") from None
    try:
        return [
            {key: value for key, value in row.items() if key and isinstance(value, str) and value != ""}
            for row in csv.DictReader(io.StringIO(text, newline=""))
        ]
    except csv.Error as exc:
        raise FeedFormatError(f"{path} is not valid CSV: {exc}") from None


def nest(tables: dict[str, list[dict]]) -> list[dict]:
    """Join the tables into service documents: organization, phones, schedules, languages, cost options,
    service areas and attributes (with their taxonomy terms), and each service_at_location with its
    location (addresses, phones, languages, schedules, attributes)."""
    join = _Join(tables)
    services = []
    for row in tables["service"]:
        sid = row.get("id")
        service = {**join.children("service_id", sid, "phone", "schedule", "language", "cost_option", "service_area"),
                   **row, "attributes": join.attributes(sid)}  # fmt: skip
        service["service_at_locations"] = [
            {**join.children("service_at_location_id", sal.get("id"), "phone", "schedule"), **sal,
             "location": join.location(sal.get("location_id")), "attributes": join.attributes(sal.get("id"))}
            for sal in join.rows("service_at_location", "service_id", sid)
        ]  # fmt: skip
        for name, column in (("organization", "organization_id"), ("program", "program_id")):
            if found := join.rows(name, "id", row.get(column)):
                service[name] = {**found[0], "attributes": join.attributes(found[0].get("id"))}
        services.append(service)
    return services


class _Join:
    """Rows of the tables by the value of a column, built once per (table, column)."""

    def __init__(self, tables: dict[str, list[dict]]):
        self.tables = tables
        self.index: dict[tuple[str, str], dict[str, list[dict]]] = {}

    def rows(self, table: str, column: str, value) -> list[dict]:
        if (table, column) not in self.index:
            grouped = defaultdict(list)
            for row in self.tables.get(table, []):
                if row.get(column):
                    grouped[row[column]].append(row)
            self.index[table, column] = grouped
        return self.index[table, column].get(value, []) if value else []

    def attributes(self, link_id) -> list[dict]:
        """The attributes linked to an object, each with its taxonomy term (and that term's taxonomy)."""
        found = []
        for attribute in self.rows("attribute", "link_id", link_id):
            term = next(iter(self.rows("taxonomy_term", "id", attribute.get("taxonomy_term_id"))), {})
            taxonomy = self.rows("taxonomy", "id", term.get("taxonomy_id"))
            found.append({**attribute, "taxonomy_term": {**term, "taxonomy_detail": taxonomy[0]} if taxonomy else term})
        return found

    def children(self, column: str, value, *tables: str) -> dict[str, list[dict]]:
        """{"phones": [...], ...}: rows of each table whose `column` is `value`, with their attributes."""
        return {
            _PLURALS.get(table, f"{table}s"): [{**row, "attributes": self.attributes(row.get("id"))}
                                               for row in self.rows(table, column, value)]
            for table in tables
        }  # fmt: skip

    def location(self, location_id) -> dict | None:
        found = self.rows("location", "id", location_id)
        if not found:
            return None
        children = self.children("location_id", location_id, "address", "phone", "language", "schedule")
        return {**children, **found[0], "attributes": self.attributes(location_id)}


_PLURALS = {"address": "addresses"}
