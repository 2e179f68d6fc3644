from decimal import Decimal

import factory

from insurance.models import Cost, InsurancePlan, MedicaidState, Payer, PaymentKind, PaymentOption, PlanAcceptance
from programs.models import (
    Accreditation,
    CareLevel,
    Language,
    LicensedState,
    Location,
    Medication,
    Population,
    Program,
    Provider,
    Therapy,
)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Provider {n}")
    key = factory.LazyAttribute(lambda o: f"{o.name.casefold()}|ny")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    provider = factory.SubFactory(ProviderFactory)
    street1 = factory.Sequence(lambda n: f"{n} Main St")
    city = "New York"
    state = "NY"
    zip_code = "10001"
    latitude = 40.7484
    longitude = -73.9967

    class Params:
        # Real places the search tests measure distances to (Newark Penn Station, Philadelphia and LA City Halls).
        newark = factory.Trait(city="Newark", state="NJ", zip_code="07102", latitude=40.7347, longitude=-74.1644)
        philadelphia = factory.Trait(
            city="Philadelphia", state="PA", zip_code="19107", latitude=39.9526, longitude=-75.1652
        )
        los_angeles = factory.Trait(
            city="Los Angeles", state="CA", zip_code="90012", latitude=34.0537, longitude=-118.2428
        )
        no_coordinates = factory.Trait(latitude=None, longitude=None)


def _vocabulary(relation: str, model):
    """Post-generation hook: `ProgramFactory(care_levels=["iop"])` tags the program by slug."""

    def tag(program, create, slugs, **kwargs):
        if create and slugs:
            getattr(program, relation).add(*(model.objects.get(slug=slug) for slug in slugs))

    return factory.PostGeneration(tag)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        skip_postgeneration_save = True

    location = factory.SubFactory(LocationFactory)
    name = factory.Sequence(lambda n: f"Program {n}")
    source = "samhsa"
    source_id = factory.Sequence(lambda n: f"frid{n:06d}")

    care_levels = _vocabulary("care_levels", CareLevel)
    therapies = _vocabulary("therapies", Therapy)
    accreditations = _vocabulary("accreditations", Accreditation)
    populations = _vocabulary("populations", Population)
    medications = _vocabulary("medications", Medication)
    languages = _vocabulary("languages", Language)

    @factory.post_generation
    def payments(program, create, slugs, **kwargs):
        """`payments=["medicaid", "sliding_fee"]`: PaymentOption rows by payment kind slug."""
        for slug in slugs or ():
            PaymentOption.objects.create(program=program, kind=PaymentKind.objects.get(slug=slug))

    @factory.post_generation
    def plans(program, create, slugs, **kwargs):
        """`plans=["aetna"]`: the program is in these insurance plans' networks."""
        for slug in slugs or ():
            PlanAcceptance.objects.create(program=program, plan=InsurancePlan.objects.get(slug=slug))

    @factory.post_generation
    def medicaid_states(program, create, codes, **kwargs):
        """`medicaid_states=["NJ"]`: extra states whose Medicaid a curator recorded."""
        for code in codes or ():
            MedicaidState.objects.create(program=program, state=code)

    @factory.post_generation
    def licensed_states(program, create, codes, **kwargs):
        """`licensed_states=["NY"]`: extra states the program may serve by telehealth."""
        for code in codes or ():
            LicensedState.objects.create(program=program, state=code)


class CostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cost

    program = factory.SubFactory(ProgramFactory)
    amount = Decimal("5000")
    basis = Cost.Basis.PROGRAM


class PayerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payer

    slug = factory.Sequence(lambda n: f"payer_{n}")
    name = factory.Sequence(lambda n: f"Payer {n}")
    kind = Payer.Kind.PRIVATE


class InsurancePlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InsurancePlan

    payer = factory.SubFactory(PayerFactory)
    slug = factory.Sequence(lambda n: f"plan_{n}")
    name = factory.Sequence(lambda n: f"Plan {n}")
