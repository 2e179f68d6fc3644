"""Reading feeds from a file path or an http(s) URL, with timeouts, retries with backoff and a
polite pause between pages. Nothing here touches the database."""

import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings

from .records import FeedFetchError

USER_AGENT = "IOPFinder/1.0 (+directory refresh)"


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def read_source(location: str, *, timeout: float | None = None, retries: int = 0) -> bytes:
    """The raw bytes at `location` (a file path or an http/https URL); raises FeedFetchError.

    Network errors, timeouts and 5xx/429 answers are retried `retries` times with exponential backoff."""
    if not is_url(location):
        return _read_file(location)
    timeout = timeout or settings.FEED_HTTP_TIMEOUT
    for attempt in range(retries + 1):
        try:
            return _get(location, timeout)
        except _Transient as exc:
            if attempt == retries:
                raise FeedFetchError(f"{exc} (after {retries + 1} attempts)") from None
            time.sleep(settings.FEED_RETRY_BACKOFF * 2**attempt)
    raise AssertionError("unreachable")


def with_query(url: str, **params) -> str:
    """`url` with these query parameters set (replacing any of the same name)."""
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    query.update({key: str(value) for key, value in params.items()})
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def polite_pause(seconds: float) -> None:
    if seconds > 0:
        time.sleep(seconds)


class _Transient(Exception):
    """A failure worth retrying."""


def _get(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        message = f"{url} answered HTTP {exc.code} {exc.reason}"
        if exc.code >= 500 or exc.code == 429:
            raise _Transient(message) from None
        raise FeedFetchError(message) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise _Transient(f"could not fetch {url}: {getattr(exc, 'reason', exc)}") from None


def _read_file(location: str) -> bytes:
    try:
        return Path(location).read_bytes()
    except FileNotFoundError:
        raise FeedFetchError(f"no such file: {location}") from None
    except OSError as exc:
        raise FeedFetchError(f"could not read {location}: {exc.strerror}") from None
