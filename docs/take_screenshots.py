"""Screenshots of the public pages at phone and desktop width, in headless Debian Chromium.

Start the app first (`make run`), then: .venv/bin/python docs/take_screenshots.py [BASE_URL] [--lang es]
Writes PNGs to docs/screenshots/ (es-*.png for the Spanish pages, which the browser's language picks)."""

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
PAGES = {
    "home": "/",
    "search": "/search/?near=10001&care_level=iop&payment=medicaid",
    "search-error": "/search/?care_level=weekly",
    "search-empty": "/search/?near=10001&radius=10&care_level=residential&therapy=emdr&population=veterans",
    "match": "/match/",
    "coverage": "/coverage/",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("base", nargs="?", default="http://127.0.0.1:8000", help="where the app runs")
    parser.add_argument("--lang", choices=["en", "es"], default="en", help="the browser's language")
    args = parser.parse_args()
    base, prefix = args.base, "es-" if args.lang == "es" else ""
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for width_name, (width, height) in WIDTHS.items():
            locale = "es-ES" if args.lang == "es" else "en-US"
            page = browser.new_page(viewport={"width": width, "height": height}, locale=locale)
            for name, path in PAGES.items():
                page.goto(base + path)
                page.screenshot(path=OUT / f"{prefix}{name}-{width_name}.png", full_page=name != "search")
            # Detail of the first result, then compare two programs picked through the UI.
            page.goto(base + PAGES["search"])
            page.locator(".program-card h3 a").first.click()
            page.screenshot(path=OUT / f"{prefix}detail-{width_name}.png", full_page=True)
            page.goto(base + PAGES["search"])
            for index in range(2):
                page.locator(".program-card").nth(index).locator(".compare-form button").click()
            page.goto(base + "/compare/")
            page.screenshot(path=OUT / f"{prefix}compare-{width_name}.png", full_page=True)
            for _ in range(2):
                page.locator(".compare-form button").first.click()
            # The guide's answer page, and the search it opens.
            page.goto(base + "/match/")
            answers = {"safety": "no", "concern": "both", "use": "some_days", "withdrawal": "none", "coping": "hard",
                       "step_down": "no", "weekly_therapy": "not_enough", "home": "stable", "travel": "easy",
                       "daytime": "busy", "pregnancy": "no", "age": "26_64"}  # fmt: skip
            for name, value in answers.items():
                page.check(f'input[name="{name}"][value="{value}"]')
            page.fill('input[name="near"]', "10001")
            page.locator(".guide-form button[type=submit]").click()
            page.screenshot(path=OUT / f"{prefix}match-result-{width_name}.png", full_page=True)
            page.close()
        browser.close()
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main()
