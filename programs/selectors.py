"""Reads of programs for the public pages and the API."""

from django.core.cache import cache
from django.db.models import Case, Exists, F, FloatField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.utils.translation import gettext

from insurance.models import PaymentOption, PlanAcceptance

from .geo import EARTH_RADIUS_MILES, bounding_box
from .models import Program, Provider, localized

VOCABULARY_CACHE_SECONDS = 300


def program_list() -> QuerySet[Program]:
    """Published programs with what a result card shows, in a fixed number of queries."""
    return with_card_data(Program.objects.published())


def with_card_data(queryset: QuerySet[Program]) -> QuerySet[Program]:
    """Programs of `queryset`, whatever their status, with what a result card shows (tags, payment, plans,
    cost), in a fixed number of queries."""
    payment_options = Prefetch(
        "payment_options", queryset=PaymentOption.objects.select_related("kind").order_by("kind__sort_order")
    )
    plans = Prefetch("plan_acceptances", queryset=PlanAcceptance.objects.select_related("plan__payer"))
    return queryset.for_listing().select_related("cost").prefetch_related(payment_options, plans, "medicaid_states")


def program_records() -> QuerySet[Program]:
    """program_list() plus every tag and phone a full record shows (API results), in a fixed number of
    queries; same rows and order."""
    return program_list().prefetch_related("therapies", "populations", "medications", "phones")


def listed_providers() -> QuerySet[Provider]:
    """Providers with at least one published program, by name."""
    published = Program.objects.published().filter(location__provider=OuterRef("pk"))
    return Provider.objects.filter(Exists(published)).order_by("name", "id")


def programs_for_compare(*, ids: list[int]) -> list[Program]:
    """The programs picked for comparing, in the order they were picked, with all they show."""
    found = {
        program.pk: program
        for program in program_list()
        .prefetch_related("therapies", "medications", "populations", "phones")
        .filter(pk__in=ids)
    }
    return [found[pk] for pk in ids if pk in found]


def relaxations(filterset) -> list[tuple[tuple[str, ...], str, int]]:
    """For a search with no results: each filter in use, and how many programs there are without it."""
    data = filterset.form.cleaned_data
    groups = [((name,), filterset.filters[name].label) for name, value in data.items() if value not in (None, "", [])]
    groups = [g for g in groups if g[0][0] not in {"sort", "radius", "include_unlisted_cost"}]
    if data.get("near"):
        groups = [g for g in groups if g[0] != ("near",)]
        # Sorting by distance needs `near`: widening by distance drops that sort too.
        distance = ("near", "radius", "sort") if data.get("sort") == "distance" else ("near", "radius")
        groups.append((distance, gettext("Distance from your ZIP code")))
    found = []
    for names, label in groups:
        count = filterset.filter_queryset(filterset.queryset, skip=set(names)).count()
        if count:
            found.append((names, label, count))
    return sorted(found, key=lambda item: -item[2])


def program_detail(*, pk: int) -> Program:
    """One published program with everything its page shows (and whether people reported it closed);
    raises Program.DoesNotExist."""
    return (
        program_list()
        .with_confirmation()
        .with_report_flag()
        .prefetch_related("therapies", "populations", "medications", "phones", "insurance_plans")
        .select_related("cost")
        .get(pk=pk)
    )


def vocabulary_choices(model) -> list[tuple[str, str]]:
    """(slug, label) pairs of a vocabulary in the active language, cached: they change only by migration
    or admin edit."""
    key = f"vocabulary:{model._meta.label_lower}:en-es"
    rows = cache.get(key)
    if rows is None:
        # Insurance plans have a name, the same in both languages.
        labels = ("label", "label_es") if hasattr(model, "label_es") else ("name", "name")
        rows = list(model.objects.order_by(*model._meta.ordering).values_list("slug", *labels))
        cache.set(key, rows, VOCABULARY_CACHE_SECONDS)
    return [(slug, localized(label, label_es)) for slug, label, label_es in rows]


def has_all(relation: str, model, slugs) -> Q:
    """Programs linked to every one of `slugs` (one EXISTS per slug, no join fan-out)."""
    through = getattr(Program, relation).through
    column = f"{model._meta.model_name}__slug"
    q = Q()
    for slug in slugs:
        q &= Q(Exists(through.objects.filter(program=OuterRef("pk"), **{column: slug})))
    return q


def has_any(relation: str, model, slugs) -> Q:
    """Programs linked to at least one of `slugs`."""
    through = getattr(Program, relation).through
    column = f"{model._meta.model_name}__slug__in"
    return Q(Exists(through.objects.filter(program=OuterRef("pk"), **{column: list(slugs)})))


def distance_miles(latitude: float, longitude: float):
    """Haversine distance in miles from a point to each program's location, as a SQL expression."""
    lat1 = Radians(Value(latitude, output_field=FloatField()))
    lng1 = Radians(Value(longitude, output_field=FloatField()))
    lat2 = Radians(F("location__latitude"))
    lng2 = Radians(F("location__longitude"))
    a = Power(Sin((lat2 - lat1) / 2), 2) + Cos(lat1) * Cos(lat2) * Power(Sin((lng2 - lng1) / 2), 2)
    # PostgreSQL's LEAST skips NULLs, so a location without coordinates is kept NULL explicitly.
    return Case(
        When(Q(location__latitude__isnull=True) | Q(location__longitude__isnull=True), then=Value(None)),
        default=Value(2 * EARTH_RADIUS_MILES) * ASin(Least(Value(1.0), Sqrt(a))),
        output_field=FloatField(),
    )


def near(
    queryset: QuerySet, *, latitude: float, longitude: float, miles: float, telehealth_state: str | None = None
) -> QuerySet:
    """Programs within `miles` of a point, annotated with `distance_miles`. With `telehealth_state`,
    telehealth programs in or licensed for that state count as in range wherever they are."""
    min_lat, max_lat, min_lng, max_lng = bounding_box(latitude, longitude, miles)
    # The bounding box uses the (latitude, longitude) index before the exact distance is computed.
    in_box = Q(
        location__latitude__range=(min_lat, max_lat),
        location__longitude__range=(min_lng, max_lng),
    )
    in_range = in_box & Q(distance_miles__lte=miles)
    if telehealth_state:
        # Each part alone is an indexed lookup (the box, the state, the licensed states); ORed within one
        # join no index could be used, so the ids in range are the UNION of the three.
        programs = queryset.model.objects.order_by().values("pk")
        nearby = programs.annotate(distance_miles=distance_miles(latitude, longitude)).filter(in_range)
        in_state = programs.filter(telehealth=True, location__state=telehealth_state)
        licensed = programs.filter(telehealth=True, licensed_states__state=telehealth_state)
        in_range = Q(pk__in=nearby.values("pk").union(in_state, licensed))
    return queryset.annotate(distance_miles=distance_miles(latitude, longitude)).filter(in_range)


def text_search(queryset: QuerySet, text: str) -> QuerySet:
    """Every word must appear in the program, provider or city name."""
    for word in text.split():
        queryset = queryset.filter(
            Q(name__icontains=word)
            | Q(program_name__icontains=word)
            | Q(location__provider__name__icontains=word)
            | Q(location__city__icontains=word)
        )
    return queryset


def merged_into(*, pk: int) -> int | None:
    """The listing a merged-away listing now lives on, if `pk` was merged into another."""
    return Program.objects.filter(pk=pk).values_list("merged_into", flat=True).first()
