"""Budget search (`max_cost`): which programs a person can afford, and why each one is shown."""

from decimal import Decimal

import pytest

from insurance.models import Cost

from .factories import CostFactory, ProgramFactory
from .search_helpers import names, search

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


def priced(name: str, amount, basis=Cost.Basis.PROGRAM, typical_weeks=None, is_estimate=False, **program):
    """A program with a listed cost."""
    program = ProgramFactory(name=name, typical_weeks=typical_weeks, **program)
    CostFactory(program=program, amount=Decimal(amount), basis=basis, is_estimate=is_estimate)
    return program


def reasons(query: str) -> dict[str, str]:
    """{program name: budget_reason} for a budget search, in result order."""
    return {program.name: program.budget_reason for program in search(query)}


# --- known cost ----------------------------------------------------------------------------------


def test_program_whose_whole_cost_fits_the_budget_is_shown_as_fitting():
    priced("4000 in all", 4000)
    priced("9000 in all", 9000)

    assert reasons("max_cost=5000") == {"4000 in all": "fits"}


def test_cost_equal_to_the_budget_fits():
    priced("Exactly 5000", 5000)

    assert reasons("max_cost=5000") == {"Exactly 5000": "fits"}


def test_free_program_fits_a_zero_budget():
    priced("Free", 0)
    priced("One dollar", 1)

    assert reasons("max_cost=0") == {"Free": "fits"}


def test_costs_are_compared_as_numbers_not_text():
    priced("10000 in all", 10000)
    priced("900 in all", 900)

    assert reasons("max_cost=9000") == {"900 in all": "fits"}
    assert reasons("max_cost=20000") == {"10000 in all": "fits", "900 in all": "fits"}


def test_weekly_price_is_multiplied_by_the_programs_length():
    priced("500 a week for 8 weeks", 500, basis=Cost.Basis.WEEK, typical_weeks=8)  # 4000
    priced("500 a week for 16 weeks", 500, basis=Cost.Basis.WEEK, typical_weeks=16)  # 8000

    assert reasons("max_cost=5000") == {"500 a week for 8 weeks": "fits"}
    assert reasons("max_cost=8000") == {"500 a week for 16 weeks": "fits", "500 a week for 8 weeks": "fits"}


def test_weekly_price_without_a_program_length_assumes_twelve_weeks():
    priced("500 a week, length unknown", 500, basis=Cost.Basis.WEEK)  # 6000 estimated

    assert reasons("max_cost=5999") == {}
    assert reasons("max_cost=6000") == {"500 a week, length unknown": "fits"}


def test_whole_program_cost_is_annotated_and_estimates_are_labelled():
    priced("Listed price", 4000)
    priced("Weekly, length known", 400, basis=Cost.Basis.WEEK, typical_weeks=10)
    priced("Weekly, length unknown", 300, basis=Cost.Basis.WEEK)
    priced("Curator's estimate", 3500, is_estimate=True)

    results = {p.name: (p.full_cost, p.full_cost_is_estimate) for p in search("max_cost=10000")}

    assert results == {
        "Curator's estimate": (Decimal(3500), True),
        "Listed price": (Decimal(4000), False),
        "Weekly, length known": (Decimal(4000), False),
        "Weekly, length unknown": (Decimal(3600), True),
    }


# --- over budget, but affordable another way --------------------------------------------------------


def test_over_budget_program_is_left_out_when_nothing_else_makes_it_affordable():
    priced("Expensive, self-pay", 20000, payments=["self_pay"])
    priced("Expensive, Medicaid", 20000, payments=["medicaid"])

    assert reasons("max_cost=5000") == {}


@pytest.mark.parametrize(
    ("query", "payment_kind"),
    [
        ("payment=medicaid", "medicaid"),
        ("payment=medicare", "medicare"),
        ("payment=private", "private"),
        ("payment=military", "military"),
        ("payment=va", "va"),
    ],
)
def test_over_budget_program_accepting_the_persons_coverage_is_shown_for_coverage(query, payment_kind):
    priced("Expensive, takes it", 20000, payments=[payment_kind])

    assert reasons(f"max_cost=5000&{query}") == {"Expensive, takes it": "coverage"}


def test_self_pay_is_not_coverage():
    priced("Expensive, self-pay", 20000, payments=["self_pay"])

    assert reasons("max_cost=5000&payment=self_pay") == {}


def test_over_budget_program_taking_the_medicaid_of_the_persons_state_is_shown_for_coverage():
    priced("NY program, takes Medicaid", 20000, payments=["medicaid"])
    priced("NY program, NJ Medicaid recorded", 20000, medicaid_states=["NJ"])

    assert reasons("max_cost=5000&medicaid_state=NY") == {"NY program, takes Medicaid": "coverage"}
    assert reasons("max_cost=5000&medicaid_state=NJ") == {"NY program, NJ Medicaid recorded": "coverage"}


def test_over_budget_program_in_the_persons_insurance_plan_is_shown_for_coverage():
    priced("In Aetna's network", 20000, plans=["aetna"])
    priced("Takes private insurance", 20000, payments=["private"])

    assert reasons("max_cost=5000&insurance=aetna") == {"In Aetna's network": "coverage"}


@pytest.mark.parametrize("payment_kind", ["sliding_fee", "payment_assistance"])
def test_over_budget_program_with_income_based_help_is_shown_for_its_sliding_fee(payment_kind):
    priced("Expensive, helps with cost", 20000, payments=["self_pay", payment_kind])

    assert reasons("max_cost=5000") == {"Expensive, helps with cost": "sliding_fee"}


def test_program_that_fits_is_shown_as_fitting_even_if_it_also_takes_the_coverage():
    priced("Cheap, takes Medicaid", 1000, payments=["medicaid", "sliding_fee"])

    assert reasons("max_cost=5000&payment=medicaid") == {"Cheap, takes Medicaid": "fits"}


def test_coverage_is_preferred_to_sliding_fee_as_the_reason():
    priced("Expensive, Medicaid and sliding fee", 20000, payments=["medicaid", "sliding_fee"])

    assert reasons("max_cost=5000&medicaid_state=NY") == {"Expensive, Medicaid and sliding fee": "coverage"}


# --- unknown cost ---------------------------------------------------------------------------------


def test_programs_without_a_known_cost_are_left_out_of_a_budget_search_by_default():
    priced("Known", 1000)
    ProgramFactory(name="No cost listed")

    assert reasons("max_cost=5000") == {"Known": "fits"}
    assert reasons("max_cost=5000&include_unlisted_cost=false") == {"Known": "fits"}


def test_include_unlisted_cost_adds_programs_without_a_known_cost():
    priced("Known", 1000)
    priced("Too expensive", 9000)
    ProgramFactory(name="No cost listed")

    assert reasons("max_cost=5000&include_unlisted_cost=true") == {"Known": "fits", "No cost listed": "unlisted"}


def test_program_without_a_known_cost_but_with_a_sliding_fee_is_shown_without_asking():
    ProgramFactory(name="Sliding fee, no price", payments=["sliding_fee"])

    assert reasons("max_cost=5000") == {"Sliding fee, no price": "sliding_fee"}


def test_program_without_a_known_cost_but_taking_the_coverage_is_shown_for_coverage():
    ProgramFactory(name="Medicaid, no price", payments=["medicaid"])

    assert reasons("max_cost=5000&medicaid_state=NY") == {"Medicaid, no price": "coverage"}


def test_without_a_budget_every_program_is_listed_whatever_it_costs():
    priced("Expensive", 90000)
    ProgramFactory(name="No cost listed")

    assert names("") == ["Expensive", "No cost listed"]
    assert names("include_unlisted_cost=true") == ["Expensive", "No cost listed"]


def test_budget_combines_with_other_filters():
    priced("IOP that fits", 3000, care_levels=["iop"])
    priced("PHP that fits", 3000, care_levels=["php"])
    priced("IOP too expensive", 30000, care_levels=["iop"])

    assert names("max_cost=5000&care_level=iop") == ["IOP that fits"]


def test_budget_results_sort_by_cost_with_unknown_cost_last():
    priced("B 4000", 4000)
    priced("C 2000", 2000)
    ProgramFactory(name="A no cost listed")

    assert names("max_cost=5000&include_unlisted_cost=true&sort=cost") == ["C 2000", "B 4000", "A no cost listed"]
