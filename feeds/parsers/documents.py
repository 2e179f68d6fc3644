"""Reading a whole JSON feed document, shared by the SAMHSA locator and HSDS readers."""

import json

from ..records import FeedFormatError


def load_json(data: bytes | str):
    """The parsed document; raises FeedFormatError naming the first bad byte or the JSON error."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            # Guessing another encoding could silently corrupt names and addresses: refuse instead.
            raise FeedFormatError(f"not UTF-8 text (invalid byte at position {exc.start})") from None
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise FeedFormatError(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
