"""Checking an HSDS export against the official Open Referral HSDS 3.0 JSON Schemas.

The schemas ship with the project in feeds/hsds3/schema (copied unchanged from Open Referral, CC BY-SA 4.0;
see feeds/hsds3/README.md)."""

import csv
import json
from collections import Counter
from functools import cache
from pathlib import Path

from django.conf import settings
from jsonschema import Draft202012Validator

from .parsers.hsds_package import nest, read_tables
from .records import FeedFormatError

# Columns that point at another table's id -> that table.
FOREIGN_KEYS = {
    "organization_id": "organization", "service_id": "service", "location_id": "location",
    "service_at_location_id": "service_at_location", "taxonomy_term_id": "taxonomy_term", "taxonomy_id": "taxonomy",
    "phone_id": "phone", "contact_id": "contact", "program_id": "program", "parent_organization_id": "organization",
}  # fmt: skip
MAX_ERRORS = 200  # a broken export repeats the same error: the first ones say what to fix


def hsds_schema_dir() -> Path | None:
    """Where the HSDS 3.0 schemas are (feeds/hsds3/schema), or None if that copy was removed."""
    path = Path(settings.BASE_DIR) / "feeds" / "hsds3" / "schema"
    return path if (path / "compiled" / "service.json").is_file() else None


def validate_export(out_dir: Path) -> list[str]:
    """Every way the datapackage in `out_dir` breaks HSDS 3.0: its resources and columns, each row against
    the table's schema (types, formats, required fields), ids and links between tables, and each service
    re-nested from the tables against the compiled service schema. An empty list means it is valid."""
    schema_dir = hsds_schema_dir()
    if schema_dir is None:
        raise FileNotFoundError("the HSDS 3.0 schemas are missing from feeds/hsds3/schema")
    tabular = _schema(schema_dir / "compiled" / "tabular.json")["properties"]
    try:
        tables = read_tables(out_dir)
    except FeedFormatError as exc:
        return [str(exc)]
    errors = _check_resources(out_dir, tabular)
    typed: dict[str, list[dict]] = {}
    for name, rows in tables.items():
        table = tabular[name]["items"]
        typed[name] = [_typed(row, table["properties"], f"{table['path']} row {n}", errors) for n, row in
                       enumerate(rows, 2)]  # fmt: skip
        validator = Draft202012Validator(_row_schema(table), format_checker=Draft202012Validator.FORMAT_CHECKER)
        for n, row in enumerate(typed[name], 2):
            errors += [f"{table['path']} row {n}: {_message(error)}" for error in validator.iter_errors(row)]
            errors += [f"{table['path']} row {n}: {column} is required"
                       for column in table.get("tabular_required", []) if column not in row]  # fmt: skip
    errors += _check_links(typed, tabular)
    service_schema = Draft202012Validator(
        _schema(schema_dir / "compiled" / "service.json"), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    for service in nest(typed):
        errors += [f"service {service.get('id')}: {_message(error)}" for error in service_schema.iter_errors(service)]
        if len(errors) > MAX_ERRORS:
            break
    return errors[:MAX_ERRORS]


@cache
def _schema(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _check_resources(out_dir: Path, tabular: dict) -> list[str]:
    """Each resource is an HSDS table at its standard path, with only that table's columns."""
    errors = []
    for resource in json.loads((out_dir / "datapackage.json").read_text(encoding="utf-8"))["resources"]:
        name, path = resource.get("name"), resource.get("path")
        if name not in tabular:
            errors.append(f"datapackage.json: {name!r} is not an HSDS table")
            continue
        if path != tabular[name]["items"]["path"]:
            errors.append(f"datapackage.json: table {name} is at {path!r}, not {tabular[name]['items']['path']!r}")
        with open(out_dir / path, encoding="utf-8-sig", newline="") as file:
            header = next(csv.reader(file), [])
        properties = tabular[name]["items"]["properties"]
        errors += [f"{path}: column {column!r} is not in HSDS table {name}" for column in header
                   if column not in properties or properties[column].get("type") in ("array", "object")]  # fmt: skip
    return errors


def _row_schema(table: dict) -> dict:
    """A table's JSON Schema for one CSV row: its scalar columns and required fields."""
    properties = {key: value for key, value in table["properties"].items() if value.get("type") not in ("array",)}
    return {"type": "object", "properties": properties, "required": table.get("required", [])}


def _typed(row: dict, properties: dict, where: str, errors: list[str]) -> dict:
    """A CSV row with its number columns as numbers (an unreadable number is reported and left as text)."""
    typed = dict(row)
    for column, value in row.items():
        if properties.get(column, {}).get("type") in ("number", "integer"):
            try:
                number = float(value)
            except ValueError:
                errors.append(f"{where}: {column} {value!r} is not a number")
                continue
            typed[column] = int(number) if number.is_integer() and "." not in value else number
    return typed


def _check_links(tables: dict[str, list[dict]], tabular: dict) -> list[str]:
    """Ids are unique per table; every *_id and attribute link_id points at a row that exists."""
    errors = []
    known = {}
    for name, rows in tables.items():
        counts = Counter(row.get("id") for row in rows)
        if duplicates := sorted(str(value) for value, count in counts.items() if count > 1):
            errors.append(f"{tabular[name]['items']['path']}: duplicate ids {', '.join(duplicates[:5])}")
        known[name] = set(counts)
    for name, rows in tables.items():
        path = tabular[name]["items"]["path"]
        for n, row in enumerate(rows, 2):
            for column, target in FOREIGN_KEYS.items():
                if column in row and row[column] not in known.get(target, set()):
                    errors.append(f"{path} row {n}: {column} {row[column]} is not the id of a {target}")
            entity = row.get("link_entity")
            if name == "attribute" and row.get("link_id") not in known.get(entity, set()):
                errors.append(f"{path} row {n}: link_id {row.get('link_id')} is not the id of a {entity}")
    return errors


def _message(error) -> str:
    where = "/".join(str(part) for part in error.absolute_path)
    return f"{where}: {error.message}" if where else error.message
