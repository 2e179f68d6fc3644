"""Probable duplicate listings, across feeds and within one, and merging two into one.

A merge keeps one listing (the survivor) with the chosen value of each fact and every feed id of
both: the other listing is retired (withdrawn, `merged_into` the survivor, kept so its old links
redirect), and its feed ids become aliases of the survivor, so later refreshes update the survivor
instead of recreating the duplicate."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from difflib import SequenceMatcher

from django.db import transaction
from django.utils import timezone

from insurance.models import Cost, MedicaidState, PaymentOption, PlanAcceptance
from programs.geo import EARTH_RADIUS_MILES, haversine_miles
from programs.models import LicensedState, NotDuplicate, Phone, ProblemReport, Program, SourceAlias

from . import LOCKABLE_FIELDS, lock_fields
from .history import TAGS, describe_location, fact_changes, facts, record_history

NEAR_MILES = 0.5
NAME_SIMILARITY = 0.85
# A number more listings than this share is a central intake line, not a sign of duplication.
MAX_SHARED_PHONE = 10
NAME_NOISE = {"inc", "llc", "the", "of", "pc", "corp", "co"}

# Facts a merge chooses between, in the order the merge form shows them.
SCALAR_FACTS = (
    "name", "program_name", "location", "facility_type", "website", "description", "hours_per_week",
    "sessions_per_week", "typical_weeks", "schedule_daytime", "schedule_evening", "schedule_weekend", "telehealth",
    "staff_qualifications", "family_involvement", "aftercare", "outcomes_reported", "accepting_new_clients",
    "wait_days", "otp_id",
)  # fmt: skip
# Facts stored as rows of their own, with the columns that tell two rows apart: "both" keeps the rows
# of each listing (one per distinct value).
ROW_FACTS = {
    **{tag: (getattr(Program, tag).through, (f"{getattr(Program, tag).field.related_model._meta.model_name}_id",))
       for tag in TAGS},
    "payment_kinds": (PaymentOption, ("kind_id",)),
    "insurance_plans": (PlanAcceptance, ("plan_id",)),
    "medicaid_states": (MedicaidState, ("state",)),
    "licensed_states": (LicensedState, ("state",)),
    "phones": (Phone, ("kind", "number")),
    "cost": (Cost, ()),  # one row at most: keep one listing's
}  # fmt: skip
BOTH = "both"
LABELS = dict(LOCKABLE_FIELDS) | {"staff_qualifications": "Staff", "outcomes_reported": "Outcomes reported"}


# --- finding --------------------------------------------------------------------------------------
@dataclass
class DuplicatePair:
    first_id: int
    second_id: int
    reasons: list[str]


def normalise_name(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", text.casefold().replace("&", " and ")).split()
    return " ".join(word for word in words if word not in NAME_NOISE)


def normalise_phone(number: str) -> str:
    """The 10 digits of a US number ("" when it has fewer)."""
    digits = re.sub(r"\D", "", number or "")
    digits = digits[1:] if len(digits) == 11 and digits.startswith("1") else digits
    return digits if len(digits) == 10 else ""


def find_duplicates() -> list[DuplicatePair]:
    """Pairs of live listings that probably describe one program: the same phone number, or similar
    names (difflib ratio ≥ 0.85) within half a mile; across feeds and within one. Pairs a curator
    marked distinct, and distinct sub-programs of one provider, are left out. Two queries."""
    listings = {
        row["pk"]: row
        for row in Program.objects.exclude(status=Program.Status.WITHDRAWN).values(
            "pk", "name", "program_name", "location__latitude", "location__longitude", "location__phone"
        )
    }
    numbers: dict[str, set[int]] = {}
    for pk, row in listings.items():
        numbers.setdefault(normalise_phone(row["location__phone"]), set()).add(pk)
    intake = Phone.objects.filter(program__in=listings.keys()).exclude(kind=Phone.Kind.HOTLINE)
    for pk, number in intake.values_list("program_id", "number"):
        numbers.setdefault(normalise_phone(number), set()).add(pk)
    numbers.pop("", None)
    reasons: dict[tuple[int, int], list[str]] = {}
    for number, pks in numbers.items():
        if len(pks) <= MAX_SHARED_PHONE:
            ordered = sorted(pks)
            for i, first in enumerate(ordered):
                for second in ordered[i + 1 :]:
                    reasons.setdefault((first, second), []).append(f"same phone ({_phone(number)})")
    for (first, second), reason in _similar_nearby(listings):
        reasons.setdefault((first, second), []).append(reason)
    dismissed = set(NotDuplicate.objects.values_list("first_id", "second_id"))
    pairs = [
        DuplicatePair(first, second, found)
        for (first, second), found in reasons.items()
        if (first, second) not in dismissed and not _distinct_programs(listings[first], listings[second])
    ]
    return sorted(pairs, key=lambda pair: (-len(pair.reasons), pair.first_id, pair.second_id))


def _similar_nearby(listings: dict[int, dict]):
    """((first, second), reason) for similar names within NEAR_MILES: a sweep over latitude."""
    located = sorted(
        (
            row["location__latitude"],
            row["location__longitude"],
            pk,
            normalise_name(f"{row['name']} {row['program_name']}"),
        )
        for pk, row in listings.items()
        if row["location__latitude"] is not None and row["location__longitude"] is not None
    )
    span = NEAR_MILES / EARTH_RADIUS_MILES * 57.2958  # degrees of latitude
    for i, (lat1, lng1, pk1, name1) in enumerate(located):
        for lat2, lng2, pk2, name2 in located[i + 1 :]:
            if lat2 - lat1 > span:
                break
            miles = haversine_miles(lat1, lng1, lat2, lng2)
            if miles > NEAR_MILES:
                continue
            matcher = SequenceMatcher(None, name1, name2)
            if matcher.quick_ratio() >= NAME_SIMILARITY and (ratio := matcher.ratio()) >= NAME_SIMILARITY:
                yield (min(pk1, pk2), max(pk1, pk2)), f"similar names ({ratio:.0%}), {miles:.2f} mi apart"


def _distinct_programs(first: dict, second: dict) -> bool:
    """Two named programs of one provider (e.g. 'Adult IOP' and 'Adolescent IOP') are not duplicates."""
    return bool(first["program_name"] and second["program_name"]) and normalise_name(
        first["program_name"]
    ) != normalise_name(second["program_name"])


def _phone(digits: str) -> str:
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"


def mark_not_duplicate(*, first: Program, second: Program, user) -> None:
    """A curator found these two listings distinct: stop pairing them."""
    low, high = sorted([first.pk, second.pk])
    NotDuplicate.objects.get_or_create(first_id=low, second_id=high, defaults={"decided_by": user})


# --- choosing ------------------------------------------------------------------------------------
def merge_facts() -> list[tuple[str, str]]:
    """(fact, label) of everything a merge chooses between."""
    return [(name, LABELS.get(name, name)) for name in (*SCALAR_FACTS, *ROW_FACTS)]


def fact_values(program: Program) -> dict[str, object]:
    """How each merge fact of a listing reads, for comparing and showing side by side."""
    values = {
        name: getattr(program, f"get_{name}_display")()
        if Program._meta.get_field(name).choices
        else getattr(program, name)
        for name in SCALAR_FACTS
    }
    values["location"] = describe_location(program.location)
    return values | facts(program, ROW_FACTS)


def best_choices(first: Program, second: Program) -> dict[str, str]:
    """Per fact, which listing's value a merge keeps by default ({fact: str(pk) or "both"}): the only
    non-empty one; for rows both have, both; otherwise the more trusted listing's (verified more
    recently, else confirmed by its feed more recently)."""
    values = {first.pk: fact_values(first), second.pk: fact_values(second)}
    trusted, other = sorted([first, second], key=_trust, reverse=True)
    choices = {}
    for name, _ in merge_facts():
        mine, theirs = values[trusted.pk][name], values[other.pk][name]
        if _empty(mine) and not _empty(theirs):
            choices[name] = str(other.pk)
        elif name in ROW_FACTS and ROW_FACTS[name][1] and not _empty(mine) and not _empty(theirs) and mine != theirs:
            choices[name] = BOTH
        else:
            choices[name] = str(trusted.pk)
    return choices


def default_survivor(first: Program, second: Program) -> Program:
    return max([first, second], key=_trust)


def _trust(program: Program) -> tuple:
    never = datetime.min.replace(tzinfo=UTC)
    return (program.last_verified_at or never, program.last_confirmed_at or never, -program.pk)


def _empty(value) -> bool:
    return value is None or value == "" or value == []


# --- merging -------------------------------------------------------------------------------------
@transaction.atomic
def merge_programs(*, survivor: Program, other: Program, keep: dict[str, str], user) -> Program:
    """Merge `other` into `survivor`, keeping per fact the value of the listing `keep` names
    ({fact: str(pk) or "both"}; missing facts keep the survivor's). Facts on which the two differed
    are locked on the survivor (a curator decided them); feed ids, open reports and earlier merges move
    to the survivor; `other` is withdrawn with `merged_into` set. Both histories record the merge."""
    if survivor.pk == other.pk or survivor.merged_into_id or other.merged_into_id:
        raise ValueError("merge two different listings that are not already merged into another")
    before, theirs = facts(survivor, ROW_FACTS), facts(other, ROW_FACTS)
    locks = sorted(survivor.locked_fields)
    differing = [name for name in SCALAR_FACTS if getattr(survivor, name) != getattr(other, name)]
    differing += [name for name in ROW_FACTS if before[name] != theirs[name]]
    for name in SCALAR_FACTS:
        if keep.get(name) == str(other.pk):
            setattr(survivor, name, getattr(other, name))
    for name, (model, key) in ROW_FACTS.items():
        if keep.get(name) in (str(other.pk), BOTH):
            _take_rows(model, key, survivor=survivor, other=other, replace=keep[name] != BOTH)
    if survivor.status == Program.Status.WITHDRAWN and other.status != Program.Status.WITHDRAWN:
        survivor.status = other.status
    survivor.save_without_historical_record()
    lock_fields(survivor, differing)

    _own_alias(survivor)
    _own_alias(other)
    SourceAlias.objects.filter(program=other).update(program=survivor)
    ProblemReport.objects.filter(program=other).update(program=survivor)
    Program.objects.filter(merged_into=other).update(merged_into=survivor)
    other.status, other.merged_into = Program.Status.WITHDRAWN, survivor
    Program.objects.filter(pk=other.pk).update(status=other.status, merged_into=survivor)

    now = timezone.now()
    changes = fact_changes(before, facts(survivor, ROW_FACTS))
    changes["merge"] = [None, f"#{other.pk} ({other.source} {other.source_id}) merged in"]
    if locks != sorted(survivor.locked_fields):
        changes["locks"] = [locks, sorted(survivor.locked_fields)]
    record_history(entries=[(survivor, changes)], reason=f"merged with #{other.pk}", user=user, when=now)
    record_history(entries=[(other, {"merge": [None, f"merged into #{survivor.pk}"]})],
                   reason=f"merged into #{survivor.pk}", user=user, when=now)  # fmt: skip
    return survivor


def _take_rows(model, key: tuple[str, ...], *, survivor: Program, other: Program, replace: bool) -> None:
    """Move `other`'s rows of one fact to the survivor: instead of its own, or beside them (skipping
    values it already has)."""
    if replace:
        model.objects.filter(program=survivor).delete()
    kept = {tuple(getattr(row, column) for column in key) for row in model.objects.filter(program=survivor)}
    moving = [row.pk for row in model.objects.filter(program=other)
              if tuple(getattr(row, column) for column in key) not in kept]  # fmt: skip
    model.objects.filter(pk__in=moving).update(program=survivor)


def _own_alias(program: Program) -> None:
    """Give a listing an alias for its own feed id, so all ids of a merged listing are aliases."""
    dropped = program.status == Program.Status.WITHDRAWN and "status" not in program.locked_fields
    SourceAlias.objects.get_or_create(
        source=program.source,
        source_id=program.source_id,
        defaults={
            "program": program,
            "content_hash": program.content_hash,
            "missing_since": timezone.now() if dropped else None,
        },
    )
