"""Counts per filter option for the current search ("Medicaid (41)"), one query per group.

For any-of groups the count leaves the group's own selection out, so it tells how many programs
that option would give; for all-of groups it counts within the current results."""

from dataclasses import dataclass

from django.db.models import Count, Q

from insurance.models import PaymentKind, PaymentOption

from .filters import ALL_OF_PARAMETERS, SCHEDULE_CHOICES, ProgramFilter
from .models import Program
from .selectors import vocabulary_choices


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


def facet_counts(filterset: ProgramFilter) -> dict[str, list[FacetOption]]:
    """{parameter: [FacetOption, ...]} for every tag, payment, schedule and telehealth filter."""
    facets = {}
    for name, (relation, model) in ProgramFilter.TAGS.items():
        base = _base(filterset, name)
        through = getattr(Program, relation).through
        column = f"{model._meta.model_name}__slug"
        counts = dict(through.objects.filter(program__in=base.values("pk")).values_list(column).annotate(n=Count("pk")))
        facets[name] = _options(filterset, name, vocabulary_choices(model), counts)

    base = _base(filterset, "payment")
    counts = dict(
        PaymentOption.objects.filter(program__in=base.values("pk")).values_list("kind__slug").annotate(n=Count("pk"))
    )
    facets["payment"] = _options(filterset, "payment", vocabulary_choices(PaymentKind), counts)

    counts = _base(filterset, "schedule").aggregate(
        **{slot: Count("pk", filter=Q(**{f"schedule_{slot}": True})) for slot, _ in SCHEDULE_CHOICES}
    )
    facets["schedule"] = _options(filterset, "schedule", SCHEDULE_CHOICES, counts)

    counts = _base(filterset, "telehealth").aggregate(true=Count("pk", filter=Q(telehealth=True)))
    facets["telehealth"] = _options(filterset, "telehealth", [("true", "Offers telehealth")], counts)
    return facets


def _base(filterset: ProgramFilter, name: str):
    skip = set() if name in ALL_OF_PARAMETERS else {name}
    return filterset.filter_queryset(filterset.queryset, skip=skip).order_by()


def _options(filterset, name, choices, counts) -> list[FacetOption]:
    selected = filterset.form.cleaned_data.get(name) or ()
    selected = {selected} if isinstance(selected, str) else set(selected)
    return [FacetOption(value, label, counts.get(value, 0), value in selected) for value, label in choices]
