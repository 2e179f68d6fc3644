"""Counts per filter option for the current search ("Medicaid (41)").

For any-of groups the count leaves the group's own selection out, so it tells how many programs that
option would give; for all-of groups it counts within the current results. Groups that share the
same base search are counted in ONE statement: the base is computed once (a materialized CTE) and
each group adds a GROUP BY over its link table, joined with UNION ALL. A few options that change
more than membership are counted by running the search with them (a bounded number of COUNTs).

The counts of one search are cached for FACET_CACHE_SECONDS, keyed by the SQL that computes them: they
guide the next click, so they may lag a change by that long; the results never do (programs/pagecache.py)."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.translation import gettext

from insurance.models import PaymentKind, PaymentOption

from .filters import ALL_OF_PARAMETERS, SCHEDULE_CHOICES, ProgramFilter
from .models import Program
from .selectors import vocabulary_choices

# Parameters that change what a page shows, not which programs match.
PRESENTATION = {"page", "page_size", "sort"}


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


def facet_counts(filterset: ProgramFilter) -> dict[str, list[FacetOption]]:
    """{parameter: [FacetOption, ...]} for every tag, payment, schedule and telehealth filter."""
    choices = {name: vocabulary_choices(model) for name, (_, model) in ProgramFilter.TAGS.items()}
    choices["payment"] = vocabulary_choices(PaymentKind)
    choices["schedule"] = SCHEDULE_CHOICES
    choices["telehealth"] = [("true", gettext("Offers telehealth"))]

    selected = _selected(filterset, choices)
    by_base: dict[frozenset, list[str]] = {}
    for name in choices:
        # An any-of group in use is counted without its own selection; the rest share the full search.
        skip = frozenset({name}) if name in selected and name not in ALL_OF_PARAMETERS else frozenset()
        by_base.setdefault(skip, []).append(name)

    # Options whose choice changes more than one group's membership are counted by running the search
    # with that option: telehealth near a ZIP also brings in-state telehealth programs into range, and
    # in a budget search a payment kind can be the coverage that makes a program affordable.
    exact = {"telehealth"} if filterset.form.cleaned_data.get("near") else set()
    if filterset.form.cleaned_data.get("max_cost") is not None:
        exact.add("payment")
    key = _cache_key(filterset)
    counts = cache.get(key) if settings.FACET_CACHE_SECONDS else None
    if counts is None:
        counts = {name: {} for name in choices}
        for skip, names in by_base.items():
            if counted := [name for name in names if name not in exact]:
                base = filterset.filter_queryset(filterset.queryset, skip=skip).order_by().values("pk")
                for group, value, count in _count(base, counted):
                    counts[group][value] = count
        for name in sorted(exact):
            for value, _ in choices[name]:
                override = {name: value if name == "telehealth" else [value]}
                counts[name][value] = filterset.filter_queryset(filterset.queryset, overrides=override).count()
        if settings.FACET_CACHE_SECONDS:
            cache.set(key, counts, settings.FACET_CACHE_SECONDS)
    return {
        name: [FacetOption(value, label, counts[name].get(value, 0), value in selected.get(name, ())) for value, label
               in options]
        for name, options in choices.items()
    }  # fmt: skip


def _cache_key(filterset: ProgramFilter) -> str:
    """One key per search: its filters (in a canonical order, without paging and sort) and its base set."""
    data = {
        name: sorted(value) if isinstance(value, list | tuple | set) else value
        for name, value in filterset.form.cleaned_data.items()
        if name not in PRESENTATION and value not in (None, "", [], ())
    }
    canonical = repr((sorted(data.items()), str(filterset.queryset.query.where)))
    return f"facets:{hashlib.sha256(canonical.encode()).hexdigest()}"


def _selected(filterset: ProgramFilter, groups) -> dict[str, set[str]]:
    """The values chosen in each facet group that is in use."""
    found = {}
    for name in groups:
        value = filterset.form.cleaned_data.get(name)
        if value:
            found[name] = {value} if isinstance(value, str) else set(value)
    return found


def _count(base, names: list[str]) -> list[tuple[str, str, int]]:
    """(group, value, count) rows for these groups over one base search, in one statement."""
    base_sql, params = base.query.sql_with_params()
    q = connection.ops.quote_name
    program = q(Program._meta.db_table)
    parts, part_params = [], []
    for name in names:
        if name in ProgramFilter.TAGS:
            relation, model = ProgramFilter.TAGS[name]
            through = getattr(Program, relation).through
            column = through._meta.get_field(model._meta.model_name).column
            # Grouped by the integer id first; the slug is joined to the few aggregated rows.
            parts.append(
                f"SELECT %s, v.slug, c.n FROM (SELECT t.{q(column)} AS vid, COUNT(*) AS n "
                f"FROM {q(through._meta.db_table)} t WHERE t.program_id IN (SELECT id FROM base) "
                f"GROUP BY t.{q(column)}) c JOIN {q(model._meta.db_table)} v ON v.id = c.vid"
            )
            part_params.append(name)
        elif name == "payment":
            parts.append(
                f"SELECT %s, k.slug, c.n FROM (SELECT o.kind_id AS vid, COUNT(*) AS n "
                f"FROM {q(PaymentOption._meta.db_table)} o WHERE o.program_id IN (SELECT id FROM base) "
                f"GROUP BY o.kind_id) c JOIN {q(PaymentKind._meta.db_table)} k ON k.id = c.vid"
            )
            part_params.append(name)
        else:
            flags = [(slot, f"schedule_{slot}") for slot, _ in SCHEDULE_CHOICES] if name == "schedule" else [
                ("true", "telehealth")]  # fmt: skip
            for value, column in flags:
                parts.append(
                    f"SELECT %s, %s, COUNT(*) FROM {program} p WHERE p.id IN (SELECT id FROM base) AND p.{q(column)}"
                )
                part_params += [name, value]
    sql = f"WITH base(id) AS MATERIALIZED ({base_sql}) " + " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *part_params])
        return [(group, value, int(count)) for group, value, count in cursor.fetchall()]
