"""Reading a feed document from a file path or an http(s) URL."""

import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

from .records import FeedFetchError

USER_AGENT = "IOPFinder/1.0 (+directory refresh)"


def read_source(location: str, *, timeout: float | None = None) -> bytes:
    """The raw bytes at `location` (a file path or an http/https URL); raises FeedFetchError."""
    if location.startswith(("http://", "https://")):
        request = urllib.request.Request(location, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout or settings.FEED_HTTP_TIMEOUT) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            raise FeedFetchError(f"{location} answered HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise FeedFetchError(f"could not fetch {location}: {getattr(exc, 'reason', exc)}") from None
    path = Path(location)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise FeedFetchError(f"no such file: {location}") from None
    except OSError as exc:
        raise FeedFetchError(f"could not read {location}: {exc.strerror}") from None
