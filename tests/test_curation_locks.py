"""Curated facts: what a curator edits in the admin is locked, so the next feed refresh keeps the curator's
value (and holds the feed's back for review), and each edit is in the listing's history."""

import pytest
from django.urls import reverse

from insurance.models import Cost
from programs.curation.history import listing_history
from programs.models import CareLevel, Program

from .curation_helpers import FileFeed, curator, form_values
from .factories import CostFactory, ProgramFactory
from .samhsa_rows import row, service

pytestmark = pytest.mark.django_db
IOP = [service("SET", "Intensive outpatient treatment")]


@pytest.fixture
def feed(tmp_path):
    feed = FileFeed(tmp_path, "samhsa")
    feed.refresh([row("f0", name1="Harbor Light", services=IOP)])
    return feed


@pytest.fixture
def logged_in(client, django_user_model):
    client.force_login(curator(django_user_model))
    return client


def edit(client, program: Program, **changes) -> dict[str, list[str]]:
    """Open the listing's change page, change `changes` ({input name: [values]}) and save it."""
    url = reverse("admin:programs_program_change", args=[program.pk])
    data = form_values(client.get(url), "program_form") | changes
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    return data


def phone_input(client, program: Program, number: str) -> str:
    """The name of the phones inline input holding `number`."""
    data = form_values(client.get(reverse("admin:programs_program_change", args=[program.pk])), "program_form")
    [name] = [name for name, values in data.items() if name.startswith("phones-") and values == [number]]
    return name


def test_saving_a_listing_unchanged_locks_nothing(feed, logged_in):
    program = Program.objects.get(source_id="f0")
    edit(logged_in, program)
    program.refresh_from_db()
    assert program.locked_fields == []


def test_a_curators_edits_lock_those_facts_and_a_refresh_keeps_them(feed, logged_in):
    program = Program.objects.get(source_id="f0")
    php = CareLevel.objects.get(slug="php")
    edit(logged_in, program, name=["Harbor Light Center"], care_levels=[str(php.pk)],
         **{phone_input(logged_in, program, "212-555-0101"): ["212-555-0111"]})  # fmt: skip
    program.refresh_from_db()
    assert sorted(program.locked_fields) == ["care_levels", "name", "phones"]

    run = feed.refresh([row("f0", name1="HARBOR LIGHT", intake1="212-555-0199", services=IOP,
                            website="www.harbor.example.org/new")])  # fmt: skip

    program.refresh_from_db()
    assert program.name == "Harbor Light Center"
    assert set(program.care_levels.values_list("slug", flat=True)) == {"php"}
    assert ("intake", "212-555-0111") in set(program.phones.values_list("kind", "number"))
    assert program.website == "http://www.harbor.example.org/new"  # unlocked facts still follow the feed
    assert sorted(entry["field"] for entry in run.held_back) == ["care_levels", "name", "phones"]


def test_unticking_a_lock_gives_the_fact_back_to_the_feed(feed, logged_in):
    program = Program.objects.get(source_id="f0")
    edit(logged_in, program, name=["Harbor Light Center"])
    assert Program.objects.get(pk=program.pk).locked_fields == ["name"]

    edit(logged_in, program, locked_fields=[])
    feed.refresh([row("f0", name1="Harbor Light", services=IOP)])  # the feed row has not changed

    assert Program.objects.get(pk=program.pk).name == "Harbor Light"


def test_a_cost_added_on_the_listing_is_locked_and_in_its_history(logged_in):
    program = ProgramFactory()
    edit(logged_in, program, **{"cost-TOTAL_FORMS": ["1"], "cost-0-amount": ["300"], "cost-0-basis": ["week"],
                                "cost-0-currency": ["USD"]})  # fmt: skip
    program.refresh_from_db()
    assert program.locked_fields == ["cost"]
    latest = listing_history(program=program)[0]
    shown = {change.name: (change.before, change.after) for change in latest.changes}
    assert shown["cost"] == ("—", "USD 300.00 per week")


def test_an_address_fixed_in_the_admin_is_locked_kept_and_in_the_listings_history(feed, logged_in):
    program = Program.objects.get(source_id="f0")
    url = reverse("admin:programs_location_change", args=[program.location_id])
    data = form_values(logged_in.get(url), "location_form") | {"phone": ["212-555-0177"]}
    assert logged_in.post(url, data).status_code == 302

    run = feed.refresh([row("f0", name1="Harbor Light", services=IOP, phone="212-555-0188")])

    program.refresh_from_db()
    assert (program.location.phone, program.locked_fields) == ("212-555-0177", ["location"])
    assert [entry["field"] for entry in run.held_back] == ["location"]
    edited = next(entry for entry in listing_history(program=program) if entry.reason.startswith("address"))
    shown = {change.name: (change.before, change.after) for change in edited.changes}
    assert "212-555-0100" in shown["location"][0]
    assert "212-555-0177" in shown["location"][1]
    assert edited.who == "curator"


def test_a_listings_cost_is_edited_only_on_its_page(logged_in):
    cost = CostFactory(program=ProgramFactory())
    change = reverse("admin:insurance_cost_change", args=[cost.pk])
    assert logged_in.get(change).status_code == 200  # read-only
    assert logged_in.post(change, {"amount": "1", "basis": "week", "currency": "USD"}).status_code == 403
    assert logged_in.get(reverse("admin:insurance_cost_add")).status_code == 403
    assert Cost.objects.get(pk=cost.pk).amount == cost.amount


def test_addresses_are_edited_on_their_own_page_not_the_providers(feed, logged_in):
    program = Program.objects.get(source_id="f0")
    page = logged_in.get(reverse("admin:programs_provider_change", args=[program.location.provider_id]))
    assert page.status_code == 200
    assert 'name="locations-0-phone"' not in page.content.decode()


def test_a_new_listing_at_a_fixed_address_does_not_undo_the_fix(feed, logged_in):
    program = Program.objects.get(source_id="f0")
    url = reverse("admin:programs_location_change", args=[program.location_id])
    data = form_values(logged_in.get(url), "location_form") | {"phone": ["212-555-0177"]}
    assert logged_in.post(url, data).status_code == 302

    # The feed now lists a second program of the same provider at the same address, with its old phone.
    feed.refresh([row("f0", name1="Harbor Light", services=IOP),
                  row("f1", name1="Harbor Light", name2="Evening IOP", services=IOP)])  # fmt: skip

    added = Program.objects.get(source_id="f1")
    assert added.location_id == program.location_id
    program.refresh_from_db()
    assert program.location.phone == "212-555-0177"
