"""Parsers turn a feed document into plain records; they never touch the database."""

from . import samhsa

# Format name -> module with read_rows(bytes) and parse_rows(rows).
PARSERS = {"samhsa": samhsa}
