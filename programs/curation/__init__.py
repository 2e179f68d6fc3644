"""Curating listings by hand: which facts a curator can fix and locking them against feed refreshes.

The submodules hold the rest of curation: verification and status (`verification`), history and
restoring a field (`history`), duplicates and merging (`duplicates`), problem reports (`reports`),
data-quality counts (`quality`) and the staff roles (`roles`)."""

from ..models import Program, SourceAlias

# (lock key, label). The keys match the fields feed records carry (feeds.records.ALL_FIELDS), plus
# "status": a curator's publish/unpublish/withdraw/restore, which refreshes then leave alone.
LOCKABLE_FIELDS = [
    ("name", "Name"), ("program_name", "Program name"), ("facility_type", "Facility type"),
    ("description", "Description"), ("website", "Website"), ("otp_id", "OTP id"), ("telehealth", "Telehealth"),
    ("aftercare", "Aftercare"), ("family_involvement", "Family involvement"), ("hours_per_week", "Hours per week"),
    ("sessions_per_week", "Sessions per week"), ("typical_weeks", "Typical weeks"),
    ("schedule_daytime", "Daytime"), ("schedule_evening", "Evenings"), ("schedule_weekend", "Weekends"),
    ("accepting_new_clients", "Accepting new clients"), ("wait_days", "Wait (days)"),
    ("services", "Feed services"), ("care_levels", "Care levels"), ("therapies", "Therapies"),
    ("accreditations", "Accreditations"), ("populations", "Populations"), ("medications", "Medications"),
    ("languages", "Languages"), ("payment_kinds", "Payment kinds"), ("medicaid_states", "Medicaid states"),
    ("insurance_plans", "Insurance plans"), ("licensed_states", "Telehealth states"),
    ("location", "Address"), ("phones", "Phones"), ("cost", "Cost"), ("status", "Status"),
]  # fmt: skip
LOCKABLE = {key for key, _ in LOCKABLE_FIELDS}


def lock_fields(program: Program, names) -> list[str]:
    """Lock these facts of a listing against feed updates; returns the names newly locked."""
    new = sorted(set(names) & LOCKABLE - set(program.locked_fields))
    if new:
        program.locked_fields = sorted(set(program.locked_fields) | set(new))
        Program.objects.filter(pk=program.pk).update(locked_fields=program.locked_fields)
    return new


def unlock_fields(program: Program, names) -> None:
    """Give these facts back to the feed: the next refresh writes the feed's values again."""
    program.locked_fields = sorted(set(program.locked_fields) - set(names))
    # Forget the content hashes so an unchanged feed row is applied again, restoring the feed's values.
    Program.objects.filter(pk=program.pk).update(locked_fields=program.locked_fields, content_hash="")
    SourceAlias.objects.filter(program=program).update(content_hash="")
