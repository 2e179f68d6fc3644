"""Programs as Open Referral HSDS 3.0 JSON, made by the export's own mapping (feeds.hsds_export): the
same rows, ids and taxonomy terms as `manage.py export_hsds`, nested the way an HSDS API nests them
(feeds.parsers.hsds_package.nest, which the HSDS importer reads with)."""

from django.core.cache import cache

from feeds.hsds_export import _PackageWriter, term_labels
from feeds.hsds_mapping import NUMBER_COLUMNS, TABLES, hsds_id
from feeds.parsers.hsds_package import nest
from programs.selectors import VOCABULARY_CACHE_SECONDS

LABELS_CACHE_KEY = "api:hsds:term-labels"


class _Rows(_PackageWriter):
    """The export's writer, keeping each table's rows in memory, typed as JSON, instead of writing CSV."""

    def __init__(self, labels: dict[str, str]):
        super().__init__(out_dir=None, labels=labels)
        self.tables: dict[str, list[dict]] = {name: [] for name in TABLES}

    def write(self, table: str, **row) -> str:
        if row["id"] not in self.seen[table]:
            self.seen[table].add(row["id"])
            self.tables[table].append(
                {key: _json_value(key, value) for key, value in row.items() if value not in (None, "")}
            )
        return row["id"]


def _json_value(column: str, value):
    if column in NUMBER_COLUMNS:
        return int(value) if isinstance(value, int) else float(value)
    return str(value)


def services(programs) -> list[dict]:
    """Fully nested HSDS services, one per program (relations prefetched by feeds.hsds_export.exported_programs)."""
    rows = _Rows(_labels())
    for program in programs:
        rows.program(program)
    return nest(rows.tables)


def summary(service: dict) -> dict:
    """A service as an item of the HSDS service list: its one-to-one fields and its organization."""
    return {key: value for key, value in service.items() if not isinstance(value, list)}


def organization(provider) -> dict:
    """A provider as an HSDS organization, the row the export writes for it."""
    found = {"id": hsds_id("organization", provider.key), "name": provider.name, "description": provider.name}
    return found | ({"website": provider.website} if provider.website else {})


def _labels() -> dict[str, str]:
    """Vocabulary labels by term code, cached like the search's vocabulary choices."""
    labels = cache.get(LABELS_CACHE_KEY)
    if labels is None:
        labels = term_labels()
        cache.set(LABELS_CACHE_KEY, labels, VOCABULARY_CACHE_SECONDS)
    return labels
