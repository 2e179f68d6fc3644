"""History: every change to a listing, by a person or a feed run, with who/what/when, and restoring one
field's earlier value (which then stays put through refreshes)."""

import pytest
from django.urls import reverse

from programs.curation.history import listing_history, restore_field
from programs.models import CareLevel, Program

from .curation_helpers import FileFeed, curator
from .factories import ProgramFactory
from .samhsa_rows import row

pytestmark = pytest.mark.django_db


def rows(**first) -> list[dict]:
    return [row("f0", **({"name1": "Harbor Light"} | first)), row("f1", name1="Seaside", street1="9 Ocean Ave")]


def change_form(program: Program, **fields) -> dict:
    """What the admin's change form posts for `program`, with `fields` changed."""
    data = {name: getattr(program, name) or "" for name in ("name", "program_name", "facility_type", "status",
                                                            "website", "description")}  # fmt: skip
    data |= {"location": program.location_id, "telehealth": "on" if program.telehealth else ""}
    for prefix in ("phones", "payment_options", "medicaid_states", "plan_acceptances", "licensed_states", "aliases"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    data |= {"cost-TOTAL_FORMS": 0, "cost-INITIAL_FORMS": 0}
    return data | fields


def test_feed_runs_are_in_the_history_with_their_run_and_diff(tmp_path):
    feed = FileFeed(tmp_path, "samhsa")
    first = feed.refresh(rows())
    second = feed.refresh(rows(name1="Harbor Light Center", phone="212-555-0199"))
    program = Program.objects.get(source_id="f0")

    changed, created = listing_history(program=program)
    assert (created.action, created.run_id, created.who) == ("created", first.pk, f"feed run #{first.pk}")
    assert (changed.action, changed.run_id, changed.who) == ("changed", second.pk, f"feed run #{second.pk}")
    assert changed.reason == f"feed run #{second.pk} (samhsa)"
    assert program.history.latest().history_user is None  # a feed run, not a person
    shown = {change.name: (change.before, change.after) for change in changed.changes}
    assert shown["name"] == ("Harbor Light", "Harbor Light Center")
    assert "212-555-0199" in shown["location"][1]


def test_a_listing_its_feed_dropped_is_withdrawn_in_the_history_by_that_run(tmp_path):
    feed = FileFeed(tmp_path, "samhsa")
    feed.refresh(rows())
    run = feed.refresh(rows()[1:])
    program = Program.objects.get(source_id="f0")

    latest = listing_history(program=program)[0]
    assert (latest.who, latest.run_id) == (f"feed run #{run.pk}", run.pk)
    shown = {change.name: (change.before, change.after) for change in latest.changes}
    assert shown["status"] == ("Published", "Withdrawn (missing from its feed)")


def test_the_history_page_names_and_links_the_feed_run(client, django_user_model, tmp_path):
    feed = FileFeed(tmp_path, "samhsa")
    feed.refresh(rows())
    run = feed.refresh(rows(name1="Harbor Light Center"))
    program = Program.objects.get(source_id="f0")
    client.force_login(curator(django_user_model))

    page = client.get(reverse("admin:programs_program_history", args=[program.pk])).content.decode()

    assert f'<a href="{reverse("admin:feeds_feedrun_change", args=[run.pk])}">feed run #{run.pk}</a>' in page
    assert "Harbor Light Center" in page


def test_a_refresh_that_changes_nothing_adds_no_history(tmp_path):
    feed = FileFeed(tmp_path, "samhsa")
    feed.refresh(rows())
    feed.refresh(rows())
    assert Program.history.count() == 2  # one "created" entry per listing


def test_an_admin_edit_is_in_the_history_with_the_person(client, django_user_model):
    program = ProgramFactory(name="Old Name", care_levels=["iop"])
    user = curator(django_user_model)
    client.force_login(user)
    url = reverse("admin:programs_program_change", args=[program.pk])
    php = CareLevel.objects.get(slug="php")
    response = client.post(url, change_form(program, name="New Name", care_levels=[php.pk]))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""

    latest = listing_history(program=program)[0]
    assert latest.who == user.username
    shown = {change.name: (change.before, change.after) for change in latest.changes}
    assert shown["name"] == ("Old Name", "New Name")
    assert shown["care_levels"] == ("Intensive outpatient (IOP)", "Partial hospitalization (PHP)")
    assert shown["locks"][1] == "Care levels, Name"


def test_restoring_a_field_puts_back_the_earlier_value_and_locks_it(tmp_path, django_user_model):
    feed = FileFeed(tmp_path, "samhsa")
    feed.refresh(rows())
    feed.refresh(rows(name1="HARBOR LIGHT (OLD DATA)"))
    program = Program.objects.get(source_id="f0")
    bad = listing_history(program=program)[0]
    [name_change] = [change for change in bad.changes if change.name == "name"]

    restore_field(program=program, history_id=name_change.restore_from, name="name",
                  user=curator(django_user_model))  # fmt: skip

    program.refresh_from_db()
    assert program.name == "Harbor Light"
    assert "name" in program.locked_fields
    assert listing_history(program=program)[0].reason.startswith("restored name from")
    run = feed.refresh(rows(name1="HARBOR LIGHT (OLD DATA)", website="www.harbor.example.org/new"))
    program.refresh_from_db()
    assert program.name == "Harbor Light"  # the feed's value is held back for review
    assert run.held_back[0]["field"] == "name"


def test_the_history_page_shows_entries_and_restores_from_a_button(client, django_user_model, tmp_path):
    feed = FileFeed(tmp_path, "samhsa")
    feed.refresh(rows())
    feed.refresh(rows(name1="Wrong Name"))
    program = Program.objects.get(source_id="f0")
    client.force_login(curator(django_user_model))
    url = reverse("admin:programs_program_history", args=[program.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert "feed run #" in page.content.decode()
    [change] = [c for c in page.context["entries"][0].changes if c.name == "name"]

    response = client.post(url, {"history_id": change.restore_from, "field": "name"})

    assert response.status_code == 302
    assert Program.objects.get(pk=program.pk).name == "Harbor Light"


def test_only_form_fields_can_be_restored(django_user_model):
    program = ProgramFactory()
    entry = program.history.latest()
    with pytest.raises(ValueError, match="'source_id' cannot be restored"):
        restore_field(program=program, history_id=entry.history_id, name="source_id", user=None)


def test_reading_a_history_takes_a_fixed_number_of_queries(tmp_path, django_assert_num_queries):
    feed = FileFeed(tmp_path, "samhsa")
    for name in ("Harbor Light", "Harbor Light Center", "Harbor Light Recovery"):
        feed.refresh(rows(name1=name))
    program = Program.objects.get(source_id="f0")
    # the entries, then the locations they point at (people and listings too, when there are any)
    with django_assert_num_queries(2):
        entries = listing_history(program=program)
    assert len(entries) == 3
