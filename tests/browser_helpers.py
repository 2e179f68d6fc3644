"""Headless Debian Chromium for the browser tests: launch options, a page that never leaves the live server,
and the axe-core check every page must pass."""

import importlib
import time
from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from .factories import CostFactory, LocationFactory, ProgramFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

needs_chromium = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="browser test: needs Debian's Chromium at /usr/bin/chromium (apt install chromium; CI installs it)",
    ),
]


def iop(name: str, *, north: float = 0.0, **fields):
    """A day (PHP) and evening (IOP) program for co-occurring needs in Manhattan, `north` degrees from 10001."""
    location = LocationFactory(latitude=40.7484 + north, longitude=-73.9967)
    return ProgramFactory(name=name, location=location, care_levels=["iop", "php"], populations=["co_occurring"],
                          **fields)  # fmt: skip


def load_vocabularies() -> None:
    """Care levels, therapies, payment kinds and plans as their data migrations load them (the loaders are
    idempotent). A transactional test's flush removes them; tests/conftest.py reloads them before each one."""
    from django.apps import apps

    for module in ("programs.migrations.0002_vocabularies", "insurance.migrations.0002_payment_kinds_and_plans"):
        importlib.import_module(module).load(apps, None)


def nearby_programs() -> None:
    """Three IOPs near 10001 (two take Medicaid) and a residential program."""
    load_vocabularies()
    harbor = iop("Harbor Evening IOP", north=0.01, payments=["medicaid"], schedule_evening=True, hours_per_week=9)
    CostFactory(program=harbor, amount=350, basis="week")
    iop("Lakeside Recovery IOP", north=0.02, payments=["medicaid", "sliding_fee"])
    iop("Midtown Private IOP", north=0.03, payments=["private"])
    ProgramFactory(name="Riverside Residential", care_levels=["residential"])


def only_local(context, base_url: str) -> None:
    """Abort every request that leaves the live server (map tiles, fonts): the tests never touch the network.
    Also counts the requests in flight, for `close`."""
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base_url) else route.abort())
    pending = context.pending_requests = set()
    context.on("request", lambda request: pending.add(request))
    context.on("requestfinished", lambda request: pending.discard(request))
    context.on("requestfailed", lambda request: pending.discard(request))


def close(context, timeout: float = 10.0) -> None:
    """Close a browser context once no request is in flight: a search the browser fired last (htmx) must not
    still be in the live server when the database is flushed after the test (SQLite: "table is locked")."""
    pending = getattr(context, "pending_requests", set())
    if context.pages:
        page, deadline = context.pages[0], time.monotonic() + timeout
        while pending and time.monotonic() < deadline:
            page.wait_for_timeout(50)  # lets Playwright deliver the requests' events
        page.wait_for_timeout(100)  # the server closes its database connection after the last byte
    context.close()


def axe_violations(page, *, exclude: list[str] = ()) -> list[str]:
    """axe-core's serious and critical violations on the page as shown now, one line each."""
    page.wait_for_load_state("load")  # after a click, check the page it opened, fully loaded
    page.evaluate(AXE_SCRIPT)
    context = {"exclude": [[selector] for selector in exclude]} if exclude else {"include": [["html"]]}
    results = page.evaluate("([context]) => axe.run(context, {resultTypes: ['violations']})", [context])
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at {', '.join(map(str, node['target']))}"
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
        for node in violation["nodes"]
    ]


def assert_accessible(page, *, exclude: list[str] = ()) -> None:
    violations = axe_violations(page, exclude=exclude)
    assert not violations, f"{page.url}:\n" + "\n".join(violations)
