"""A client's alias and notes stay inside workspace pages: never in a URL, a page title, a cookie, a file
name or a log line."""

import logging
import re

import pytest
from django.urls import reverse

from casework.models import Client

from .casework_helpers import ALIAS, make_world, signed_in
from .factories import ProgramFactory

pytestmark = pytest.mark.django_db
NEW_ALIAS = "Xv-9 Thursday"
URL_ATTRIBUTES = re.compile(r'(?:href|action|src|value)="(/[^"]*|https?://[^"]*)"')


def test_aliases_never_reach_urls_titles_cookies_or_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    world = make_world()
    program = ProgramFactory(name="Harbor IOP")
    signed_in(client, world.a)
    responses = [client.post(reverse("casework:client_new"), {"alias": NEW_ALIAS, "coverage_kind": "va"})]
    new_client = Client.objects.get(alias=NEW_ALIAS)
    item_prefix = f"{world.item.pk}"
    responses += [
        client.get(reverse("programs:search")),
        client.get(program.get_absolute_url()),
        client.post(reverse("casework:shortlist_add"), {"client": str(new_client.pk), "program": program.pk}),
        client.get(reverse("casework:dashboard")),
        client.get(reverse("casework:client", args=[world.client.pk])),
        client.get(reverse("casework:client_edit", args=[world.client.pk])),
        client.post(reverse("casework:client_edit", args=[world.client.pk]), {"alias": ALIAS}),
        client.post(reverse("casework:item_note", args=[world.item.pk]), {f"n-{item_prefix}-note": "ride on Tue"}),
        client.post(
            reverse("casework:item_referral", args=[world.item.pk]),
            {f"r-{item_prefix}-status": "waitlisted", f"r-{item_prefix}-on": "2026-04-01"},
        ),
        client.get(reverse("casework:print", args=[world.client.pk]) + "?notes=1"),
        client.get(reverse("casework:csv", args=[world.client.pk])),
        client.post(reverse("casework:share_create", args=[world.client.pk]), {"days": "14"}),
        client.get(reverse("casework:client", args=["00000000-0000-4000-8000-000000000000"])),  # logged 404
    ]
    client.logout()
    responses.append(client.get(reverse("casework:shared", args=[world.share_token])))

    for response in responses:
        urls = [response.get("Location", ""), response.get("Content-Disposition", "")]
        if response["Content-Type"].startswith("text/html"):
            urls += URL_ATTRIBUTES.findall(response.text)
            titles = re.findall(r"<title>(.*?)</title>", response.text, re.S)
            assert not [title for title in titles if "Zq-7" in title or "Xv-9" in title]
        leaked = [url for url in urls if "Zq-7" in url or "Xv-9" in url]
        assert not leaked, response.request["PATH_INFO"]
    assert ALIAS in responses[5].text  # the workspace itself does show it
    for cookie in client.cookies.values():
        assert "Zq-7" not in cookie.value and "Xv-9" not in cookie.value
    assert caplog.records
    assert "Zq-7" not in caplog.text and "Xv-9" not in caplog.text and "ride on Tue" not in caplog.text


def test_a_client_prints_as_its_id_not_its_alias():
    world = make_world()
    assert str(world.client) == f"Client {world.client.pk}"
    assert ALIAS not in repr(world.client)


def test_a_refused_full_name_is_logged_by_path_only(client, caplog):
    caplog.set_level(logging.DEBUG)
    world = make_world()
    signed_in(client, world.a)
    response = client.post(reverse("casework:client_new"), {"alias": "Maria Lopez"})
    assert response.status_code == 400
    assert "Bad Request: /casework/clients/new/" in caplog.text
    assert "Maria" not in caplog.text


def test_a_public_page_listing_the_case_managers_clients_is_not_cached(client):
    world = make_world()
    ProgramFactory()
    assert "no-store" not in client.get(reverse("programs:search")).get("Cache-Control", "")
    signed_in(client, world.a)
    response = client.get(reverse("programs:search"))
    assert ALIAS in response.text
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
