"""Accessibility in headless Chromium: axe-core finds no serious or critical violation on the pages the journeys
do not pass through, keyboard-only use works (skip link first, visible focus, the filter panel), and the pages
fit a 320 px wide screen without scrolling sideways."""

import pytest

from casework.models import Membership

from .browser_helpers import assert_accessible, load_vocabularies, nearby_programs, needs_chromium
from .casework_helpers import PASSWORD, AgencyFactory, case_manager
from .factories import ProgramFactory

pytestmark = [*needs_chromium, pytest.mark.django_db(transaction=True)]
PUBLIC = ["/coverage/", "/compare/", "/search/?care_level=weekly", "/search/?near=10001&q=no+such+program"]


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"{selector} not reached in {limit} presses of Tab")


def test_public_pages_outside_the_journeys_pass_axe(live_server, browser_context):
    load_vocabularies()
    program = ProgramFactory(name="Harbor Evening IOP", care_levels=["iop"])
    page = browser_context.new_page()
    for path in PUBLIC:
        page.goto(live_server.url + path)
        assert_accessible(page)
    page.goto(f"{live_server.url}{program.get_absolute_url()}")
    page.locator("summary", has_text="Report wrong information").click()
    assert_accessible(page)


def test_workspace_forms_pass_axe(live_server, browser_context):
    agency = AgencyFactory(name="Riverside Services")
    case_manager("lead@riverside.example", agency, role=Membership.Role.ADMIN)
    page = browser_context.new_page()
    page.goto(f"{live_server.url}/casework/sign-in/")
    page.get_by_label("Email").fill("lead@riverside.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    for path in ("/casework/clients/new/", "/casework/agency/"):
        page.goto(live_server.url + path)
        assert_accessible(page)


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(live_server, browser_context):
    from playwright.sync_api import expect

    page = browser_context.new_page()
    page.goto(f"{live_server.url}/search/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # shown while focused
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("ZIP code")).to_be_focused()  # the next stop is the search's first field


def test_focus_is_visible(live_server, browser_context):
    page = browser_context.new_page()
    page.goto(f"{live_server.url}/search/")
    tab_to(page, "#id_near")
    outline = page.evaluate("getComputedStyle(document.activeElement).outline")
    assert "solid" in outline and "3px" in outline, outline
    tab_to(page, ".filters button[type=submit]")
    assert "solid" in page.evaluate("getComputedStyle(document.activeElement).outline")


def test_the_filter_panel_works_from_the_keyboard(live_server, browser_context):
    from playwright.sync_api import expect

    nearby_programs()
    page = browser_context.new_page()
    page.goto(f"{live_server.url}/search/")
    tab_to(page, "#id_near")
    page.keyboard.type("10001")
    tab_to(page, 'input[name="payment"][value="medicaid"]')
    page.keyboard.press("Space")
    expect(page.locator("#results-heading")).to_contain_text("2 programs")  # results follow the checkbox
    expect(page.locator('input[name="payment"][value="medicaid"]')).to_be_focused()  # the swap kept focus
    tab_to(page, 'select[name="sort"]')
    page.keyboard.press("ArrowDown")  # a closed <select> changes with the arrow keys
    tab_to(page, ".filters button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#results-heading")).to_contain_text("2 programs within 25 miles")
    assert "near=10001" in page.url and "payment=medicaid" in page.url


@pytest.mark.parametrize("path", ["/", "/search/?near=10001&care_level=iop", "DETAIL", "/compare/", "/match/"])
def test_pages_fit_a_320_px_screen(live_server, chromium, path):
    from .browser_helpers import close, only_local

    nearby_programs()
    if path == "DETAIL":
        path = ProgramFactory(name="A program with a rather long name to wrap on a narrow phone").get_absolute_url()
    context = chromium.new_context(viewport={"width": 320, "height": 640})
    only_local(context, live_server.url)
    page = context.new_page()
    page.goto(live_server.url + path)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    close(context)
    assert width <= 320, f"{path} is {width} px wide"
