"""Duplicates: found across feeds and within one, merged keeping the chosen values and every feed id, and
never recreated by a later refresh."""

import pytest
from django.urls import reverse

from programs.curation.duplicates import best_choices, find_duplicates, mark_not_duplicate, merge_programs
from programs.models import Phone, Program, SourceAlias

from .curation_helpers import FileFeed, curator
from .factories import LocationFactory, ProgramFactory
from .samhsa_rows import row, service

pytestmark = pytest.mark.django_db

IOP = [service("SET", "Intensive outpatient treatment")]
PHP = [service("SET", "Partial hospitalization/day treatment")]


def harbor(frid: str, **fields) -> dict:
    """The same program as two feeds describe it: same place and phone, slightly different names."""
    base = {"name1": "Harbor Light Recovery Center", "street1": "12 W 31st St", "phone": "212-555-0100",
            "intake1": "212-555-0101", "services": IOP}  # fmt: skip
    return row(frid, **(base | fields))


def other_rows(prefix: str, count: int = 4) -> list[dict]:
    """Listings only one feed has, each far from the others."""
    area = "718" if prefix == "A" else "917"
    return [row(f"{prefix}{n}", name1=f"{prefix} Clinic {n}", street1=f"{n} Elm St", phone=f"{area}-555-02{n:02d}",
                intake1="", zip=f"1000{n}", latitude=str(40.70 + n / 10 + (prefix == "B") / 20))
            for n in range(count)]  # fmt: skip


@pytest.fixture
def feeds(tmp_path):
    """Two feeds that both list Harbor Light: the SAMHSA locator and a state directory."""
    samhsa, state = FileFeed(tmp_path, "samhsa"), FileFeed(tmp_path, "statedir")
    samhsa.refresh([harbor("s1"), *other_rows("A")])
    state.refresh([harbor("x9", name1="Harbor Light Recovery Ctr."), *other_rows("B")])
    return samhsa, state


def listing(source: str, source_id: str) -> Program:
    return Program.objects.select_related("location").get(source=source, source_id=source_id)


def merge(survivor: Program, other: Program, user=None, **keep) -> Program:
    choices = {name: str(survivor.pk) for name in best_choices(survivor, other)} | keep
    return merge_programs(survivor=survivor, other=other, keep=choices, user=user)


def test_a_program_listed_by_two_feeds_is_found_as_a_duplicate(feeds):
    first, second = listing("samhsa", "s1"), listing("statedir", "x9")
    [pair] = find_duplicates()
    assert (pair.first_id, pair.second_id) == (first.pk, second.pk)
    assert "same phone (212-555-0100)" in pair.reasons[0]
    assert any(reason.startswith("similar names") for reason in pair.reasons)


def test_similar_names_far_apart_are_not_duplicates():
    ProgramFactory(name="Harbor Light Recovery Center", location=LocationFactory())
    ProgramFactory(name="Harbor Light Recovery Center", location=LocationFactory(philadelphia=True))
    assert find_duplicates() == []


def test_distinct_programs_of_one_provider_are_not_duplicates():
    place = LocationFactory(phone="212-555-0100")
    ProgramFactory(name="Harbor Light", program_name="Adult IOP", location=place)
    ProgramFactory(name="Harbor Light", program_name="Adolescent IOP", location=place)
    assert find_duplicates() == []


def test_a_pair_marked_distinct_is_no_longer_offered(feeds, django_user_model):
    first, second = listing("samhsa", "s1"), listing("statedir", "x9")
    mark_not_duplicate(first=second, second=first, user=curator(django_user_model))
    assert find_duplicates() == []


def test_merge_keeps_the_chosen_values_all_rows_chosen_and_both_feed_ids(feeds):
    survivor, other = listing("samhsa", "s1"), listing("statedir", "x9")
    Phone.objects.create(program=other, kind=Phone.Kind.HOTLINE, number="800-555-0199")

    merge(survivor, other, name=str(other.pk), phones="both")

    survivor.refresh_from_db()
    other.refresh_from_db()
    assert survivor.name == "Harbor Light Recovery Ctr."
    assert ("hotline", "800-555-0199") in set(survivor.phones.values_list("kind", "number"))
    assert {(a.source, a.source_id) for a in survivor.aliases.all()} == {("samhsa", "s1"), ("statedir", "x9")}
    assert (other.status, other.merged_into_id) == (Program.Status.WITHDRAWN, survivor.pk)
    assert "name" in survivor.locked_fields  # the two disagreed: a curator decided


def test_best_values_prefer_the_verified_listing_and_fill_gaps_from_the_other(feeds):
    from django.utils import timezone

    survivor, other = listing("samhsa", "s1"), listing("statedir", "x9")
    Program.objects.filter(pk=other.pk).update(last_verified_at=timezone.now(), hours_per_week=None)
    Program.objects.filter(pk=survivor.pk).update(hours_per_week=9)
    survivor.refresh_from_db()
    other.refresh_from_db()
    choices = best_choices(survivor, other)
    assert choices["name"] == str(other.pk)  # verified more recently
    assert choices["hours_per_week"] == str(survivor.pk)  # the only one given


def test_a_refresh_after_a_merge_updates_the_survivor_and_never_recreates_the_duplicate(feeds):
    samhsa, state = feeds
    survivor, other = listing("samhsa", "s1"), listing("statedir", "x9")
    merge(survivor, other)
    count = Program.objects.count()

    unchanged = state.refresh([harbor("x9", name1="Harbor Light Recovery Ctr."), *other_rows("B")])
    assert (unchanged.created, unchanged.updated, unchanged.unchanged) == (0, 0, 5)

    changed = state.refresh([harbor("x9", name1="Harbor Light Recovery Ctr.", services=PHP), *other_rows("B")])
    assert (changed.created, changed.updated) == (0, 1)
    assert set(survivor.care_levels.values_list("slug", flat=True)) == {"php"}  # the state feed's change
    samhsa.refresh([harbor("s1", website="https://harbor.example.org"), *other_rows("A")])

    assert Program.objects.count() == count
    assert Program.objects.published().filter(name__startswith="Harbor Light").count() == 1
    survivor.refresh_from_db()
    assert survivor.website == "https://harbor.example.org"  # the SAMHSA feed's change
    assert listing("statedir", "x9").status == Program.Status.WITHDRAWN


def test_a_merged_listing_stays_while_another_of_its_ids_is_in_a_feed(feeds):
    samhsa, state = feeds
    survivor, other = listing("samhsa", "s1"), listing("statedir", "x9")
    merge(survivor, other)

    run = state.refresh(other_rows("B"))  # the state feed drops Harbor Light
    assert run.withdrawn == 0
    assert listing("samhsa", "s1").status == Program.Status.PUBLISHED
    assert SourceAlias.objects.get(source="statedir").missing_since is not None

    run = samhsa.refresh(other_rows("A"))  # now neither feed has it
    assert run.withdrawn == 1
    assert listing("samhsa", "s1").status == Program.Status.WITHDRAWN

    run = state.refresh([harbor("x9"), *other_rows("B")])  # it comes back in one feed
    assert (run.restored, run.created) == (1, 0)
    assert listing("samhsa", "s1").status == Program.Status.PUBLISHED


def test_duplicates_within_one_feed_merge_too(tmp_path):
    feed = FileFeed(tmp_path, "samhsa")
    feed.refresh([harbor("s1"), harbor("s2", name1="Harbor Light Recovery Center Inc"), *other_rows("A")])
    first, second = listing("samhsa", "s1"), listing("samhsa", "s2")
    assert [(p.first_id, p.second_id) for p in find_duplicates()] == [(first.pk, second.pk)]
    merge(first, second)

    run = feed.refresh([harbor("s1"), harbor("s2", name1="Harbor Light Recovery Center Inc"), *other_rows("A")])
    assert (run.created, run.updated, run.withdrawn) == (0, 0, 0)
    assert Program.objects.published().filter(name__startswith="Harbor Light").count() == 1
    assert find_duplicates() == []


def test_the_old_page_of_a_merged_listing_redirects_to_the_survivor(feeds, client):
    survivor, other = listing("samhsa", "s1"), listing("statedir", "x9")
    merge(survivor, other)
    response = client.get(reverse("programs:detail", args=[other.pk]))
    assert response.status_code == 301
    assert response["Location"] == reverse("programs:detail", args=[survivor.pk])


def test_the_merge_screen_merges_with_the_curators_choices(feeds, client, django_user_model):
    survivor, other = listing("samhsa", "s1"), listing("statedir", "x9")
    client.force_login(curator(django_user_model))
    url = reverse("admin:programs_program_merge", args=[survivor.pk, other.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {name: field.initial for name, field in page.context["form"].fields.items()}
    data |= {"survivor": str(other.pk), "keep_name": str(survivor.pk)}

    response = client.post(url, data)

    assert response.status_code == 302
    kept = Program.objects.get(pk=other.pk)
    assert kept.name == "Harbor Light Recovery Center"
    assert Program.objects.get(pk=survivor.pk).merged_into_id == other.pk


def test_the_duplicates_screen_shows_pairs_side_by_side(feeds, client, django_user_model):
    client.force_login(curator(django_user_model))
    response = client.get(reverse("admin:programs_program_duplicates"))
    assert response.status_code == 200
    assert response.content.decode().count('class="pair"') == 1
    assert b"Harbor Light Recovery Ctr." in response.content
