"""JSON shapes of the public API. They read only what the selectors prefetched: no queries here."""

from operator import attrgetter

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from insurance.coverage import cost_estimate, medicaid_states
from programs import guidance

BUDGET_REASONS = [
    ("fits", "its cost for the whole program fits the budget"),
    ("coverage", "it accepts the coverage given in payment, medicaid_state or insurance"),
    ("sliding_fee", "it offers a sliding fee or payment assistance"),
    ("unlisted", "it lists no cost (only with include_unlisted_cost=true)"),
]


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class SlugsField(serializers.Field):
    """The slugs of a prefetched relation, e.g. ["iop", "php"]."""

    def __init__(self, attr: str = "slug", **kwargs):
        self.slug_of = attrgetter(attr)
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, manager):
        return [self.slug_of(item) for item in manager.all()]


class OptionalTextField(serializers.CharField):
    """Text the listing may not have: null rather than an empty string."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class ErrorSerializer(serializers.Serializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="{parameter: [message]}; `__all__` for errors not tied to one parameter.",
    )


class ProviderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    website = OptionalTextField()


class AddressSerializer(serializers.Serializer):
    street = serializers.SerializerMethodField()
    city = serializers.CharField()
    state = serializers.CharField(help_text="Two-letter state code")
    zip = serializers.CharField(source="zip_code", help_text="5-digit ZIP code")

    def get_street(self, location) -> str:
        return ", ".join(part for part in (location.street1, location.street2) if part)


class PhoneSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["main", "intake", "hotline", "other"])
    number = serializers.CharField()


class ScheduleSerializer(serializers.Serializer):
    daytime = serializers.BooleanField(source="schedule_daytime", allow_null=True)
    evening = serializers.BooleanField(source="schedule_evening", allow_null=True)
    weekend = serializers.BooleanField(source="schedule_weekend", allow_null=True)


class AvailabilitySerializer(serializers.Serializer):
    accepting_new_clients = serializers.BooleanField(allow_null=True)
    wait_days = serializers.IntegerField(allow_null=True)
    confirmed_at = serializers.DateTimeField(source="availability_confirmed_at", allow_null=True)


class CostSerializer(serializers.Serializer):
    known = serializers.BooleanField(help_text="The program lists a price")
    estimated = serializers.BooleanField(help_text="`full_program` is an estimate (or the listed price is)")
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, coerce_to_string=False, allow_null=True)
    basis = serializers.ChoiceField(choices=["week", "program"], allow_null=True, help_text="What `amount` pays for")
    currency = serializers.CharField(allow_null=True)
    full_program = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        coerce_to_string=False,
        allow_null=True,
        help_text="The whole program (a weekly price × typical weeks): what `max_cost` and `sort=cost` use",
    )
    explanation = serializers.CharField()


def _cost(program) -> dict:
    cost = getattr(program, "cost", None)
    estimate = cost_estimate(program)
    return {
        "known": cost is not None,
        "estimated": estimate.is_estimate,
        "amount": cost.amount if cost else None,
        "basis": cost.basis if cost else None,
        "currency": cost.currency if cost else None,
        "full_program": estimate.full_cost,
        "explanation": estimate.explanation,
    }


class ProgramSerializer(serializers.Serializer):
    """One search result: everything a result card shows and more, as slugs (see /api/v1/vocabularies/)."""

    id = serializers.IntegerField()
    source = serializers.CharField(help_text="The feed the listing comes from, e.g. samhsa")
    source_id = serializers.CharField(help_text="Upstream id, e.g. the SAMHSA frid")
    name = serializers.CharField()
    program_name = OptionalTextField(help_text="Sub-name, e.g. 'Adolescent IOP'")
    url = serializers.SerializerMethodField(help_text="The public page of the program")
    provider = ProviderSerializer(source="location.provider")
    care_levels = SlugsField()
    address = AddressSerializer(source="location")
    latitude = serializers.FloatField(source="location.latitude", allow_null=True)
    longitude = serializers.FloatField(source="location.longitude", allow_null=True)
    distance_miles = serializers.SerializerMethodField(help_text="From the `near` ZIP code; null without `near`")
    phones = serializers.SerializerMethodField()
    website = OptionalTextField()
    telehealth = serializers.BooleanField()
    languages = SlugsField(help_text="ISO 639-1 codes")
    payment = SlugsField(source="payment_options", attr="kind.slug")
    medicaid_states = serializers.SerializerMethodField(
        help_text="States whose Medicaid the program accepts (exactly the `medicaid_state` values that find it)"
    )
    insurance_plans = SlugsField(source="plan_acceptances", attr="plan.slug", help_text="Plans recorded in network")
    accreditations = SlugsField()
    therapies = SlugsField()
    populations = SlugsField()
    medications = SlugsField()
    schedule = ScheduleSerializer(source="*")
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1, coerce_to_string=False, allow_null=True)
    sessions_per_week = serializers.IntegerField(allow_null=True)
    typical_weeks = serializers.IntegerField(allow_null=True)
    availability = AvailabilitySerializer(source="*")
    cost = serializers.SerializerMethodField()
    budget_reason = serializers.ChoiceField(
        choices=BUDGET_REASONS, allow_null=True, help_text="Why the program fits `max_cost`; null without `max_cost`"
    )
    last_refreshed = serializers.DateTimeField(source="last_refreshed_at", allow_null=True)
    last_verified = serializers.DateTimeField(source="last_verified_at", allow_null=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, program) -> str:
        return self.context["request"].build_absolute_uri(program.get_absolute_url())

    def get_distance_miles(self, program) -> float | None:
        distance = getattr(program, "distance_miles", None)
        return None if distance is None else round(distance, 2)

    @extend_schema_field(PhoneSerializer(many=True))
    def get_phones(self, program):
        main = [{"kind": "main", "number": program.location.phone}] if program.location.phone else []
        return main + [{"kind": phone.kind, "number": phone.number} for phone in program.phones.all()]

    def get_medicaid_states(self, program) -> list[str]:
        return medicaid_states(program)

    @extend_schema_field(CostSerializer)
    def get_cost(self, program):
        return CostSerializer(_cost(program)).data


class SignSerializer(serializers.Serializer):
    label = serializers.CharField()
    present = serializers.BooleanField()
    detail = serializers.CharField()


class ListingFactSerializer(serializers.Serializer):
    label = serializers.CharField()
    values = serializers.ListField(child=serializers.CharField())


class ProgramDetailSerializer(ProgramSerializer):
    """One program with everything its public page shows."""

    description = OptionalTextField()
    facility_type = serializers.ChoiceField(choices=["SA", "MH", ""], help_text="SA substance use, MH mental health")
    intake_phone = OptionalTextField(help_text="The number to call about starting treatment")
    directions_url = serializers.URLField()
    staff_qualifications = OptionalTextField()
    aftercare = serializers.BooleanField(allow_null=True)
    family_involvement = serializers.BooleanField(allow_null=True)
    outcomes_reported = OptionalTextField()
    signs_of_quality = serializers.SerializerMethodField()
    questions_to_ask = serializers.SerializerMethodField()
    more_from_listing = ListingFactSerializer(source="unmapped_services", many=True)
    source_label = serializers.CharField()
    first_seen = serializers.DateTimeField(source="first_seen_at")
    last_confirmed = serializers.DateTimeField(source="last_confirmed_at", allow_null=True)
    stale = serializers.BooleanField(source="is_stale", help_text="Not confirmed for STALE_AFTER_DAYS: call to check")

    @extend_schema_field(SignSerializer(many=True))
    def get_signs_of_quality(self, program):
        return SignSerializer(guidance.signs_of_quality(program), many=True).data

    def get_questions_to_ask(self, program) -> list[str]:
        return guidance.questions_to_ask(program)


class FacetOptionSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField(help_text="Programs this option gives with the rest of the search")
    selected = serializers.BooleanField()


class ProgramPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Programs matching the search")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ProgramSerializer(many=True)
    facets = serializers.DictField(
        child=FacetOptionSerializer(many=True), help_text="{parameter: [option with its count]} for this search"
    )


class VocabularyTermSerializer(serializers.Serializer):
    slug = serializers.CharField()
    label = serializers.CharField(help_text="In English")
    label_es = serializers.CharField(help_text="In Spanish")
