"""The three journeys end to end in headless Chromium against a live server, each screen checked with axe-core
(no serious or critical violation): a patient from the home page through the guide to a filtered search, a
program and a compare; a case manager shortlisting, updating a referral, printing and sharing; a curator
verifying a listing and reviewing a refresh run."""

import pytest

from casework.models import Client, Membership

from .browser_helpers import assert_accessible, nearby_programs, needs_chromium
from .casework_helpers import PASSWORD, AgencyFactory, case_manager
from .curation_helpers import FileFeed, curator
from .samhsa_rows import row

# Django's own admin chrome around the curation screens, not this project's markup: breadcrumb links told apart
# from their text by colour alone (stock admin CSS), and the tag pickers' decorative help icons, spans that
# SelectFilter2.js gives an aria-label without a role.
DJANGO_ADMIN_STOCK = [".breadcrumbs", ".help-tooltip"]

# The live server needs committed rows (conftest loads the vocabularies each transactional test's flush removes).
pytestmark = [*needs_chromium, pytest.mark.django_db(transaction=True)]

GUIDE_ANSWERS = {"safety": "no", "concern": "both", "use": "some_days", "withdrawal": "none", "coping": "hard",
                 "step_down": "no", "weekly_therapy": "not_enough", "home": "stable", "travel": "easy",
                 "daytime": "busy", "pregnancy": "no", "age": "26_64"}  # fmt: skip


def test_patient_goes_from_the_guide_to_a_filtered_search_a_program_and_a_compare(live_server, browser_context):
    from playwright.sync_api import expect

    nearby_programs()
    page = browser_context.new_page()
    page.goto(live_server.url)
    assert_accessible(page)
    page.get_by_role("link", name="Not sure what you need? Take the 2-minute guide").click()
    assert_accessible(page)
    for name, value in GUIDE_ANSWERS.items():
        page.check(f'input[name="{name}"][value="{value}"]')
    page.fill('input[name="near"]', "10001")
    page.get_by_role("button", name="Show my suggestion").click()
    assert_accessible(page)

    page.get_by_role("link", name="See matching programs").click()
    expect(page.locator("#results-heading")).to_contain_text("3 programs")
    page.get_by_role("group", name="Payment accepted").get_by_label("Medicaid", exact=False).first.check()
    expect(page.locator("#results-heading")).to_contain_text("2 programs")  # htmx swapped the results
    assert "payment=medicaid" in page.url
    assert_accessible(page)

    page.get_by_role("link", name="Harbor Evening IOP").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Harbor Evening IOP")
    assert_accessible(page)
    page.get_by_role("button", name="Add to compare").click()
    page.go_back()
    page.go_back()
    page.reload()
    card = page.locator(".program-card", has=page.get_by_role("link", name="Lakeside Recovery IOP"))
    card.get_by_role("button", name="Add to compare").click()
    page.get_by_role("link", name="Compare", exact=True).click()
    expect(page.locator("table.compare thead th")).to_contain_text(["Harbor Evening IOP", "Lakeside Recovery IOP"])
    assert_accessible(page)


def test_case_manager_shortlists_updates_a_referral_prints_and_shares(live_server, browser_context):
    from playwright.sync_api import expect

    nearby_programs()
    agency = AgencyFactory(name="Riverside Services")
    member = case_manager("sam@riverside.example", agency, role=Membership.Role.MEMBER)
    Client.objects.create(agency=agency, owner=member, alias="J.S.", coverage_kind="uninsured")
    page = browser_context.new_page()

    page.goto(f"{live_server.url}/casework/")
    assert_accessible(page)
    page.get_by_label("Email").fill("sam@riverside.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your clients")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Search programs").first.click()
    page.get_by_label("Name or city").fill("IOP")
    page.get_by_role("button", name="Show programs").click()
    for name in ("Harbor Evening IOP", "Lakeside Recovery IOP"):
        card = page.locator(".program-card", has=page.get_by_role("link", name=name, exact=True))
        card.get_by_label("Shortlist for").select_option(label="J.S.")
        card.get_by_role("button", name="Add to shortlist").click()
        expect(page.get_by_role("status")).to_contain_text("Added to the client's shortlist")
    assert_accessible(page)

    page.get_by_role("link", name="Workspace").click()
    page.get_by_role("link", name="J.S.").first.click()
    first = page.locator(".shortlist-item").first
    first.get_by_label("Status").select_option(label="Contacted")
    first.get_by_role("button", name="Update referral").click()
    expect(page.locator(".shortlist-item").first.locator("legend")).to_contain_text("Contacted")
    assert_accessible(page)

    page.get_by_role("link", name="Print shortlist").click()
    expect(page.locator(".handoff-program")).to_have_count(2)
    assert_accessible(page)
    page.get_by_role("link", name="Back to the shortlist").click()
    page.get_by_role("button", name="Create share link").click()
    assert_accessible(page)
    share_url = page.get_by_label("Link for the client").input_value()

    phone = browser_context.new_page()  # the client opens the link: the same checks, no session needed
    phone.context.clear_cookies()
    phone.goto(share_url)
    expect(phone.get_by_role("heading", name="Programs your case manager picked for you")).to_be_visible()
    assert_accessible(phone)


def test_curator_verifies_a_listing_and_reviews_a_refresh_run(
    live_server, browser_context, django_user_model, tmp_path
):
    from playwright.sync_api import expect

    feed = FileFeed(tmp_path, "state-list")
    feed.refresh([row("frid000001", name1="Harbor Evening IOP"), row("frid000002", name1="Lakeside Recovery IOP")])
    feed.refresh([row("frid000001", name1="Harbor Evening IOP", phone="212-555-0199"),
                  row("frid000002", name1="Lakeside Recovery IOP")])  # fmt: skip
    curator(django_user_model, "casey")
    page = browser_context.new_page()

    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill("x")
    page.get_by_role("button", name="Log in").click()
    assert_accessible(page, exclude=DJANGO_ADMIN_STOCK)

    page.get_by_role("link", name="Listings never verified").first.click()
    assert_accessible(page, exclude=DJANGO_ADMIN_STOCK)
    page.get_by_role("link", name="Harbor Evening IOP").click()
    assert_accessible(page, exclude=DJANGO_ADMIN_STOCK)
    page.get_by_role("link", name="Verify").first.click()
    page.select_option("#id_method", "phone")
    page.get_by_label("Phone number").check()
    assert_accessible(page, exclude=DJANGO_ADMIN_STOCK)
    page.get_by_role("button", name="Record verification").click()
    expect(page.locator(".messagelist")).to_contain_text("Recorded your verification")

    page.goto(f"{live_server.url}/admin/feeds/feedrun/")
    assert_accessible(page, exclude=DJANGO_ADMIN_STOCK)
    page.locator("#result_list tbody tr a").first.click()
    expect(page.locator("#content")).to_contain_text("1 updated")
    expect(page.locator("#content")).to_contain_text("212-555-0199")
    assert_accessible(page, exclude=DJANGO_ADMIN_STOCK)
