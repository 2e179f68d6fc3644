"""Which programs each search parameter returns, alone and together (the search contract)."""

from datetime import UTC, datetime

import pytest

from insurance.models import Payer
from programs.models import Program

from .factories import CostFactory, InsurancePlanFactory, LocationFactory, ProgramFactory, ProviderFactory
from .search_helpers import names

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


# --- tags: any of / all of ----------------------------------------------------------------------


def test_no_parameters_lists_every_published_program_by_name():
    ProgramFactory(name="Cedar")
    ProgramFactory(name="Aspen")
    ProgramFactory(name="Birch")

    assert names("") == ["Aspen", "Birch", "Cedar"]


def test_care_level_returns_programs_at_that_level_only():
    ProgramFactory(name="Harbor IOP", care_levels=["iop"])
    ProgramFactory(name="Harbor PHP", care_levels=["php"])
    ProgramFactory(name="Untagged")

    assert names("care_level=iop") == ["Harbor IOP"]


def test_several_care_levels_return_programs_at_any_of_them():
    ProgramFactory(name="IOP only", care_levels=["iop"])
    ProgramFactory(name="PHP only", care_levels=["php"])
    ProgramFactory(name="Both", care_levels=["iop", "php"])
    ProgramFactory(name="Residential", care_levels=["residential"])

    assert names("care_level=iop&care_level=php") == ["Both", "IOP only", "PHP only"]


def test_a_program_at_several_matching_levels_is_listed_once():
    ProgramFactory(name="Everything", care_levels=["outpatient", "iop", "php", "detox"])

    assert names("care_level=outpatient&care_level=iop&care_level=php&care_level=detox") == ["Everything"]


def test_several_therapies_return_only_programs_offering_all_of_them():
    ProgramFactory(name="CBT and DBT", therapies=["cbt", "dbt"])
    ProgramFactory(name="CBT, DBT and EMDR", therapies=["cbt", "dbt", "emdr"])
    ProgramFactory(name="CBT only", therapies=["cbt"])
    ProgramFactory(name="DBT only", therapies=["dbt"])

    assert names("therapy=cbt&therapy=dbt") == ["CBT and DBT", "CBT, DBT and EMDR"]


def test_one_therapy_returns_every_program_offering_it():
    ProgramFactory(name="CBT only", therapies=["cbt"])
    ProgramFactory(name="CBT and MI", therapies=["cbt", "mi"])
    ProgramFactory(name="MI only", therapies=["mi"])

    assert names("therapy=cbt") == ["CBT and MI", "CBT only"]


def test_several_populations_return_only_programs_serving_all_of_them():
    ProgramFactory(name="Veterans and LGBTQ+", populations=["veterans", "lgbtq"])
    ProgramFactory(name="Veterans only", populations=["veterans"])
    ProgramFactory(name="LGBTQ+ only", populations=["lgbtq"])

    assert names("population=veterans&population=lgbtq") == ["Veterans and LGBTQ+"]


def test_several_accreditations_return_programs_holding_any_of_them():
    ProgramFactory(name="Joint Commission", accreditations=["joint_commission"])
    ProgramFactory(name="CARF", accreditations=["carf"])
    ProgramFactory(name="NCQA", accreditations=["ncqa"])
    ProgramFactory(name="Unaccredited")

    assert names("accreditation=joint_commission&accreditation=carf") == ["CARF", "Joint Commission"]


def test_several_medications_return_programs_offering_any_of_them():
    ProgramFactory(name="Buprenorphine", medications=["buprenorphine"])
    ProgramFactory(name="Methadone", medications=["methadone"])
    ProgramFactory(name="Naltrexone", medications=["naltrexone"])
    ProgramFactory(name="No medication")

    assert names("medication=buprenorphine&medication=methadone") == ["Buprenorphine", "Methadone"]


def test_language_returns_programs_offering_care_in_it():
    ProgramFactory(name="Bilingual", languages=["en", "es"])
    ProgramFactory(name="Spanish", languages=["es"])
    ProgramFactory(name="English", languages=["en"])

    assert names("language=es") == ["Bilingual", "Spanish"]


def test_schedule_returns_programs_meeting_in_any_of_the_chosen_slots():
    ProgramFactory(name="Evenings", schedule_evening=True)
    ProgramFactory(name="Weekends", schedule_weekend=True, schedule_evening=False)
    ProgramFactory(name="Days only", schedule_daytime=True, schedule_evening=False, schedule_weekend=False)
    ProgramFactory(name="Not reported")

    assert names("schedule=evening") == ["Evenings"]
    assert names("schedule=evening&schedule=weekend") == ["Evenings", "Weekends"]


# --- place ---------------------------------------------------------------------------------------


def test_state_returns_programs_located_in_that_state():
    ProgramFactory(name="New York")
    ProgramFactory(name="Newark", location__newark=True)

    assert names("state=NJ") == ["Newark"]
    assert names("state=NY") == ["New York"]


def test_telehealth_true_returns_only_programs_offering_telehealth():
    ProgramFactory(name="Online", telehealth=True)
    ProgramFactory(name="In person", telehealth=False)

    assert names("telehealth=true") == ["Online"]


def test_near_without_telehealth_leaves_out_far_programs_even_if_licensed_in_the_state():
    ProgramFactory(name="Manhattan")
    ProgramFactory(name="LA telehealth", telehealth=True, location__los_angeles=True, licensed_states=["NY"])

    assert names("near=10001") == ["Manhattan"]


def test_telehealth_near_counts_far_programs_licensed_in_the_searchers_state():
    ProgramFactory(name="LA licensed in NY", telehealth=True, location__los_angeles=True, licensed_states=["NY"])
    ProgramFactory(name="LA licensed in NJ", telehealth=True, location__los_angeles=True, licensed_states=["NJ"])
    ProgramFactory(name="LA in person", telehealth=False, location__los_angeles=True, licensed_states=["NY"])

    assert names("near=10001&telehealth=true") == ["LA licensed in NY"]


def test_telehealth_near_counts_far_telehealth_programs_in_the_searchers_own_state():
    buffalo = LocationFactory(city="Buffalo", zip_code="14202", latitude=42.8864, longitude=-78.8784)
    ProgramFactory(name="Buffalo telehealth", telehealth=True, location=buffalo)
    ProgramFactory(name="Buffalo in person", telehealth=False, location=buffalo)

    assert names("near=10001&telehealth=true") == ["Buffalo telehealth"]


def test_telehealth_near_still_includes_nearby_telehealth_programs_but_not_in_person_ones():
    ProgramFactory(name="Manhattan telehealth", telehealth=True)
    ProgramFactory(name="Manhattan in person", telehealth=False)

    assert names("near=10001&telehealth=true") == ["Manhattan telehealth"]


def test_text_search_needs_every_word_to_match_a_name_or_city():
    ProgramFactory(name="Harbor Light", location__newark=True)
    ProgramFactory(name="Harbor View")
    ProgramFactory(name="Light House", location__newark=True)

    assert names("q=harbor") == ["Harbor Light", "Harbor View"]
    assert names("q=harbor+newark") == ["Harbor Light"]
    assert names("q=HARBOR+light") == ["Harbor Light"]


def test_text_search_matches_program_and_provider_names():
    ProgramFactory(name="Clinic A", program_name="Adolescent IOP")
    ProgramFactory(name="Clinic B", location=LocationFactory(provider=ProviderFactory(name="Odyssey House")))
    ProgramFactory(name="Clinic C")

    assert names("q=adolescent") == ["Clinic A"]
    assert names("q=odyssey") == ["Clinic B"]


# --- payment, Medicaid and insurance --------------------------------------------------------------


def test_several_payment_kinds_return_programs_accepting_any_of_them():
    ProgramFactory(name="Medicaid", payments=["medicaid"])
    ProgramFactory(name="Sliding fee", payments=["sliding_fee", "self_pay"])
    ProgramFactory(name="Private", payments=["private"])
    ProgramFactory(name="Not reported")

    assert names("payment=medicaid") == ["Medicaid"]
    assert names("payment=medicaid&payment=sliding_fee") == ["Medicaid", "Sliding fee"]


def test_medicaid_state_includes_programs_listing_medicaid_in_that_state():
    ProgramFactory(name="NY Medicaid", payments=["medicaid"])
    ProgramFactory(name="NY self-pay", payments=["self_pay"])

    assert names("medicaid_state=NY") == ["NY Medicaid"]


def test_medicaid_state_excludes_programs_in_other_states():
    ProgramFactory(name="NY Medicaid", payments=["medicaid"])
    ProgramFactory(name="NJ Medicaid", payments=["medicaid"], location__newark=True)

    assert names("medicaid_state=NJ") == ["NJ Medicaid"]


def test_medicaid_state_includes_out_of_state_programs_with_a_recorded_medicaid_state():
    ProgramFactory(name="NY taking NJ Medicaid", payments=["medicaid"], medicaid_states=["NJ"])
    ProgramFactory(name="NY taking PA Medicaid", payments=["medicaid"], medicaid_states=["PA"])

    assert names("medicaid_state=NJ") == ["NY taking NJ Medicaid"]


def test_medicaid_state_includes_programs_in_a_managed_care_plan_of_that_state():
    horizon = InsurancePlanFactory(
        slug="horizon_nj_health",
        payer__kind=Payer.Kind.MEDICAID,
        payer__state="NJ",
        state="NJ",
        is_managed_care=True,
    )
    ProgramFactory(name="NY in Horizon NJ Health", plans=[horizon.slug])
    ProgramFactory(name="NY in Aetna", plans=["aetna"])

    assert names("medicaid_state=NJ") == ["NY in Horizon NJ Health"]
    assert names("medicaid_state=NY") == []


def test_insurance_plan_returns_programs_in_its_network_only():
    ProgramFactory(name="Aetna network", plans=["aetna"])
    ProgramFactory(name="Cigna network", plans=["cigna"])
    ProgramFactory(name="Private insurance, plans not listed", payments=["private"])

    assert names("insurance=aetna") == ["Aetna network"]


def test_insurance_medicaid_plan_follows_the_medicaid_state_rule():
    ProgramFactory(name="NJ Medicaid", payments=["medicaid"], location__newark=True)
    ProgramFactory(name="NY with NJ recorded", payments=["medicaid"], medicaid_states=["NJ"])
    ProgramFactory(name="NY with NJ plan", plans=["medicaid_nj"])
    ProgramFactory(name="NY Medicaid", payments=["medicaid"])

    assert names("insurance=medicaid_nj") == ["NJ Medicaid", "NY with NJ plan", "NY with NJ recorded"]


def test_insurance_managed_care_plan_needs_a_recorded_acceptance():
    InsurancePlanFactory(
        slug="horizon_nj_health", payer__kind=Payer.Kind.MEDICAID, payer__state="NJ", state="NJ", is_managed_care=True
    )
    ProgramFactory(name="In network", plans=["horizon_nj_health"])
    ProgramFactory(name="NJ Medicaid, network unknown", payments=["medicaid"], location__newark=True)

    assert names("insurance=horizon_nj_health") == ["In network"]


@pytest.mark.parametrize(
    ("plan", "payment_kind"),
    [("medicare", "medicare"), ("tricare", "military"), ("va_community_care", "va")],
)
def test_insurance_public_plan_also_matches_programs_listing_its_payment_kind(plan, payment_kind):
    ProgramFactory(name="Recorded in plan", plans=[plan])
    ProgramFactory(name="Lists the payment kind", payments=[payment_kind])
    ProgramFactory(name="Private only", payments=["private"])

    assert names(f"insurance={plan}") == ["Lists the payment kind", "Recorded in plan"]


# --- combinations --------------------------------------------------------------------------------


def test_different_parameters_must_all_match():
    ProgramFactory(name="IOP, Medicaid, Spanish", care_levels=["iop"], payments=["medicaid"], languages=["es"])
    ProgramFactory(name="IOP, Medicaid", care_levels=["iop"], payments=["medicaid"], languages=["en"])
    ProgramFactory(name="PHP, Medicaid, Spanish", care_levels=["php"], payments=["medicaid"], languages=["es"])
    ProgramFactory(name="IOP, private, Spanish", care_levels=["iop"], payments=["private"], languages=["es"])

    assert names("care_level=iop&payment=medicaid&language=es") == ["IOP, Medicaid, Spanish"]


def test_any_of_within_a_parameter_and_all_of_across_parameters():
    ProgramFactory(name="IOP with CBT and DBT", care_levels=["iop"], therapies=["cbt", "dbt"])
    ProgramFactory(name="PHP with CBT and DBT", care_levels=["php"], therapies=["cbt", "dbt"])
    ProgramFactory(name="IOP with CBT", care_levels=["iop"], therapies=["cbt"])
    ProgramFactory(name="Detox with CBT and DBT", care_levels=["detox"], therapies=["cbt", "dbt"])

    query = "care_level=iop&care_level=php&therapy=cbt&therapy=dbt"
    assert names(query) == ["IOP with CBT and DBT", "PHP with CBT and DBT"]


def test_state_medicaid_and_care_level_together():
    newark = LocationFactory(newark=True)
    ProgramFactory(name="NJ IOP Medicaid", location=newark, care_levels=["iop"], payments=["medicaid"])
    ProgramFactory(name="NJ IOP self-pay", location=newark, care_levels=["iop"], payments=["self_pay"])
    ProgramFactory(name="NY IOP Medicaid", care_levels=["iop"], payments=["medicaid"], medicaid_states=["NJ"])

    assert names("state=NJ&medicaid_state=NJ&care_level=iop") == ["NJ IOP Medicaid"]
    assert names("medicaid_state=NJ&care_level=iop") == ["NJ IOP Medicaid", "NY IOP Medicaid"]


def test_near_with_tags_and_text():
    ProgramFactory(name="Chelsea Evening IOP", care_levels=["iop"], schedule_evening=True)
    ProgramFactory(name="Chelsea Day IOP", care_levels=["iop"], schedule_evening=False)
    ProgramFactory(name="Philly Evening IOP", care_levels=["iop"], schedule_evening=True,
                   location__philadelphia=True)  # fmt: skip

    assert names("near=10001&care_level=iop&schedule=evening&q=evening") == ["Chelsea Evening IOP"]


# --- what is never shown --------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Program.Status.WITHDRAWN, Program.Status.UNPUBLISHED])
def test_withdrawn_and_unpublished_programs_are_never_returned(status):
    ProgramFactory(name="Hidden IOP", status=status, care_levels=["iop"], payments=["medicaid"], telehealth=True)
    ProgramFactory(name="Open IOP", care_levels=["iop"], payments=["medicaid"], telehealth=True)

    for query in ("", "q=hidden", "care_level=iop", "medicaid_state=NY", "near=10001", "telehealth=true",
                  "max_cost=100&include_unlisted_cost=true", "sort=verified"):  # fmt: skip
        assert "Hidden IOP" not in names(query), query


# --- sorting -------------------------------------------------------------------------------------


def test_results_sort_by_name_by_default_without_near():
    ProgramFactory(name="Zephyr")
    ProgramFactory(name="Alder")
    ProgramFactory(name="Maple")

    assert names("") == ["Alder", "Maple", "Zephyr"]
    assert names("sort=name") == ["Alder", "Maple", "Zephyr"]


def test_results_sort_by_distance_by_default_with_near():
    ProgramFactory(name="A Newark", location__newark=True)
    ProgramFactory(name="B Chelsea")
    ProgramFactory(name="C Brooklyn", location=LocationFactory(city="Brooklyn", latitude=40.6940, longitude=-73.9903))

    assert names("near=10001&radius=25") == ["B Chelsea", "C Brooklyn", "A Newark"]
    assert names("near=10001&radius=25&sort=distance") == ["B Chelsea", "C Brooklyn", "A Newark"]


def test_sort_by_name_overrides_distance_when_near_is_given():
    ProgramFactory(name="B Chelsea")
    ProgramFactory(name="A Newark", location__newark=True)

    assert names("near=10001&sort=name") == ["A Newark", "B Chelsea"]


def test_sort_by_cost_puts_cheapest_whole_program_first_and_unknown_cost_last():
    CostFactory(program=ProgramFactory(name="Weekly 400 x 10", typical_weeks=10), amount=400, basis="week")
    CostFactory(program=ProgramFactory(name="Whole 5000"), amount=5000, basis="program")
    CostFactory(program=ProgramFactory(name="Whole 900"), amount=900, basis="program")
    ProgramFactory(name="A no cost listed")

    assert names("sort=cost") == ["Whole 900", "Weekly 400 x 10", "Whole 5000", "A no cost listed"]


def test_sort_by_verified_puts_most_recently_verified_first_and_never_verified_last():
    ProgramFactory(name="A never verified")
    ProgramFactory(name="Verified 2024", last_verified_at=datetime(2024, 3, 1, tzinfo=UTC))
    ProgramFactory(name="Verified 2025", last_verified_at=datetime(2025, 1, 15, tzinfo=UTC))
    ProgramFactory(name="Verified 2023", last_verified_at=datetime(2023, 7, 4, tzinfo=UTC))

    assert names("sort=verified") == ["Verified 2025", "Verified 2024", "Verified 2023", "A never verified"]


def test_programs_with_equal_sort_keys_are_ordered_by_name():
    for name in ("Cherry", "Apple", "Banana"):
        CostFactory(program=ProgramFactory(name=name), amount=3000)

    assert names("sort=cost") == ["Apple", "Banana", "Cherry"]
