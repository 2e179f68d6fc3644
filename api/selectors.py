"""Reads the API needs beyond the search's selectors."""

import uuid

from feeds.hsds_export import exported_programs
from feeds.hsds_mapping import hsds_id
from programs.models import Program


def hsds_service_program(service_id: str) -> Program | None:
    """The published program an HSDS service id names, with what the HSDS mapping reads, or None.

    Service ids are uuid5 names of (source, source_id), as the export writes them, so they cannot be
    looked up in the database: each published listing's id is computed (one query) and compared."""
    try:
        wanted = str(uuid.UUID(service_id))
    except ValueError:
        return None
    listings = Program.objects.published().values_list("pk", "source", "source_id")
    pk = next(
        (pk for pk, source, source_id in listings.iterator() if hsds_id("service", source, source_id) == wanted), None
    )
    return None if pk is None else exported_programs().filter(pk=pk).first()
