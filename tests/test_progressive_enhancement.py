"""The search works without JavaScript, and stays light: its HTML, CSS and JavaScript (map tiles aside) weigh under
200 KB on a phone, where the map loads only on request, and under 200 KB as served (CSS and JavaScript gzipped) on
a desktop showing the map."""

import gzip

import pytest

from .browser_helpers import DESKTOP, PHONE, close, nearby_programs, needs_chromium, only_local
from .factories import ProgramFactory

pytestmark = [*needs_chromium, pytest.mark.django_db(transaction=True)]
BUDGET = 200 * 1000


def test_search_filters_and_pages_without_javascript(live_server, chromium):
    from playwright.sync_api import expect

    nearby_programs()
    ProgramFactory.create_batch(22, care_levels=["iop"])  # two pages of results
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/search/")
    expect(page.locator("#results-heading")).to_contain_text("26 programs")
    expect(page.locator("#map-panel")).to_be_hidden()  # no map, and no button that would do nothing
    page.get_by_role("group", name="Level of care").get_by_label("Intensive outpatient").check()
    page.get_by_role("button", name="Show programs").click()
    expect(page.locator("#results-heading")).to_contain_text("25 programs")
    assert "care_level=iop" in page.url
    page.get_by_role("link", name="Next").click()
    expect(page.locator(".pagination")).to_contain_text("Page 2 of 2")
    assert "care_level=iop" in page.url
    page.get_by_role("link", name="Previous").click()
    page.get_by_role("link", name="Harbor Evening IOP").click()
    page.get_by_role("button", name="Add to compare").click()  # a plain form post
    page.get_by_role("link", name="Compare", exact=True).click()
    expect(page.locator("table.compare")).to_contain_text("Harbor Evening IOP")
    close(context)


def weigh(chromium, live_server, viewport: dict) -> tuple[int, int, list[str]]:
    """Bytes of everything the search page loads from the site, uncompressed and as served in production (the HTML
    as it is, CSS and JavaScript gzipped by WhiteNoise from DJANGO_MANIFEST_STATIC's collectstatic), and the URLs."""
    from playwright.sync_api import expect

    context = chromium.new_context(viewport=viewport)
    only_local(context, live_server.url)  # map tiles never load here: they are outside the budget
    page = context.new_page()
    bodies = {}
    page.on("requestfinished", lambda request: bodies.setdefault(request.url, request.response().body()))
    page.goto(f"{live_server.url}/search/?near=10001&care_level=iop", wait_until="networkidle")
    if viewport is DESKTOP:
        expect(page.locator(".leaflet-marker-icon").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    close(context)
    served = sum(
        len(gzip.compress(body)) if url.endswith((".css", ".js")) else len(body) for url, body in bodies.items()
    )
    return sum(map(len, bodies.values())), served, list(bodies)


def test_the_search_page_weighs_under_200_kb_on_a_phone(live_server, chromium):
    nearby_programs()
    ProgramFactory.create_batch(20, care_levels=["iop"])  # a full first page
    sent, served, urls = weigh(chromium, live_server, PHONE)
    print(f"search page on a phone: {sent / 1000:.0f} KB, {served / 1000:.0f} KB as served")
    assert sent < BUDGET, f"{sent} bytes: {urls}"
    assert not [url for url in urls if "leaflet" in url]


def test_the_search_page_with_its_map_weighs_under_200_kb_as_served(live_server, chromium):
    nearby_programs()
    ProgramFactory.create_batch(20, care_levels=["iop"])
    sent, served, urls = weigh(chromium, live_server, DESKTOP)
    print(f"search page with the map: {sent / 1000:.0f} KB, {served / 1000:.0f} KB as served")
    assert served < BUDGET, f"{served} bytes as served: {urls}"
    assert [url for url in urls if url.endswith("leaflet.js")]
