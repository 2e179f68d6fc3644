"""Curators vouching for listings: verifying them (e.g. after a phone call) and setting their status."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from programs.models import ProblemReport, Program, Verification

from .history import record_history
from .reports import close_reports

STATUS_REASONS = {
    Program.Status.PUBLISHED: "published by a curator",
    Program.Status.UNPUBLISHED: "unpublished by a curator",
    Program.Status.WITHDRAWN: "withdrawn by a curator",
}


@transaction.atomic
def verify_programs(
    *,
    programs: Iterable[Program],
    user,
    method: str,
    checked: Iterable[str] = (),
    note: str = "",
    resolve_reports: bool = False,
) -> list[Verification]:
    """Record that `user` verified these listings: who, when, how and what was checked. Sets each
    listing's last_verified_at and verified_by (and availability_confirmed_at when availability was
    checked), and adds a history entry. With `resolve_reports`, their open problem reports are resolved
    too (the curator checked what they said), which lifts a public "may be closed" warning."""
    programs, checked, now = list(programs), list(checked), timezone.now()
    verifications = Verification.objects.bulk_create(
        [Verification(program=p, verified_by=user, verified_at=now, method=method, checked=checked, note=note)
         for p in programs]
    )  # fmt: skip
    update = {"last_verified_at": now, "verified_by": user}
    if Verification.Fact.AVAILABILITY in checked:
        update["availability_confirmed_at"] = now
    Program.objects.filter(pk__in=[p.pk for p in programs]).update(**update)
    for program in programs:
        for name, value in update.items():
            setattr(program, name, value)
    reason = f"verified: {Verification.Method(method).label.lower()}" + (f" — {note}" if note else "")
    record_history(entries=[(p, {}) for p in programs], reason=reason, user=user, when=now)
    if resolve_reports:
        reports = ProblemReport.objects.filter(program__in=programs, status=ProblemReport.Status.OPEN)
        close_reports(reports=reports.select_related("program"), status=ProblemReport.Status.RESOLVED, user=user,
                      note=reason.removeprefix("verified: ")[:255])  # fmt: skip
    return verifications


@transaction.atomic
def set_status(*, programs: Iterable[Program], status: str, user) -> int:
    """Publish, unpublish or withdraw listings by hand. The status is locked, so feed refreshes
    neither bring back a listing a curator withdrew nor withdraw one a curator published. Listings
    retired by a merge stay retired. Returns how many changed."""
    changing = [p for p in programs if p.status != status and p.merged_into_id is None]
    for program in changing:
        program.status = status
        program.locked_fields = sorted({*program.locked_fields, "status"})
    Program.objects.bulk_update(changing, ["status", "locked_fields"])
    record_history(entries=[(p, {}) for p in changing], reason=STATUS_REASONS[status], user=user)
    return len(changing)
