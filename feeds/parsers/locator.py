"""Reading SAMHSA locator documents: whole (read_rows, read_page), paged over HTTP, or streamed row
by row from a file so a national feed of any size is read in bounded memory (spooled_rows).

A document is one envelope {"page", "totalPages", "rows": [...]}, a list of envelopes, or a bare list
of rows. Nothing here touches the database."""

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import ijson

from ..fetch import is_url, polite_pause, read_source, with_query
from ..records import FeedFetchError, FeedFormatError
from .documents import load_json


def read_rows(data: bytes | str) -> list:
    """The rows of a listing document. Raises FeedFormatError when it is not such a feed at all."""
    return read_page(data)[0]


def read_page(data: bytes | str) -> tuple[list, int]:
    """The rows of a document and how many pages the listing has (1 unless it is one envelope)."""
    document = load_json(data)
    if isinstance(document, dict):
        rows = _envelope_rows(document, where="the document")
        try:
            total_pages = max(1, int(document.get("totalPages") or 1))
        except (TypeError, ValueError):
            raise FeedFormatError(f"totalPages {document.get('totalPages')!r} is not a number") from None
        return rows, total_pages
    if isinstance(document, list):
        if document and all(isinstance(item, dict) and "rows" in item for item in document):
            pages = [_envelope_rows(page, where=f"page {n}") for n, page in enumerate(document, 1)]
            return [row for page in pages for row in page], 1
        _require_rows(document)
        return document, 1
    raise FeedFormatError('expected a locator envelope {"rows": [...]}, a list of envelopes or a list of rows')


def fetch_rows(location: str, *, page_size: int, timeout: float, retries: int, delay: float) -> list:
    """All rows of a listing in memory: a file is read whole; a URL is paged until totalPages."""
    with spooled_rows(location, page_size=page_size, timeout=timeout, retries=retries, delay=delay) as rows:
        return list(rows())


@contextmanager
def spooled_rows(
    location: str, *, page_size: int, timeout: float, retries: int, delay: float
) -> Iterator[Callable[[], Iterator]]:
    """A function giving a fresh iterator over the listing's rows each time it is called, reading a
    file incrementally. A URL is first paged (page/pageSize until totalPages, politely, with retries)
    into a temporary file, one page in memory at a time."""
    if not is_url(location):
        path = Path(location)
        if not path.is_file():
            raise FeedFetchError(f"no such file: {location}")
        yield lambda: stream_rows(path)
        return
    handle, name = tempfile.mkstemp(prefix="iopfinder-feed-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as spool:
            spool.write("[")
            page, total_pages, first = 1, 1, True
            while page <= total_pages:
                if page > 1:
                    polite_pause(delay)
                data = read_source(with_query(location, page=page, pageSize=page_size), timeout=timeout,
                                   retries=retries)  # fmt: skip
                rows, total_pages = read_page(data)
                for row in rows:
                    spool.write(("" if first else ",\n") + json.dumps(row, ensure_ascii=False))
                    first = False
                page += 1
            spool.write("]")
        yield lambda: stream_rows(Path(name))
    finally:
        os.unlink(name)


def stream_rows(path: Path) -> Iterator:
    """The rows of a listing file, parsed incrementally (memory: one row, or one page of a list of
    envelopes). Raises FeedFormatError, when the stream reaches the problem, for a document that is
    not a feed; callers read every row before writing anything."""
    with path.open("rb") as file:
        head = file.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        file.seek(0)
        if head not in (b"{", b"["):
            raise FeedFormatError(f"not valid JSON: the document starts with {head.decode(errors='replace')!r}")
        try:
            if head == b"{":
                yield from _envelope_stream(ijson.parse(file, use_float=True))
            else:
                yield from _list_stream(ijson.items(file, "item", use_float=True))
        except ijson.JSONError as exc:
            if "utf" in str(exc).lower():
                raise FeedFormatError(f"not UTF-8 text ({exc})") from None
            raise FeedFormatError(f"not valid JSON: {exc}") from None


def _envelope_stream(events) -> Iterator:
    saw_rows = False
    builder, depth = None, 0
    for prefix, event, value in events:
        if builder is not None:
            builder.event(event, value)
            depth += event in ("start_map", "start_array")
            depth -= event in ("end_map", "end_array")
            if depth == 0:
                yield builder.value
                builder = None
        elif prefix == "" and event == "map_key" and value == "rows":
            saw_rows = True
        elif prefix == "rows.item":
            if event in ("start_map", "start_array"):
                builder, depth = ijson.ObjectBuilder(), 1
                builder.event(event, value)
            else:
                yield value  # a scalar where a row should be: parse_rows rejects it
    if not saw_rows:
        raise FeedFormatError('the document is not a locator envelope: it has no "rows" list')


def _list_stream(items) -> Iterator:
    has_frid, count = False, 0
    for count, item in enumerate(items, 1):  # noqa: B007  (count is read after the loop)
        if isinstance(item, dict) and "rows" in item:
            yield from _envelope_rows(item, where="a page")
            has_frid = True
        else:
            has_frid = has_frid or (isinstance(item, dict) and "frid" in item)
            yield item
    if count and not has_frid:
        _require_rows([])


def _require_rows(document: list) -> None:
    if not any(isinstance(item, dict) and "frid" in item for item in document):
        raise FeedFormatError("a list, but neither of locator envelopes nor of facility rows (no 'frid' found)")


def _envelope_rows(envelope: dict, *, where: str) -> list:
    rows = envelope.get("rows")
    if not isinstance(rows, list):
        raise FeedFormatError(f'{where} is not a locator envelope: it has no "rows" list')
    return rows
