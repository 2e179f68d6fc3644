"""Coverage labels and cost estimates a person sees on program pages (issue: match me)."""

from decimal import Decimal

import pytest

from insurance.coverage import Coverage, Kind, cost_estimate, coverage_fit
from insurance.models import Cost, InsurancePlan, MedicaidState, PaymentKind, PaymentOption, PlanAcceptance
from programs.selectors import program_list

from .factories import LocationFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def make(state="NY", payments=(), plans=(), medicaid_states=(), cost=None, typical_weeks=None):
    program = ProgramFactory(location=LocationFactory(state=state), typical_weeks=typical_weeks)
    for slug in payments:
        PaymentOption.objects.create(program=program, kind=PaymentKind.objects.get(slug=slug))
    for slug in plans:
        PlanAcceptance.objects.create(program=program, plan=InsurancePlan.objects.get(slug=slug))
    for code in medicaid_states:
        MedicaidState.objects.create(program=program, state=code)
    if cost:
        Cost.objects.create(program=program, amount=Decimal(cost[0]), basis=cost[1])
    return program_list().get(pk=program.pk)  # with what the pages prefetch


@pytest.mark.parametrize(
    ("program_kwargs", "coverage", "status", "label"),
    [
        ({"payments": ["medicaid"]}, Coverage(Kind.MEDICAID, "NY"), "accepted", "Accepts your Medicaid (NY)"),
        # Medicaid across state lines: a NY program listing Medicaid takes NY's, not NJ's ...
        ({"payments": ["medicaid"]}, Coverage(Kind.MEDICAID, "NJ"), "not_accepted",
         "Takes NY Medicaid, not NJ's — ask"),
        # ... unless a curator recorded NJ, or an NJ Medicaid managed-care plan.
        ({"payments": ["medicaid"], "medicaid_states": ["NJ"]}, Coverage(Kind.MEDICAID, "NJ"), "accepted",
         "Accepts your Medicaid (NJ)"),
        ({"plans": ["medicaid_nj"]}, Coverage(Kind.MEDICAID, "NJ"), "accepted", "Accepts your Medicaid (NJ)"),
        ({"payments": ["self_pay"]}, Coverage(Kind.MEDICAID, "NY"), "not_accepted", "Does not list Medicaid"),
        ({}, Coverage(Kind.MEDICAID, "NY"), "unknown", "Unknown — ask"),
        ({"payments": ["medicare"]}, Coverage(Kind.MEDICARE), "accepted", "Accepts Medicare"),
        ({"plans": ["medicare"]}, Coverage(Kind.MEDICARE), "accepted", "Accepts Medicare"),
        ({"payments": ["private"]}, Coverage(Kind.MEDICARE), "not_accepted", "Does not list Medicare"),
        ({"payments": ["military"]}, Coverage(Kind.MILITARY), "accepted", "Accepts TRICARE"),
        ({"payments": ["va"]}, Coverage(Kind.VA), "accepted", "Accepts VA health care"),
        ({}, Coverage(Kind.VA), "unknown", "Unknown — ask"),
        ({"plans": ["aetna"]}, Coverage(Kind.PRIVATE, plan="aetna", plan_name="Aetna"), "accepted",
         "In your plan's network (Aetna)"),
        ({"plans": ["cigna"], "payments": ["private"]}, Coverage(Kind.PRIVATE, plan="aetna", plan_name="Aetna"),
         "not_accepted", "Not in your plan's network"),
        ({"payments": ["private"]}, Coverage(Kind.PRIVATE, plan="aetna", plan_name="Aetna"), "unknown",
         "Takes private insurance — ask if your plan is in network"),
        ({"payments": ["medicaid"]}, Coverage(Kind.PRIVATE), "not_accepted", "Does not list private insurance"),
        ({"payments": ["self_pay", "sliding_fee"]}, Coverage(Kind.UNINSURED), "accepted",
         "Sliding fee based on income"),
        ({"payments": ["payment_assistance"]}, Coverage(Kind.UNINSURED), "accepted", "Offers payment assistance"),
        ({"payments": ["self_pay"]}, Coverage(Kind.UNINSURED), "accepted", "Takes self-pay — ask what it costs"),
        ({"payments": ["medicaid"]}, Coverage(Kind.UNINSURED), "not_accepted", "No self-pay or sliding fee listed"),
    ],
)  # fmt: skip
def test_coverage_label(program_kwargs, coverage, status, label):
    fit = coverage_fit(make(**program_kwargs), coverage)
    assert (fit.status, fit.label) == (status, label)


def test_program_price_is_the_whole_program_estimate():
    estimate = cost_estimate(make(cost=("4500", "program")))
    assert (estimate.full_cost, estimate.is_estimate) == (Decimal("4500"), False)
    assert "USD 4,500 for the whole program" in estimate.explanation


def test_weekly_price_times_the_programs_typical_weeks():
    estimate = cost_estimate(make(cost=("400", "week"), typical_weeks=10))
    assert (estimate.full_cost, estimate.is_estimate) == (Decimal("4000"), False)
    assert "USD 400 a week × 10 weeks = USD 4,000" in estimate.explanation


def test_weekly_price_without_a_length_assumes_12_weeks_and_says_so():
    estimate = cost_estimate(make(cost=("400", "week")))
    assert (estimate.full_cost, estimate.is_estimate) == (Decimal("4800"), True)
    assert "12 weeks (a typical IOP length; ask)" in estimate.explanation


def test_no_price_shows_the_national_range_for_context():
    estimate = cost_estimate(make())
    assert estimate.full_cost is None
    assert "typically costs USD 3,000–10,000" in estimate.explanation


@pytest.mark.parametrize(
    ("program_kwargs", "coverage", "expected"),
    [
        ({"payments": ["medicaid"]}, Coverage(Kind.MEDICAID, "NY"), "usually pay little or nothing"),
        ({"payments": ["medicaid", "sliding_fee"]}, Coverage(Kind.MEDICAID, "NJ"), "sliding fee based on income"),
        ({"payments": ["sliding_fee"]}, Coverage(Kind.UNINSURED), "depends on your income"),
        ({"payments": ["self_pay"]}, Coverage(Kind.UNINSURED), "full price"),
        ({"payments": ["private"], "plans": ["aetna"]}, Coverage(Kind.PRIVATE, plan="aetna"), "co-pays"),
        ({}, None, "tell us what you have"),
    ],
)
def test_what_the_person_may_pay(program_kwargs, coverage, expected):
    assert expected in cost_estimate(make(**program_kwargs, cost=("300", "week")), coverage).you_may_pay
