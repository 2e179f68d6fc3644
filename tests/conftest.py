import pytest
from django.conf import settings
from django.db import connection


def pytest_report_header(config):
    broker = settings.CELERY_BROKER_URL.split("@")[-1]
    return [f"database: {connection.vendor} ({settings.DATABASES['default']['NAME']}); celery broker: {broker}"]


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")
