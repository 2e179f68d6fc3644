"""The database itself refuses data that would mislead a person looking for care."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from insurance.models import Cost, InsurancePlan, MedicaidState, PaymentKind, PaymentOption
from programs.models import CareLevel, Language, Location, Program

from .factories import LocationFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def refused(model, pk, **values) -> bool:
    try:
        with transaction.atomic():
            model.objects.filter(pk=pk).update(**values)
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize(
    ("values", "is_refused"),
    [
        ({"state": "XX"}, True),
        ({"state": "ny"}, True),
        ({"state": "PR"}, False),
        ({"zip_code": "1000"}, True),
        ({"zip_code": "1000A"}, True),
        ({"zip_code": "02134"}, False),
        ({"zip4": "12"}, True),
        ({"zip4": "1234"}, False),
        ({"latitude": 90.5}, True),
        ({"latitude": -90.0}, False),
        ({"longitude": -180.1}, True),
        ({"longitude": 179.9}, False),
        ({"latitude": None, "longitude": None}, False),
    ],
)
def test_location_constraints(values, is_refused):
    location = LocationFactory()
    assert refused(Location, location.pk, **values) is is_refused


@pytest.mark.parametrize(
    ("values", "is_refused"),
    [
        ({"hours_per_week": Decimal("-1")}, True),
        ({"hours_per_week": Decimal("169")}, True),
        ({"hours_per_week": Decimal("9.5")}, False),
        ({"sessions_per_week": 22}, True),
        ({"sessions_per_week": 5}, False),
    ],
)
def test_program_constraints(values, is_refused):
    program = ProgramFactory()
    assert refused(Program, program.pk, **values) is is_refused


def test_one_listing_per_source_id():
    ProgramFactory(source="samhsa", source_id="abc")
    ProgramFactory(source="hsds", source_id="abc")  # another feed may reuse the id
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramFactory(source="samhsa", source_id="abc")


@pytest.mark.parametrize(
    ("values", "is_refused"),
    [({"amount": Decimal("-0.01")}, True), ({"currency": "usd"}, True), ({"currency": "EUR"}, False)],
)
def test_cost_constraints(values, is_refused):
    cost = Cost.objects.create(program=ProgramFactory(), amount=Decimal("450"), basis=Cost.Basis.WEEK)
    assert refused(Cost, cost.pk, **values) is is_refused


def test_a_program_lists_each_payment_kind_and_medicaid_state_once():
    program = ProgramFactory()
    medicaid = PaymentKind.objects.get(slug="medicaid")
    PaymentOption.objects.create(program=program, kind=medicaid)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentOption.objects.create(program=program, kind=medicaid)
    MedicaidState.objects.create(program=program, state="NJ")
    with pytest.raises(IntegrityError), transaction.atomic():
        MedicaidState.objects.create(program=program, state="NJ")
    assert refused(MedicaidState, MedicaidState.objects.get().pk, state="ZZ")


def test_vocabularies_carry_the_public_slugs():
    assert set(CareLevel.objects.values_list("slug", flat=True)) == {
        "outpatient", "iop", "php", "residential", "inpatient", "detox",
    }  # fmt: skip
    assert set(PaymentKind.objects.values_list("slug", flat=True)) == {
        "medicaid", "medicare", "private", "military", "va", "self_pay", "sliding_fee", "payment_assistance",
    }  # fmt: skip
    assert Language.objects.filter(slug="es", label="Spanish").exists()
    assert CareLevel.objects.get(slug="iop").asam_level == "2.1"


def test_every_state_has_its_own_medicaid_plan():
    plan = InsurancePlan.objects.get(slug="medicaid_ny")
    assert (plan.state, plan.payer.kind) == ("NY", "medicaid")
    assert InsurancePlan.objects.filter(payer__kind="medicaid").count() == 56


def test_every_slug_the_importer_emits_exists_in_the_vocabularies():
    from feeds.apply import VOCABULARIES
    from feeds.parsers.samhsa import RULES, SET_FIELDS

    known = {name: set(model.objects.values_list("slug", flat=True)) for name, model in VOCABULARIES.items()}
    known["payment_kinds"] = set(PaymentKind.objects.values_list("slug", flat=True))
    missing = [(r.field, r.value) for r in RULES if r.field in SET_FIELDS and r.value not in known[r.field]]
    assert missing == []
