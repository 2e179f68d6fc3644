"""In a real browser: a case manager goes from the search to a printed shortlist and a share link for a
client in well under a minute: sign in, search, add two programs, update a referral, print, share."""

import re
import time

from casework.models import Client, Membership
from casework.services import invitation_create

from .browser_helpers import load_vocabularies, needs_chromium
from .casework_helpers import PASSWORD, AgencyFactory, case_manager
from .factories import CostFactory, ProgramFactory

pytestmark = needs_chromium


def test_from_search_to_a_printed_and_shared_shortlist_in_under_a_minute(live_server, chromium):
    from playwright.sync_api import expect

    load_vocabularies()
    agency = AgencyFactory(name="Riverside Services")
    case_manager("sam@riverside.example", agency, role=Membership.Role.MEMBER)
    Client.objects.create(agency=agency, owner=agency.memberships.get().user, alias="J.S.", coverage_kind="uninsured")
    harbor = ProgramFactory(name="Harbor IOP", hours_per_week=9, schedule_evening=True)
    CostFactory(program=harbor, amount=350, basis="week")
    ProgramFactory(name="Harbor Light Evening IOP")
    ProgramFactory(name="Lakeside PHP")
    page = chromium.new_page()
    started = time.monotonic()

    page.goto(f"{live_server.url}/casework/")  # the workspace asks to sign in first
    page.get_by_label("Email").fill("sam@riverside.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your clients")).to_be_visible()

    page.get_by_role("link", name="Search programs").first.click()
    page.get_by_label("Name or city").fill("Harbor")
    page.get_by_role("button", name="Show programs").click()
    expect(page.locator("#results-heading")).to_contain_text("2 programs")
    for name in ("Harbor IOP", "Harbor Light Evening IOP"):
        card = page.locator(".program-card", has=page.get_by_role("link", name=name, exact=True))
        card.get_by_label("Shortlist for").select_option(label="J.S.")
        card.get_by_role("button", name="Add to shortlist").click()
        expect(page.get_by_role("status")).to_contain_text("Added to the client's shortlist")

    page.get_by_role("link", name="Workspace").click()
    page.get_by_role("link", name="J.S.").first.click()
    expect(page.locator(".shortlist-item")).to_have_count(2)
    first = page.locator(".shortlist-item").first
    first.get_by_label("Status").select_option(label="Contacted")
    first.get_by_role("button", name="Update referral").click()
    expect(page.locator(".shortlist-item").first.locator("legend")).to_contain_text("Contacted")

    page.get_by_role("link", name="Print shortlist").click()
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", name="Programs to contact")).to_be_visible()
    expect(page.locator(".handoff-program")).to_have_count(2)
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".crisis-box")).to_contain_text("988")
    expect(page.locator(".handoff-program").first).to_contain_text("Questions to ask when you call")
    expect(page.locator(".handoff-program").first).to_contain_text("USD 350 a week")
    expect(page.locator(".print-sheet")).to_contain_text("Coverage: No insurance")
    to_print = time.monotonic() - started
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Back to the shortlist").click()
    page.get_by_role("button", name="Create share link").click()
    share_url = page.get_by_label("Link for the client").input_value()
    stranger = chromium.new_page()  # the client's phone: no session
    stranger.goto(share_url)
    expect(stranger.get_by_role("heading", name="Programs your case manager picked for you")).to_be_visible()
    expect(stranger.locator(".handoff-program")).to_have_count(2)

    elapsed = time.monotonic() - started
    assert to_print < 60, f"sign-in to the printed shortlist took {to_print:.1f} s"
    assert elapsed < 60, f"the journey with the share link took {elapsed:.1f} s"
    assert re.fullmatch(rf"{live_server.url}/shortlist/[\w-]+/", share_url)
    assert "J.S." not in stranger.content()


def test_an_invited_case_manager_joins_and_signs_in_in_a_real_browser(live_server, chromium):
    """The invitation form is sent with the browser's own Origin and Referer rules, which the test client
    does not imitate (a no-referrer policy once made every join fail the CSRF check)."""
    from playwright.sync_api import expect

    agency = AgencyFactory(name="Riverside Services")
    _, token = invitation_create(agency=agency, email="new@riverside.example", role="member", by=None)
    page = chromium.new_page()

    page.goto(f"{live_server.url}/casework/join/{token}/")
    page.get_by_label("Password", exact=True).fill("harbor lights at dusk 42")
    page.get_by_label("Password again").fill("harbor lights at dusk 42")
    page.get_by_role("button", name="Join").click()

    expect(page.get_by_role("heading", name="Your clients")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Welcome to Riverside Services")
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/casework/sign-in/")
    page.get_by_label("Email").fill("new@riverside.example")
    page.get_by_label("Password").fill("harbor lights at dusk 42")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your clients")).to_be_visible()
