"""Screenshots of the curation screens at desktop width, in headless Debian Chromium, driven through the UI.

Start the app on a scratch database with the sample feed and a superuser, behind one (pretend) proxy so the
three problem reports below come from three different addresses:

    export DATABASE_URL=sqlite:////tmp/curation.db
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py import_feed samhsa feeds/sample/samhsa_sample.json
    DJANGO_SUPERUSER_PASSWORD=curate-screens .venv/bin/python manage.py createsuperuser --noinput \\
        --username admin --email admin@example.org
    API_NUM_PROXIES=1 DJANGO_DEBUG=true .venv/bin/python manage.py runserver 127.0.0.1:8791

then: .venv/bin/python docs/take_curation_screenshots.py [BASE_URL] [USERNAME] [PASSWORD]
It edits, verifies, reports and merges listings as a curator would, and writes docs/screenshots/curation-*.png."""

import re
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8791"
USERNAME = sys.argv[2] if len(sys.argv) > 2 else "admin"
PASSWORD = sys.argv[3] if len(sys.argv) > 3 else "curate-screens"
OUT = Path(__file__).resolve().parent / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
DESKTOP = {"width": 1280, "height": 900}
ADMIN = "/admin/programs/program/"


def shot(page: Page, name: str, full_page: bool = True) -> None:
    page.screenshot(path=OUT / f"curation-{name}.png", full_page=full_page)


def sign_in(page: Page) -> None:
    page.goto(BASE + "/admin/login/")
    page.fill("#id_username", USERNAME)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    # Collapse the admin's navigation sidebar: more room for the screens themselves.
    page.evaluate("localStorage.setItem('django.admin.navSidebarIsOpen', 'false')")


def first_duplicate_pair(page: Page) -> tuple[int, int]:
    page.goto(BASE + ADMIN + "duplicates/")
    href = page.locator("a", has_text="Compare and merge").first.get_attribute("href")
    first, second = re.search(r"/merge/(\d+)/(\d+)/", href).groups()
    return int(first), int(second)


def report_closed(browser, program_id: int, address: str, screenshot: bool = False) -> None:
    """A visitor (no account) reports the program closed, from their own address."""
    visitor = browser.new_page(viewport=DESKTOP, extra_http_headers={"X-Forwarded-For": address})
    visitor.goto(f"{BASE}/programs/{program_id}/")
    visitor.locator("summary", has_text="Report wrong information").click()
    visitor.get_by_label("The program has closed").check()
    visitor.fill("textarea[name=note]", "Called twice: the number says the clinic has closed.")
    if screenshot:
        visitor.locator(".report-problem").scroll_into_view_if_needed()
        shot(visitor, "report-form", full_page=False)
    visitor.get_by_role("button", name="Send report").click()
    visitor.close()


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=DESKTOP)
        sign_in(page)
        page.goto(BASE + "/admin/")
        shot(page, "admin-index", full_page=False)

        first, second = first_duplicate_pair(page)
        shot(page, "duplicates", full_page=False)

        # Edit a listing: the edited facts lock against feed refreshes.
        page.goto(f"{BASE}{ADMIN}{first}/change/")
        page.fill("#id_hours_per_week", "9")
        page.fill("#id_sessions_per_week", "3")
        page.select_option("#id_schedule_evening", "true")
        page.click("input[name=_continue]")
        page.locator("#id_hours_per_week").scroll_into_view_if_needed()
        page.mouse.wheel(0, -250)
        shot(page, "change-locks", full_page=False)
        page.locator("fieldset", has_text="Curated fields").screenshot(path=OUT / "curation-change-locked-fields.png")

        page.goto(f"{BASE}{ADMIN}{first}/verify/")
        page.select_option("#id_method", "phone")
        page.get_by_label("Phone number").check()
        page.get_by_label("Accepting new clients and wait").check()
        page.fill("#id_note", "Spoke to intake: taking new clients, evening group Mon/Wed/Thu.")
        shot(page, "verify", full_page=False)
        page.get_by_role("button", name="Record verification").click()

        page.goto(f"{BASE}{ADMIN}merge/{first}/{second}/")
        shot(page, "merge")
        page.get_by_role("button", name="Merge").click()

        page.goto(f"{BASE}{ADMIN}{first}/history/")
        shot(page, "history")

        reported = _another_listing(page, exclude={first, second})
        for n in range(3):
            report_closed(browser, reported, f"198.51.100.{n + 10}", screenshot=n == 0)
        page.goto(f"{BASE}/programs/{reported}/")
        shot(page, "public-warning", full_page=False)
        page.goto(BASE + "/admin/programs/problemreport/?status__exact=open")
        shot(page, "report-queue", full_page=False)

        page.goto(BASE + ADMIN + "?status__exact=published&verified=no&missing=cost&location__state__exact=NY")
        shot(page, "changelist", full_page=False)
        page.goto(BASE + ADMIN + "quality/")
        shot(page, "quality")
        browser.close()
    print(f"screenshots written to {OUT}")


def _another_listing(page: Page, *, exclude: set[int]) -> int:
    page.goto(BASE + ADMIN + "?status__exact=published&location__state__exact=NY")
    for href in page.locator("#result_list tbody th a").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        pk = int(re.search(r"/(\d+)/change/", href).group(1))
        if pk not in exclude:
            return pk
    raise SystemExit("no published New York listing to report")


if __name__ == "__main__":
    main()
