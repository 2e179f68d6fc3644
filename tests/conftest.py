import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections


def pytest_report_header(config):
    broker = settings.CELERY_BROKER_URL.split("@")[-1]
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    database = f"{connection.vendor} ({settings.DATABASES['default']['NAME']})"
    return [f"database: {database}; celery broker: {broker}; cache: {cache}"]


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts from an empty cache (vocabulary choices, filter counts and rate-limit counts are
    cached), so tests cannot depend on each other."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_unthrottled(settings):
    """The public API without rate limits, for tests that send many requests (throttling has its own tests)."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "partner": None}}


@pytest.fixture(scope="module")
def chromium():
    """Headless Debian Chromium, one per test module (tests marked `browser`)."""
    from playwright.sync_api import sync_playwright

    from .browser_helpers import CHROMIUM, CHROMIUM_ARGS

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API runs an event loop in this thread, where the tests also use the ORM.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        # The browser keeps connections alive: the live server's request threads must not keep database
        # connections past each request, or the test database cannot be dropped at the end (PostgreSQL).
        patch.setitem(connections.settings[DEFAULT_DB_ALIAS], "CONN_MAX_AGE", 0)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_context(chromium, live_server):
    """A fresh browser profile at desktop width that can reach only the live server."""
    from .browser_helpers import DESKTOP, close, only_local

    context = chromium.new_context(viewport=DESKTOP)
    only_local(context, live_server.url)
    yield context
    close(context)


@pytest.fixture(autouse=True)
def vocabularies_in_transactional_tests(request):
    """Transactional tests (live server, real workers) flush the database after themselves, which removes the
    vocabularies the data migrations loaded (the flush's post_migrate brings back only permissions and the
    curation roles). Each such test starts by loading them again, so their order does not matter."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        from .browser_helpers import load_vocabularies

        load_vocabularies()
