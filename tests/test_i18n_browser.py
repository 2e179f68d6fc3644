"""Spanish in headless Chromium: a Spanish browser gets the Spanish pages (accessible, lang="es"), and the header
switch changes the language and comes back to the same page, query string and share link included."""

import pytest
from django.urls import reverse

from .browser_helpers import assert_accessible, close, load_vocabularies, nearby_programs, needs_chromium, only_local
from .casework_helpers import make_world

pytestmark = needs_chromium


@pytest.fixture
def spanish_page(chromium, live_server):
    """A page in a fresh browser profile whose language is Spanish (and the vocabularies the pages label)."""
    load_vocabularies()
    context = chromium.new_context(locale="es-ES", viewport={"width": 390, "height": 844})
    only_local(context, live_server.url)
    yield context.new_page()
    close(context)


def test_a_spanish_browser_searches_in_spanish_and_switches_to_english_on_the_same_search(live_server, spanish_page):
    from playwright.sync_api import expect

    nearby_programs()
    search = f"{live_server.url}{reverse('programs:search')}?near=10001&care_level=iop"
    page = spanish_page

    page.goto(search)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Encontrar un programa")
    expect(page.locator(".program-card").first).to_contain_text("Ambulatorio intensivo (IOP)")
    assert_accessible(page)

    page.get_by_role("button", name="English").click()

    expect(page).to_have_url(search)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a program")
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")


def test_the_switch_works_on_a_clients_shared_shortlist(live_server, spanish_page):
    from playwright.sync_api import expect

    world = make_world()
    shared = f"{live_server.url}{reverse('casework:shared', args=[world.share_token])}"
    page = spanish_page

    page.goto(shared)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Programas que su administrador de casos eligió para usted")
    assert_accessible(page)

    page.get_by_role("button", name="English").click()  # a real browser sends Origin: CSRF must accept it

    expect(page).to_have_url(shared)
    expect(heading).to_have_text("Programs your case manager picked for you")
