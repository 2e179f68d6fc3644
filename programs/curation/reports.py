"""Problem reports from the public: filing one (anonymous, rate-limited) and closing them."""

import hashlib
import hmac
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programs import pagecache
from programs.models import ProblemReport, Program

from .history import record_history

HOUR, DAY = 3600, 86400


class TooManyReports(Exception):
    """A sender or a listing reached its report limit; the message says what to do."""


def reporter_key(address: str) -> str:
    """A keyed hash of a sender's address: tells senders apart, cannot be turned back into the address."""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:16]


def file_report(*, program: Program, kind: str, note: str = "", address: str) -> ProblemReport:
    """Record someone's report that a public listing is wrong. `address` is the sender's IP address:
    only a keyed hash of it is kept. Raises TooManyReports past REPORTS_PER_CLIENT_HOUR reports from one
    sender in an hour or REPORTS_PER_LISTING_DAY reports on one listing in a day."""
    reporter = reporter_key(address)
    if not _within(f"reports:sender:{reporter}", HOUR, settings.REPORTS_PER_CLIENT_HOUR):
        raise TooManyReports(_("You have sent several reports in the last hour. Please try again later."))
    if not _within(f"reports:listing:{program.pk}", DAY, settings.REPORTS_PER_LISTING_DAY):
        raise TooManyReports(_("This listing has had many reports today, and our curators are checking it."))
    report = ProblemReport.objects.create(program=program, kind=kind, note=note.strip(), reporter=reporter)
    if Program.objects.filter(pk=program.pk).with_report_flag().get().flagged_closed:
        pagecache.listings_changed()  # the program page now warns (one report alone changes no page)
    return report


def _within(key: str, seconds: int, limit: int) -> bool:
    """Count one more report in a window that starts with the first; False once past `limit`."""
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(key, 1, seconds)
        count = 1
    return count <= limit


@transaction.atomic
def close_reports(*, reports: Iterable[ProblemReport], status: str, user, note: str = "") -> int:
    """Resolve or dismiss open reports; each closed report is recorded in its listing's history.
    Returns how many were closed."""
    closing = [report for report in reports if report.status == ProblemReport.Status.OPEN]
    now = timezone.now()
    ProblemReport.objects.filter(pk__in=[r.pk for r in closing]).update(
        status=status, resolved_by=user, resolved_at=now, resolution_note=note
    )
    label = ProblemReport.Status(status).label.lower()
    entries = [
        (report.program, {"report": [f"#{report.pk} {report.get_kind_display()}" + (f": {report.note}" if report.note
                                     else ""), label + (f": {note}" if note else "")]})
        for report in closing
    ]  # fmt: skip
    record_history(entries=entries, reason=f"problem report {label}", user=user, when=now)
    return len(closing)
