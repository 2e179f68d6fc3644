"""Screenshots of the three journeys' key screens at phone (390 px) and desktop (1280 px) width, in headless Debian
Chromium, driven through the UI: a patient from the home page through the guide to a search, a program and a
compare; a case manager updating a referral, printing and sharing; a curator verifying a listing and reviewing a
refresh run.

Start the app on a new scratch database, with no map tiles (the screenshots are taken offline):

    export DATABASE_URL=sqlite:////tmp/journeys.db
    .venv/bin/python manage.py migrate
    MAP_TILE_URL= DJANGO_DEBUG=true .venv/bin/python manage.py runserver 127.0.0.1:8793

then, with the same DATABASE_URL: .venv/bin/python docs/take_journey_screenshots.py [BASE_URL]
It loads the sample feed through a refresh run (the run the curator reviews) and adds a case manager with a client
and a curator, then writes docs/screenshots/journey-*-{phone,desktop}.png."""

import os
import sys
from pathlib import Path

import django
from playwright.sync_api import Page, sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8793"
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "harbor lights at dusk 42"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
GUIDE_ANSWERS = {"safety": "no", "concern": "both", "use": "some_days", "withdrawal": "none", "coping": "hard",
                 "step_down": "no", "weekly_therapy": "not_enough", "home": "stable", "travel": "easy",
                 "daytime": "busy", "pregnancy": "no", "age": "26_64"}  # fmt: skip


def prepare() -> None:
    """The listings, people and refresh run the journeys need, added once to the server's database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iopfinder.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from casework.models import Agency, Client, Membership
    from feeds.models import Source
    from feeds.services import refresh_source
    from programs.curation.roles import CURATOR

    users = get_user_model().objects
    if not users.filter(username="sam@riverside.example").exists():
        agency = Agency.objects.create(name="Riverside Community Services")
        sam = users.create_user("sam@riverside.example", "sam@riverside.example", PASSWORD)
        Membership.objects.create(user=sam, agency=agency, role=Membership.Role.MEMBER)
        Client.objects.create(agency=agency, owner=sam, alias="J.S.", coverage_kind="medicaid", coverage_state="NY")
    if not users.filter(username="casey").exists():
        users.create_user("casey", "casey@iopfinder.example", PASSWORD, is_staff=True).groups.add(
            Group.objects.get(name=CURATOR)
        )
    source, created = Source.objects.get_or_create(
        name="SAMHSA locator (sample)",
        defaults={"format": "samhsa", "location": str(ROOT / "feeds/sample/samhsa_sample.json")},
    )
    if created:
        refresh_source(source_id=source.pk)


def shot(page: Page, journey: str, name: str, width: str, full_page: bool = True) -> None:
    page.wait_for_load_state()
    page.screenshot(path=OUT / f"journey-{journey}-{name}-{width}.png", full_page=full_page)


def patient(page: Page, width: str) -> None:
    page.goto(BASE + "/")
    shot(page, "patient", "1-home", width, full_page=False)
    page.get_by_role("link", name="Not sure what you need? Take the 2-minute guide").click()
    for name, value in GUIDE_ANSWERS.items():
        page.check(f'input[name="{name}"][value="{value}"]')
    page.fill('input[name="near"]', "10001")
    page.get_by_role("button", name="Show my suggestion").click()
    shot(page, "patient", "2-suggestion", width, full_page=False)
    page.get_by_role("link", name="See matching programs").click()
    page.get_by_role("group", name="Payment accepted").get_by_label("Medicaid", exact=False).first.check()
    page.wait_for_url("**payment=medicaid**")
    if width == "phone":
        page.get_by_role("button", name="Show map").click()
    page.locator(".leaflet-marker-icon").first.wait_for()
    page.locator(".leaflet-marker-icon").nth(1).click()  # the marker highlights its card
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "patient", "3-search", width, full_page=False)
    first, second = page.locator(".program-card h3 a").nth(0), page.locator(".program-card h3 a").nth(1)
    second_url = second.get_attribute("href")
    first.click()
    shot(page, "patient", "4-program", width, full_page=False)
    page.get_by_role("button", name="Add to compare").click()
    page.goto(BASE + second_url)
    page.get_by_role("button", name="Add to compare").click()
    page.get_by_role("link", name="Compare", exact=True).click()
    shot(page, "patient", "5-compare", width, full_page=False)
    for _ in range(2):
        page.get_by_role("button", name="Remove from compare").first.click()


def case_manager(page: Page, width: str) -> None:
    page.goto(BASE + "/casework/")
    page.get_by_label("Email").fill("sam@riverside.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Search programs").first.click()
    page.get_by_label("ZIP code").fill("10001")
    page.get_by_role("button", name="Show programs").click()
    page.locator("#results-heading", has_text="miles of New York").wait_for()  # htmx swapped the results
    for index in range(2):
        card = page.locator(".program-card").nth(index)
        card.get_by_role("button", name="Add to shortlist").click()
    shot(page, "case-manager", "1-shortlisted", width, full_page=False)
    page.get_by_role("link", name="Workspace").click()
    page.get_by_role("link", name="J.S.").first.click()
    first = page.locator(".shortlist-item").first
    first.get_by_label("Status").select_option(label="Contacted")
    first.get_by_role("button", name="Update referral").click()
    shot(page, "case-manager", "2-referral", width, full_page=False)
    page.get_by_role("link", name="Print shortlist").click()
    page.emulate_media(media="print")
    shot(page, "case-manager", "3-print", width)
    page.emulate_media(media="screen")
    page.get_by_role("link", name="Back to the shortlist").click()
    page.get_by_role("button", name="Create share link").click()
    shot(page, "case-manager", "4-share-link", width, full_page=False)
    share_url = page.get_by_label("Link for the client").input_value()
    page.get_by_role("button", name="Sign out").click()
    page.goto(share_url)
    shot(page, "case-manager", "5-client-view", width, full_page=False)


def curator(page: Page, width: str) -> None:
    page.goto(BASE + "/admin/login/")
    page.fill("#id_username", "casey")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.evaluate("localStorage.setItem('django.admin.navSidebarIsOpen', 'false')")  # more room for the screen
    page.get_by_role("link", name="Listings never verified").first.click()
    shot(page, "curator", "1-never-verified", width, full_page=False)
    page.locator("#result_list tbody tr a").first.click()
    page.get_by_role("link", name="Verify").first.click()
    page.select_option("#id_method", "phone")
    page.get_by_label("Phone number").check()
    page.fill("#id_note", "Spoke to intake: taking new clients, evening group Mon/Wed/Thu.")
    shot(page, "curator", "2-verify", width, full_page=False)
    page.get_by_role("button", name="Record verification").click()
    page.goto(BASE + "/admin/feeds/feedrun/")
    shot(page, "curator", "3-refresh-runs", width, full_page=False)
    page.locator("#result_list tbody tr a").first.click()
    shot(page, "curator", "4-refresh-run", width, full_page=False)


def main() -> None:
    prepare()
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for width_name, (width, height) in WIDTHS.items():
            for journey in (patient, case_manager, curator):
                context = browser.new_context(viewport={"width": width, "height": height})
                journey(context.new_page(), width_name)
                context.close()
        browser.close()
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main()
