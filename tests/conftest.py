import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection


def pytest_report_header(config):
    broker = settings.CELERY_BROKER_URL.split("@")[-1]
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    database = f"{connection.vendor} ({settings.DATABASES['default']['NAME']})"
    return [f"database: {database}; celery broker: {broker}; cache: {cache}"]


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")


@pytest.fixture
def empty_cache():
    """Start from an empty cache (the vocabulary choices are cached), so tests cannot depend on each other."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_unthrottled(settings):
    """The public API without rate limits, for tests that send many requests (throttling has its own tests)."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "partner": None}}
