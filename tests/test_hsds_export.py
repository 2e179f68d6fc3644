"""`export_hsds`: the directory as an HSDS 3.0 datapackage that validates and round-trips losslessly."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from feeds.apply import current_value
from feeds.hsds_export import export_directory, exported_programs
from feeds.hsds_mapping import hsds_id
from feeds.hsds_validate import hsds_schema_dir, validate_export
from feeds.parsers import hsds
from insurance.models import Cost, InsurancePlan, MedicaidState, PlanAcceptance
from programs.models import LicensedState, Location, Phone, Program, Provider

pytestmark = pytest.mark.django_db

SAMPLE = "feeds/sample/samhsa_sample.json"
needs_schemas = pytest.mark.skipif(
    hsds_schema_dir() is None, reason="HSDS 3.0 schemas not found: feeds/hsds3 is missing"
)


@pytest.fixture
def directory():
    """The bundled SAMHSA sample with curated facts SAMHSA does not carry on a few programs."""
    call_command("import_feed", "samhsa", SAMPLE, stdout=io.StringIO())
    first, second, third = Program.objects.order_by("source_id")[:3]
    Program.objects.filter(pk=first.pk).update(
        description="Evening IOP for adults.\nClínica bilingüe, 3 nights a week.", hours_per_week=Decimal("9.5"),
        sessions_per_week=3, typical_weeks=12, schedule_daytime=False, schedule_evening=True,
        accepting_new_clients=True, wait_days=7, program_name="Adult Evening IOP",
    )  # fmt: skip
    Cost.objects.create(program=first, amount=Decimal("1250.00"), basis=Cost.Basis.WEEK)
    Cost.objects.create(program=second, amount=Decimal("8000.00"), basis=Cost.Basis.PROGRAM)
    Program.objects.filter(pk=second.pk).update(schedule_weekend=True, accepting_new_clients=False, wait_days=0)
    PlanAcceptance.objects.create(program=first, plan=InsurancePlan.objects.get(slug="aetna"))
    PlanAcceptance.objects.create(program=second, plan=InsurancePlan.objects.get(slug="medicaid_nj"))
    MedicaidState.objects.create(program=first, state="NJ")
    LicensedState.objects.create(program=first, state="CT")
    LicensedState.objects.create(program=first, state="PA")
    Phone.objects.create(program=third, kind=Phone.Kind.OTHER, number="212-555-0177")
    Program.objects.filter(pk=third.pk).update(status=Program.Status.WITHDRAWN)
    return Program.objects.published().count()


def snapshot(key) -> dict:
    """Every fact HSDS carries, per program: what a person or the API could see of it."""
    return {
        key(program): {name: current_value(program, name) for name in sorted(hsds.PROVIDES)}
        | {"provider": program.location.provider.name}
        for program in exported_programs()
    }


def wipe() -> None:
    Program.objects.all().delete()
    Location.objects.all().delete()
    Provider.objects.all().delete()


def read_csv(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_export_writes_one_service_per_published_program(directory, tmp_path):
    counts = export_directory(tmp_path)
    assert counts["service"] == counts["service_at_location"] == directory
    services = read_csv(tmp_path / "services.csv")
    assert {row["status"] for row in services} == {"active"}
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    assert [r["path"] for r in descriptor["resources"]] == [
        "organizations.csv", "services.csv", "locations.csv", "addresses.csv", "service_at_location.csv",
        "phones.csv", "schedules.csv", "cost_options.csv", "languages.csv", "taxonomies.csv", "taxonomy_terms.csv",
        "attributes.csv",
    ]  # fmt: skip


def test_withdrawn_programs_are_not_exported(directory, tmp_path):
    export_directory(tmp_path)
    withdrawn = Program.objects.get(status=Program.Status.WITHDRAWN)
    ids = {row["id"] for row in read_csv(tmp_path / "services.csv")}
    assert hsds_id("service", withdrawn.source, withdrawn.source_id) not in ids


def test_vocabulary_slugs_travel_as_iopfinder_taxonomy_terms(directory, tmp_path):
    export_directory(tmp_path)
    terms = {row["code"]: row for row in read_csv(tmp_path / "taxonomy_terms.csv")}
    assert terms["care_level:iop"]["name"] == "Intensive outpatient (IOP)"
    assert terms["care_level:iop"]["taxonomy"] == "iopfinder"
    assert terms["insurance_plan:aetna"]["description"] == "Insurance plan accepted: Aetna"
    assert terms["licensed_state:CT"]["name"] == "Connecticut"
    values = {(row["taxonomy_term_id"], row["value"]) for row in read_csv(tmp_path / "attributes.csv")}
    assert (terms["wait_days"]["id"], "7") in values
    assert (terms["hours_per_week"]["id"], "9.5") in values


def test_cost_and_schedule_use_hsds_tables(directory, tmp_path):
    export_directory(tmp_path)
    costs = {(row["option"], row["amount"], row["currency"]) for row in read_csv(tmp_path / "cost_options.csv")}
    assert costs == {("per week", "1250.00", "USD"), ("per program", "8000.00", "USD")}
    descriptions = {row["description"] for row in read_csv(tmp_path / "schedules.csv")}
    assert "Evening sessions; 3 sessions a week; 9.5 hours a week; usually 12 weeks" in descriptions


def test_repeated_exports_are_identical(directory, tmp_path):
    export_directory(tmp_path / "a")
    export_directory(tmp_path / "b")
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def test_export_reads_the_directory_in_a_fixed_number_of_queries(directory, tmp_path, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        export_directory(tmp_path)


@needs_schemas
def test_the_export_validates_against_the_hsds_schemas(directory, tmp_path):
    export_directory(tmp_path)
    assert validate_export(tmp_path) == []


@needs_schemas
def test_validation_names_what_breaks_the_schema(directory, tmp_path):
    export_directory(tmp_path)
    path = tmp_path / "services.csv"
    rows = read_csv(path)
    rows[0].update(status="open", organization_id="not-a-uuid")
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    errors = validate_export(tmp_path)
    statuses = "['active', 'inactive', 'defunct', 'temporarily closed']"
    assert f"services.csv row 2: status: 'open' is not one of {statuses}" in errors
    assert "services.csv row 2: organization_id: 'not-a-uuid' is not a 'uuid'" in errors
    assert "services.csv row 2: organization_id not-a-uuid is not the id of a organization" in errors


def test_round_trip_into_an_empty_directory_loses_nothing(directory, tmp_path):
    before = snapshot(lambda program: hsds_id("service_at_location", program.source, program.source_id))
    export_directory(tmp_path)
    wipe()
    out = io.StringIO()
    call_command("import_feed", "hsds", str(tmp_path), stdout=out)
    assert f"{directory} created, 0 updated, 0 unchanged, 0 withdrawn, 0 restored, 0 rejected" in out.getvalue()
    after = snapshot(lambda program: program.source_id)
    assert after.keys() == before.keys()
    for key, facts in before.items():
        assert after[key] == facts, key


def test_the_curated_facts_survive_the_round_trip(directory, tmp_path):
    export_directory(tmp_path)
    wipe()
    call_command("import_feed", "hsds", str(tmp_path / "datapackage.json"), stdout=io.StringIO())
    program = Program.objects.get(program_name="Adult Evening IOP")
    assert (program.cost.amount, program.cost.basis) == (Decimal("1250.00"), "week")
    assert (program.schedule_daytime, program.schedule_evening, program.schedule_weekend) == (False, True, None)
    assert (program.accepting_new_clients, program.wait_days, program.hours_per_week) == (True, 7, Decimal("9.5"))
    assert set(program.insurance_plans.values_list("slug", flat=True)) == {"aetna"}
    assert set(program.medicaid_states.values_list("state", flat=True)) == {"NJ"}
    assert set(program.licensed_states.values_list("state", flat=True)) == {"CT", "PA"}
    assert program.description.startswith("Evening IOP for adults.\nClínica")


def test_export_hsds_command_prints_the_counts(directory, tmp_path):
    out = io.StringIO()
    call_command("export_hsds", str(tmp_path / "out"), stdout=out)
    text = out.getvalue()
    assert f"service: {directory}\n" in text
    assert "taxonomy: 2\n" in text
    assert f"{directory} programs exported as HSDS 3.0" in text
    assert (tmp_path / "out" / "datapackage.json").is_file()
