"""Parsers turn a feed document into plain records; they never touch the database."""

from . import hsds, samhsa

# Format name -> module with SOURCE (the default source name), read_rows(bytes) -> rows,
# fetch_rows(location, page_size=, timeout=, retries=, delay=) -> rows and
# parse_rows(rows, source=) -> ProgramRecord | RejectedRow items.
PARSERS = {"samhsa": samhsa, "hsds": hsds}
