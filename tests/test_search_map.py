"""The search results on a map beside the list, in headless Chromium: a marker per result, markers and cards
highlight each other, the markers follow the filters, a phone sees the list first, tiles come from MAP_TILE_URL."""

import pytest

from .browser_helpers import PHONE, assert_accessible, nearby_programs, needs_chromium

pytestmark = [*needs_chromium, pytest.mark.django_db(transaction=True)]
SEARCH = "/search/?near=10001&care_level=iop"


def card(page, name: str):
    return page.locator(".program-card", has=page.get_by_role("link", name=name, exact=True))


def test_map_shows_a_marker_for_each_result_beside_the_list(live_server, browser_context):
    from playwright.sync_api import expect

    nearby_programs()
    page = browser_context.new_page()
    page.goto(live_server.url + SEARCH)
    expect(page.locator(".leaflet-marker-icon")).to_have_count(3)
    map_box, list_box = page.locator("#results-map").bounding_box(), page.locator("#results").bounding_box()
    assert map_box["x"] >= list_box["x"] + list_box["width"]  # beside the list, not under it
    # Marker images found through Leaflet's stylesheet (they break if a marker is made before it loads).
    page.wait_for_function("[...document.querySelectorAll('.leaflet-marker-icon')].every(i => i.naturalWidth > 0)")
    assert_accessible(page)


def test_choosing_a_marker_highlights_and_focuses_its_card(live_server, browser_context):
    from playwright.sync_api import expect

    nearby_programs()
    page = browser_context.new_page()
    page.goto(live_server.url + SEARCH)
    page.get_by_role("button", name="Lakeside Recovery IOP").click()  # Leaflet markers are buttons named by alt
    expect(card(page, "Lakeside Recovery IOP")).to_have_class("program-card is-highlighted")
    expect(page.get_by_role("link", name="Lakeside Recovery IOP")).to_be_focused()


def test_hovering_or_focusing_a_card_highlights_its_marker(live_server, browser_context):
    from playwright.sync_api import expect

    nearby_programs()
    page = browser_context.new_page()
    page.goto(live_server.url + SEARCH)
    marker = page.get_by_role("button", name="Harbor Evening IOP")
    card(page, "Harbor Evening IOP").hover()
    expect(marker).to_have_class("leaflet-marker-icon leaflet-zoom-animated leaflet-interactive is-active")
    page.mouse.move(0, 0)
    expect(marker).not_to_have_class("is-active")
    page.get_by_role("link", name="Harbor Evening IOP").focus()
    expect(marker).to_have_class("leaflet-marker-icon leaflet-zoom-animated leaflet-interactive is-active")


def test_markers_follow_the_results_when_a_filter_changes(live_server, browser_context):
    from playwright.sync_api import expect

    nearby_programs()
    page = browser_context.new_page()
    page.goto(live_server.url + SEARCH)
    expect(page.locator(".leaflet-marker-icon")).to_have_count(3)
    page.get_by_role("group", name="Payment accepted").get_by_label("Medicaid", exact=False).first.check()
    expect(page.locator("#results-heading")).to_contain_text("2 programs")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(2)


def test_a_phone_sees_the_list_first_and_loads_the_map_on_request(live_server, chromium):
    from playwright.sync_api import expect

    from .browser_helpers import close, only_local

    nearby_programs()
    context = chromium.new_context(viewport=PHONE)
    only_local(context, live_server.url)
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + SEARCH)
    expect(page.locator("#results-map")).to_be_hidden()
    assert not [url for url in requested if "leaflet" in url]  # no map library on a phone until asked
    show = page.get_by_role("button", name="Show map")
    expect(show).to_have_attribute("aria-expanded", "false")
    show.click()
    expect(page.locator(".leaflet-marker-icon")).to_have_count(3)
    expect(page.get_by_role("button", name="Hide map")).to_have_attribute("aria-expanded", "true")
    assert_accessible(page)
    page.get_by_role("button", name="Hide map").click()
    expect(page.locator("#results-map")).to_be_hidden()
    close(context)


def test_tiles_come_from_the_configured_tile_server(live_server, browser_context, settings):
    from playwright.sync_api import expect

    settings.MAP_TILE_URL = "https://tiles.example.test/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "Tiles by Example Maps"
    nearby_programs()
    page = browser_context.new_page()
    with page.expect_request(lambda request: request.url.startswith("https://tiles.example.test/")):
        page.goto(live_server.url + SEARCH)  # the request is made, and aborted: tests stay off the network
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("Tiles by Example Maps")
