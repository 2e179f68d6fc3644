"""Anonymous search pages and API answers come from the cache, and never outlive a change to the listings."""

import re

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs import pagecache
from programs.curation.duplicates import merge_programs
from programs.curation.verification import set_status
from programs.models import Program, SourceConfirmation

from .curation_helpers import FileFeed, curator
from .factories import ProgramFactory
from .samhsa_rows import row

pytestmark = pytest.mark.django_db

SEARCH = reverse("programs:search")
API = reverse("api:programs")
STALE = "This information may be out of date: call to confirm."


@pytest.fixture
def listed():
    return ProgramFactory(name="Harbor Light Recovery", care_levels=["iop"])


def queries(client, url: str, **headers) -> tuple[int, str]:
    """How many SQL statements answering `url` took, and the page."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_a_repeated_anonymous_search_is_answered_from_the_cache(client, listed):
    first, page = queries(client, SEARCH + "?care_level=iop")
    again, cached = queries(Client(), SEARCH + "?care_level=iop")

    assert first > 5
    assert again == 1  # the listings' version only
    assert "Harbor Light Recovery" in cached
    assert re.sub(r'value="[^"]{40,}"', "", cached) == re.sub(r'value="[^"]{40,}"', "", page)


def test_an_edit_shows_at_once(client, listed):
    client.get(SEARCH + "?care_level=iop")
    listed.name = "Harbor Light Recovery Center"
    listed.save()

    assert "Harbor Light Recovery Center" in client.get(SEARCH + "?care_level=iop").content.decode()


def test_a_tag_change_shows_at_once(client, listed):
    assert "Harbor Light" in client.get(SEARCH + "?care_level=iop").content.decode()
    listed.care_levels.clear()

    assert "Harbor Light" not in client.get(SEARCH + "?care_level=iop").content.decode()


def test_a_refresh_that_changes_a_listing_shows_at_once(client, tmp_path):
    feed = FileFeed(tmp_path, "samhsa")
    feed.refresh([row("f1", name1="Harbor Light Recovery")])
    assert "Harbor Light Recovery" in client.get(SEARCH).content.decode()

    feed.refresh([row("f1", name1="Harbor Light Recovery Center")])

    assert "Harbor Light Recovery Center" in client.get(SEARCH).content.decode()


def test_a_program_page_is_cached_and_warns_once_enough_people_report_it_closed(listed):
    page = listed.get_absolute_url()
    first, _ = queries(Client(), page)
    again, _ = queries(Client(), page)
    assert (first > 5, again) == (True, 1)

    for n in range(3):
        Client().post(reverse("programs:report", args=[listed.pk]), {"kind": "closed"}, REMOTE_ADDR=f"198.51.100.{n}")

    assert "People have reported this program may be closed" in Client().get(page).content.decode()


def test_a_refresh_that_confirms_the_listings_shows_the_new_date(client, tmp_path, settings):
    settings.STALE_AFTER_DAYS = 1
    feed = FileFeed(tmp_path, "samhsa")
    feed.refresh([row("f1")])
    program = Program.objects.get()
    Program.objects.filter(pk=program.pk).update(last_refreshed_at="2020-01-01T00:00Z")
    SourceConfirmation.objects.update(confirmed_at="2020-01-01T00:00Z")
    pagecache.listings_changed()  # as if the page had been cached back then
    assert STALE in client.get(program.get_absolute_url()).content.decode()

    feed.refresh([row("f1")])  # unchanged: the feed confirms the listing today

    assert STALE not in client.get(program.get_absolute_url()).content.decode()


def test_curation_bulk_actions_show_at_once(client, listed, django_user_model):
    other = ProgramFactory(name="Harbor Light Recovery (duplicate)", care_levels=["iop"])
    staff = curator(django_user_model)
    assert "(duplicate)" in client.get(SEARCH).content.decode()

    merge_programs(survivor=listed, other=other, keep={}, user=staff)
    assert "(duplicate)" not in client.get(SEARCH).content.decode()

    set_status(programs=[listed], status=Program.Status.WITHDRAWN, user=staff)
    assert "Harbor Light" not in client.get(SEARCH).content.decode()


def test_a_rolled_back_change_leaves_the_version_alone(listed):
    version = pagecache.current_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        listed.save()
        raise RuntimeError

    assert pagecache.current_version() == version


def test_the_cached_page_carries_each_visitors_own_csrf_token(listed):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(SEARCH)
    page = second.get(SEARCH).content.decode()

    assert pagecache.CSRF_PLACEHOLDER not in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    toggle = reverse("programs:compare_toggle", args=[listed.pk])
    response = second.post(toggle, {"csrfmiddlewaretoken": token, "next": SEARCH})
    assert response.status_code == 302


def test_a_visitor_with_a_compare_list_sees_their_own_page(client, listed):
    Client().get(SEARCH)  # cached for everyone
    client.post(reverse("programs:compare_toggle", args=[listed.pk]), {"next": SEARCH})

    page = client.get(SEARCH).content.decode()

    assert "Remove from compare" in page
    assert "Remove from compare" not in Client().get(SEARCH).content.decode()


def test_a_signed_in_case_manager_is_never_served_a_cached_page(client, listed, django_user_model):
    Client().get(SEARCH)
    user = django_user_model.objects.create_user("cm", password="x")
    client.force_login(user)

    count, _ = queries(client, SEARCH)

    assert count > 5


def test_each_language_and_the_partial_page_are_kept_apart(client, listed):
    english = client.get(SEARCH).content.decode()
    spanish = Client().get(SEARCH, headers={"accept-language": "es"}).content.decode()
    partial = Client().get(SEARCH, headers={"hx-request": "true"}).content.decode()

    assert 'lang="en"' in english and 'lang="es"' in spanish
    assert "<html" not in partial and "<html" in english


def test_the_api_answer_is_cached_and_follows_changes(client, listed, api_unthrottled):
    assert client.get(API).json()["results"][0]["name"] == "Harbor Light Recovery"
    with CaptureQueriesContext(connection) as captured:
        client.get(API)
    assert len(captured) == 1

    listed.name = "Harbor Light Recovery Center"
    listed.save()

    assert client.get(API).json()["results"][0]["name"] == "Harbor Light Recovery Center"


def test_a_cached_api_answer_still_counts_against_the_rate_limit(client, listed, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "2/minute",
                                                                                     "partner": None}}  # fmt: skip
    assert [client.get(API).status_code for _ in range(3)] == [200, 200, 429]


def test_page_cache_seconds_zero_turns_it_off(client, listed, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(SEARCH)

    count, _ = queries(client, SEARCH)

    assert count > 5
