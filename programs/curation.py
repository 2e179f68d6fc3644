"""Which listing facts a curator can fix by hand, and locking them against feed refreshes."""

from .models import Program

# (lock key, label). The keys match the fields feed records carry (feeds.records.ALL_FIELDS).
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
    ("location", "Address"), ("phones", "Phones"), ("cost", "Cost"),
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
    # Forget the content hash so an unchanged feed row is applied again, restoring the feed's values.
    Program.objects.filter(pk=program.pk).update(locked_fields=program.locked_fields, content_hash="")
