"""Screenshots of the case manager workspace at phone and desktop width, in headless Debian Chromium, driven
through the UI as a case manager would use it.

Start the app on a scratch database with the sample feed, and invite the agency's first admin:

    export DATABASE_URL=sqlite:////tmp/casework_shots.db
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py import_feed samhsa feeds/sample/samhsa_sample.json
    .venv/bin/python manage.py invitemember "Riverside Community Services" lead@riverside.example \\
        --role admin --create-agency --base-url http://127.0.0.1:8792
    DJANGO_DEBUG=true .venv/bin/python manage.py runserver 127.0.0.1:8792

then: .venv/bin/python docs/take_casework_screenshots.py JOIN_LINK
It joins with the invitation link, adds two clients, shortlists programs from the search, tracks referrals and
makes a share link, then writes docs/screenshots/casework-*-{phone,desktop}.png."""

import sys
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, sync_playwright

if len(sys.argv) != 2:
    raise SystemExit(__doc__)
JOIN_LINK = sys.argv[1]
BASE = "{0.scheme}://{0.netloc}".format(urlsplit(JOIN_LINK))
EMAIL = "lead@riverside.example"
PASSWORD = "harbor lights at dusk 42"
OUT = Path(__file__).resolve().parent / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
SEARCH = "/search/?near=10001&care_level=iop&payment=medicaid"


def shot(page: Page, name: str, width_name: str, full_page: bool = True) -> None:
    page.wait_for_load_state()  # after a form's redirect the stylesheet may still be loading
    page.screenshot(path=OUT / f"casework-{name}-{width_name}.png", full_page=full_page)


def add_client(page: Page, alias: str, coverage: str, state: str = "") -> None:
    page.goto(BASE + "/casework/clients/new/")
    page.get_by_label("Alias or initials").fill(alias)
    page.get_by_label("Their coverage").select_option(label=coverage)
    if state:
        page.get_by_label("Medicaid from which state?").select_option(value=state)
    page.get_by_role("button", name="Add client").click()


def shortlist_from_search(page: Page, alias: str, cards: range) -> None:
    page.goto(BASE + SEARCH)
    for index in cards:
        card = page.locator(".program-card").nth(index)
        card.get_by_label("Shortlist for").select_option(label=alias)
        card.get_by_role("button", name="Add to shortlist").click()


def days_ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


def update_referral(page: Page, index: int, status: str, on: str, note: str = "") -> None:
    item = page.locator(".shortlist-item").nth(index)
    item.get_by_label("Status").select_option(label=status)
    item.get_by_label("On", exact=True).fill(on)
    item.get_by_label("Short note (private)").fill(note)
    item.get_by_role("button", name="Update referral").click()


def set_up(browser: Browser) -> str:
    """Join the agency, add clients, shortlist and track referrals; returns the client's share link."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(JOIN_LINK)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Join").click()
    add_client(page, "T-Wed", "No insurance / paying myself")
    add_client(page, "J.S.", "Medicaid", "NY")
    shortlist_from_search(page, "J.S.", range(3))
    shortlist_from_search(page, "T-Wed", range(3, 4))
    page.goto(BASE + "/casework/")
    page.get_by_role("link", name="J.S.").first.click()
    update_referral(page, 0, "Contacted", days_ago(6), "Left a message with intake")
    update_referral(page, 0, "Intake scheduled", days_ago(2), "Thu 10am, bring ID")
    update_referral(page, 1, "Waitlisted", days_ago(5), "About 2 weeks")
    first = page.locator(".shortlist-item").first
    first.get_by_label("Private note").fill("Prefers evening groups; needs a bus route.")
    first.get_by_role("button", name="Save note").click()
    page.get_by_role("button", name="Create share link").click()
    link = page.get_by_label("Link for the client").input_value()
    page.close()
    return link


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        share_link = set_up(browser)
        for width_name, (width, height) in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.goto(BASE + "/casework/sign-in/")
            shot(page, "login", width_name)
            page.get_by_label("Email").fill(EMAIL)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            shot(page, "dashboard", width_name)

            page.goto(BASE + SEARCH)
            page.locator(".program-card").first.scroll_into_view_if_needed()
            shot(page, "search", width_name, full_page=False)

            page.goto(BASE + "/casework/")
            page.get_by_role("link", name="J.S.").first.click()
            shot(page, "client", width_name)
            # The second program's referral moves on: a spot opened (phone), then an intake (desktop).
            if width_name == "phone":
                update_referral(page, 1, "Contacted", days_ago(1), "Spot opened, call back Mon")
            else:
                update_referral(page, 1, "Intake scheduled", days_ago(0), "Mon 9am")
            item = page.locator(".shortlist-item").nth(1)
            item.scroll_into_view_if_needed()
            shot(page, "referral", width_name, full_page=False)

            page.get_by_role("link", name="Print shortlist").click()
            shot(page, "print", width_name)
            if width_name == "desktop":  # what the paper shows, from a computer
                page.emulate_media(media="print")
                shot(page, "print-media", width_name)
                page.emulate_media(media="screen")

            page.goto(BASE + "/casework/agency/")
            shot(page, "agency", width_name, full_page=False)
            context.close()

            phone = browser.new_context(viewport={"width": width, "height": height})
            shared = phone.new_page()
            shared.goto(share_link)
            shot(shared, "share", width_name)
            phone.close()
        browser.close()
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main()
