"""Clients and their shortlists: created under an alias, filled from the search, program and compare pages,
ordered, annotated privately, and tracked as referrals on a dashboard."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import Client, ReferralEvent, ShortlistItem

from .casework_helpers import ALIAS, ClientFactory, ShortlistItemFactory, make_world, signed_in
from .factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def add(client, world_client, program, next_url="/search/"):
    return client.post(
        reverse("casework:shortlist_add"), {"client": str(world_client.pk), "program": program.pk, "next": next_url}
    )


def test_a_new_client_is_known_by_the_alias_and_opened_by_a_random_id(client, world):
    signed_in(client, world.b)
    response = client.post(reverse("casework:client_new"), {"alias": "M.R.", "coverage_kind": "medicare"})
    created = Client.objects.get(alias="M.R.")
    assert response["Location"] == reverse("casework:client", args=[created.pk])
    assert (created.owner, created.agency) == (world.b, world.agency)
    assert created.coverage.label == "Medicare"


@pytest.mark.parametrize("alias", ["Maria Lopez", "John Paul Smith", "maria@example.org"])
def test_full_names_and_emails_are_refused_as_aliases(client, world, alias):
    signed_in(client, world.b)
    response = client.post(reverse("casework:client_new"), {"alias": alias})
    assert response.status_code == 400
    assert "Use initials or a nickname instead" in response.text
    assert not Client.objects.filter(alias=alias).exists()


def test_medicaid_coverage_needs_its_state(client, world):
    signed_in(client, world.b)
    response = client.post(reverse("casework:client_new"), {"alias": "T.K.", "coverage_kind": "medicaid"})
    assert response.status_code == 400
    assert "choose the state of their Medicaid" in response.text


def test_search_results_offer_to_shortlist_for_the_case_managers_own_clients(client, world):
    ProgramFactory(name="Harbor IOP")
    ClientFactory(owner=world.b, alias="B-1")
    signed_in(client, world.b)
    text = client.get(reverse("programs:search")).text
    assert "Add to shortlist" in text
    assert ">B-1</option>" in text
    assert ALIAS not in text  # A's client, in an agency that does not share


def test_public_pages_stay_as_they_were_for_anonymous_visitors(client, world):
    program = ProgramFactory(name="Harbor IOP")
    client.post(reverse("programs:compare_toggle", args=[program.pk]))
    for url in (reverse("programs:search"), program.get_absolute_url(), reverse("programs:compare")):
        with CaptureQueriesContext(connection) as queries:
            text = client.get(url).text
        assert "Add to shortlist" not in text
        assert "Workspace" not in text
        assert not [q for q in queries.captured_queries if "casework_" in q["sql"]], url


@pytest.mark.parametrize("page", ["search", "detail", "compare"])
def test_a_program_is_added_from_the_search_detail_and_compare_pages(client, world, page):
    program = ProgramFactory(name="Harbor IOP")
    signed_in(client, world.a)
    client.post(reverse("programs:compare_toggle", args=[program.pk]))
    url = {"search": reverse("programs:search"), "detail": program.get_absolute_url()}.get(
        page, reverse("programs:compare")
    )
    assert f'name="program" value="{program.pk}"' in client.get(url).text

    response = add(client, world.client, program, next_url=url)

    assert response.status_code == 302
    assert response["Location"] == url
    assert world.client.items.filter(program=program).exists()
    assert "Added to the client" in client.get(url).text


def test_adding_a_program_twice_keeps_one_entry(client, world):
    signed_in(client, world.a)
    program = world.item.program
    add(client, world.client, program)
    assert world.client.items.count() == 1
    assert "already on this client" in client.get(reverse("programs:search")).text


def test_unpublished_programs_cannot_be_added(client, world):
    signed_in(client, world.a)
    program = ProgramFactory(status="unpublished")
    assert add(client, world.client, program).status_code == 404


def test_a_redirect_after_adding_never_leaves_the_site(client, world):
    signed_in(client, world.a)
    response = add(client, world.client, ProgramFactory(), next_url="https://evil.example/")
    assert response["Location"] == reverse("casework:client", args=[world.client.pk])


def test_the_shortlist_keeps_the_order_the_case_manager_sets(client, world):
    second = ShortlistItemFactory(client=world.client)
    third = ShortlistItemFactory(client=world.client)
    signed_in(client, world.a)
    client.post(reverse("casework:item_move", args=[third.pk]), {"offset": "-1"})
    client.post(reverse("casework:item_move", args=[world.item.pk]), {"offset": "1"})
    order = list(world.client.items.order_by("position").values_list("pk", flat=True))
    assert order == [third.pk, world.item.pk, second.pk]
    text = client.get(reverse("casework:client", args=[world.client.pk])).text
    names = [item.program.display_name for item in (third, world.item, second)]
    assert sorted(names, key=text.index) == names


def test_a_private_note_is_kept_per_program(client, world):
    signed_in(client, world.a)
    field = f"n-{world.item.pk}-note"
    client.post(reverse("casework:item_note", args=[world.item.pk]), {field: "Call after 3pm; ask about rides"})
    world.item.refresh_from_db()
    assert world.item.note == "Call after 3pm; ask about rides"


def test_removing_a_program_takes_it_off_the_shortlist(client, world):
    signed_in(client, world.a)
    client.post(reverse("casework:item_remove", args=[world.item.pk]))
    assert not ShortlistItem.objects.filter(pk=world.item.pk).exists()


def test_a_referral_moves_through_statuses_with_dates_and_a_history(client, world):
    signed_in(client, world.a)
    url = reverse("casework:item_referral", args=[world.item.pk])
    prefix = f"r-{world.item.pk}"
    client.post(url, {f"{prefix}-status": "contacted", f"{prefix}-on": "2026-03-02"})
    client.post(url, {f"{prefix}-status": "intake_scheduled", f"{prefix}-on": "2026-03-09", f"{prefix}-note": "9am"})

    world.item.refresh_from_db()
    assert world.item.status == "intake_scheduled"
    history = list(ReferralEvent.objects.filter(item=world.item).values_list("status", "on", "note"))
    assert [(status, str(on), note) for status, on, note in history] == [
        ("intake_scheduled", "2026-03-09", "9am"),
        ("contacted", "2026-03-02", ""),
    ]
    text = client.get(reverse("casework:client", args=[world.client.pk])).text
    assert "Mar 9: Intake scheduled — 9am" in text


def test_the_dashboard_lists_open_referrals_across_the_case_managers_clients(client, world):
    other_client = ClientFactory(owner=world.a, alias="Q.P.")
    waiting = ShortlistItemFactory(client=other_client, status="waitlisted", program__name="Waiting Room IOP")
    ShortlistItemFactory(client=other_client, status="admitted", program__name="Admitted IOP")
    signed_in(client, world.a)
    text = client.get(reverse("casework:dashboard")).text
    assert world.item.program.display_name in text
    assert waiting.program.display_name in text
    assert "Admitted IOP" not in text
    assert ALIAS in text and "Q.P." in text


def test_colleagues_see_each_others_clients_only_where_the_agency_shares(client):
    private = make_world()
    signed_in(client, private.b)
    assert ALIAS not in client.get(reverse("casework:dashboard")).text


def test_a_sharing_agency_shows_colleagues_clients_with_their_owner(client):
    shared = make_world(shares=True)
    signed_in(client, shared.b)
    text = client.get(reverse("casework:dashboard")).text
    assert ALIAS in text
    assert "a@riverside.example's client" in text


def test_deleting_a_client_removes_the_shortlist_and_share_links(client, world):
    signed_in(client, world.a)
    client.post(reverse("casework:client_delete", args=[world.client.pk]))
    assert not Client.objects.filter(pk=world.client.pk).exists()
    assert not ShortlistItem.objects.filter(pk=world.item.pk).exists()


def test_the_shortlist_page_needs_the_same_queries_for_2_or_8_programs(client, world, django_assert_num_queries):
    ShortlistItemFactory(client=world.client, program=ProgramFactory(therapies=["cbt"], payments=["medicaid"]))
    url = reverse("casework:client", args=[world.client.pk])
    signed_in(client, world.a)
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    for _ in range(6):
        ShortlistItemFactory(client=world.client, program=ProgramFactory(therapies=["cbt"], payments=["medicaid"]))
    with django_assert_num_queries(len(two.captured_queries)):
        response = client.get(url)
    assert response.text.count('class="shortlist-item"') == 8


def test_a_case_managers_search_page_needs_the_same_queries_for_5_or_50_results(
    client, world, django_assert_num_queries
):
    for n in range(50):
        ProgramFactory(name=f"Program {n:02d}")
    signed_in(client, world.a)
    client.get("/search/?page_size=5")
    with CaptureQueriesContext(connection) as five:
        client.get("/search/?page_size=5")
    with django_assert_num_queries(len(five.captured_queries)):
        response = client.get("/search/?page_size=50")
    assert response.text.count("Add to shortlist") == 50
