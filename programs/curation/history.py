"""A listing's history: every change by a person or a feed run, who made it and when, and restoring
one field's earlier value.

django-simple-history snapshots the listing's own row on each save. Bulk writes (feed runs, admin
actions, merges) add their entries with record_history(), and facts kept outside the row (tags, phones,
payments, cost) travel as `changes` ({fact: [before, after]}) on the entry."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.utils import timezone

from insurance.models import Cost
from programs import pagecache
from programs.models import Location, Program

from . import LOCKABLE_FIELDS, lock_fields

HistoricalProgram = Program.history.model
REASON_LENGTH = 100  # simple-history's change-reason column
# What a curator can put back from history: the listing's own facts, as on its admin form.
RESTORABLE = (
    "name", "program_name", "location", "facility_type", "status", "website", "description", "hours_per_week",
    "sessions_per_week", "typical_weeks", "schedule_daytime", "schedule_evening", "schedule_weekend", "telehealth",
    "staff_qualifications", "family_involvement", "aftercare", "outcomes_reported", "accepting_new_clients",
    "wait_days", "availability_confirmed_at", "otp_id",
)  # fmt: skip
# Facts outside the listing's row, by lock key: how to read each as a list of words.
TAGS = ("care_levels", "therapies", "accreditations", "populations", "medications", "languages")
LABELS = dict(LOCKABLE_FIELDS) | {"locks": "Curated (locked) facts", "report": "Problem report", "merge": "Merge"}


def record_history(
    *,
    entries: Iterable[tuple[Program, dict]],
    reason: str,
    user=None,
    run_id: int | None = None,
    created: bool = False,
    when: datetime | None = None,
) -> None:
    """Add one history entry per (listing, changes): a snapshot of the listing as given (already
    changed) with `changes` for facts outside its row, in one bulk statement."""
    common = {
        "history_date": when or timezone.now(),
        "history_user_id": user.pk if user else None,
        "history_change_reason": reason[:REASON_LENGTH],
        "history_type": "+" if created else "~",
        "feed_run_id": run_id,
    }
    tracked = [f.attname for f in HistoricalProgram.tracked_fields]
    _insert_history([common | {"changes": changes} | {name: getattr(p, name) for name in tracked}
                     for p, changes in entries])  # fmt: skip


def _insert_history(rows: list[dict]) -> None:
    """INSERT history rows with one executemany. A feed import adds one per new listing: bulk_create's
    per-value bookkeeping took ~6 s per 30,000 rows; this converts only the values that need it
    (dates, decimals, JSON) with the fields' own conversion, and takes well under a second."""
    if not rows:
        return
    # Every change worth a history entry changes a public page: bulk updates send no signals.
    pagecache.listings_changed()
    fields = [f for f in HistoricalProgram._meta.concrete_fields if not f.primary_key]
    plain = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)
    convert = [(f.attname, None if isinstance(f, plain) else f.get_db_prep_save) for f in fields]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(HistoricalProgram._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    values = [
        tuple(row[name] if prep is None else prep(row[name], connection) for name, prep in convert) for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def facts(program: Program, keys) -> dict[str, list[str]]:
    """How facts kept outside a listing's row read now (sorted words), for before/after in history."""
    read = {
        **{tag: lambda p, tag=tag: [item.label for item in getattr(p, tag).all()] for tag in TAGS},
        "payment_kinds": lambda p: [o.kind.label for o in p.payment_options.select_related("kind")],
        "insurance_plans": lambda p: [a.plan.name for a in p.plan_acceptances.select_related("plan")],
        "medicaid_states": lambda p: [row.state for row in p.medicaid_states.all()],
        "licensed_states": lambda p: [row.state for row in p.licensed_states.all()],
        "phones": lambda p: [str(phone) for phone in p.phones.all()],
        "cost": lambda p: [str(cost) for cost in Cost.objects.filter(program=p)],
    }
    return {key: sorted(read[key](program)) for key in keys if key in read}


def fact_changes(before: dict[str, list], after: dict[str, list]) -> dict[str, list]:
    """{fact: [before, after]} of the facts that differ."""
    return {key: [before.get(key, []), value] for key, value in after.items() if before.get(key, []) != value}


# --- reading a listing's history -------------------------------------------------------------
@dataclass
class FieldChange:
    name: str
    label: str
    before: str
    after: str
    restore_from: int | None = None  # the entry holding `before`, when a curator may restore it


@dataclass
class HistoryEntry:
    history_id: int
    when: datetime
    who: str
    run_id: int | None
    reason: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)


def listing_history(*, program: Program) -> list[HistoryEntry]:
    """Every recorded change of a listing, newest first, with who or what made it and each field's
    before and after; a fixed number of queries."""
    records = list(program.history.select_related("history_user").order_by("history_date", "history_id"))
    fields = [f for f in HistoricalProgram.tracked_fields if f.name != "id"]
    related = _related_objects(records, fields)
    entries, previous = [], None
    for record in records:
        changes = []
        for f in fields:
            before = getattr(previous, f.attname) if previous else None
            after = getattr(record, f.attname)
            if previous is None or before == after:
                continue
            restorable = f.name in RESTORABLE
            changes.append(FieldChange(f.name, _label(f.name, f), _show(f, before, related), _show(f, after, related),
                                       previous.history_id if restorable else None))  # fmt: skip
        shown = {change.name for change in changes}
        for name, pair in (record.changes or {}).items():
            if name not in shown and isinstance(pair, list) and len(pair) == 2:
                before, after = (
                    ([LABELS.get(key, key) for key in side or ()] for side in pair) if name == "locks" else pair
                )
                changes.append(FieldChange(name, _label(name), _show_json(before), _show_json(after)))
        entries.append(
            HistoryEntry(
                history_id=record.history_id,
                when=record.history_date,
                who=_who(record),
                run_id=record.feed_run_id,
                reason=record.history_change_reason or "",
                action={"+": "created", "-": "deleted"}.get(record.history_type, "changed"),
                changes=changes,
            )
        )
        previous = record
    return entries[::-1]


def _related_objects(records, fields) -> dict[str, dict]:
    """The rows the snapshots' foreign keys point at, one query per kind."""
    wanted = {"location": Location, "verified_by": get_user_model(), "merged_into": Program}
    found = {}
    for f in fields:
        if f.name in wanted:
            ids = {getattr(record, f.attname) for record in records} - {None}
            found[f.name] = wanted[f.name].objects.in_bulk(ids) if ids else {}
    return found


def _who(record) -> str:
    if record.history_user:
        return record.history_user.get_full_name() or record.history_user.get_username()
    if record.feed_run_id:
        return f"feed run #{record.feed_run_id}"
    return "feed import" if "feed" in (record.history_change_reason or "") else "system"


def _label(name: str, model_field=None) -> str:
    if name in LABELS:
        return LABELS[name]
    return str(model_field.verbose_name).capitalize() if model_field else name.replace("_", " ").capitalize()


def _show(model_field, value, related: dict) -> str:
    if value is None or value == "":
        measured = (models.BooleanField, models.DecimalField, models.IntegerField, models.DateTimeField)
        return "not reported" if isinstance(model_field, measured) and not model_field.is_relation else "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.name in related:
        found = related[model_field.name].get(value)
        if found is None:
            return f"#{value}"
        return describe_location(found) if isinstance(found, Location) else str(found)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    return str(value)


def describe_location(location: Location) -> str:
    return f"{location} · {location.phone or 'no phone'}"


def _show_json(value) -> str:
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values())
    if isinstance(value, list):
        return ", ".join(_show_json(item) for item in value if item not in (None, ""))
    return str(value)


# --- restoring ---------------------------------------------------------------------------------
@transaction.atomic
def restore_field(*, program: Program, history_id: int, name: str, user) -> None:
    """Set one field of a listing back to its value in an earlier history entry, recorded as a new
    entry, and lock the field so feed refreshes leave the restored value alone."""
    if name not in RESTORABLE:
        raise ValueError(f"'{name}' cannot be restored from history; restorable fields: {', '.join(RESTORABLE)}")
    record = program.history.get(history_id=history_id)
    model_field = Program._meta.get_field(name)
    setattr(program, model_field.attname, getattr(record, model_field.attname))
    program._change_reason = f"restored {_label(name, model_field).lower()} from {record.history_date:%Y-%m-%d %H:%M}"
    program._history_user = user
    program.save(update_fields=[name])
    lock_fields(program, [name])
