"""Who may read the API how often: anonymous clients per address, partners with an API key, CORS."""

from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from api.models import ApiKey, hash_key

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

VOCABULARIES = reverse("api:vocabularies")


@pytest.fixture
def rates(settings):
    """Small limits, so a test reaches them in a few requests."""

    def set_rates(anon="2/minute", partner="4/minute"):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": anon, "partner": partner},
        }

    set_rates()
    return set_rates


def statuses(client, count: int, **headers) -> list[int]:
    return [client.get(VOCABULARIES, headers=headers).status_code for _ in range(count)]


def test_anonymous_clients_are_limited_and_told_when_to_come_back(client, rates):
    assert statuses(client, 2) == [200, 200]

    response = client.get(VOCABULARIES)

    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert response.json()["errors"]["__all__"][0].startswith("Request was throttled.")


def test_each_client_address_has_its_own_limit(client, rates):
    assert statuses(client, 3, REMOTE_ADDR="203.0.113.1") == [200, 200, 429]

    assert client.get(VOCABULARIES, REMOTE_ADDR="203.0.113.2").status_code == 200


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(client, rates):
    codes = [client.get(VOCABULARIES, headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code for n in range(3)]

    assert codes == [200, 200, 429]


def test_a_partner_key_gets_the_partner_rate(client, rates):
    _, key = ApiKey.issue(name="County 211")

    assert statuses(client, 5, Authorization=f"Api-Key {key}") == [200, 200, 200, 200, 429]


def test_the_key_may_come_in_the_x_api_key_header(client, rates):
    _, key = ApiKey.issue(name="County 211")

    assert statuses(client, 3, **{"X-Api-Key": key}) == [200, 200, 200]


def test_partners_do_not_use_up_the_anonymous_limit(client, rates):
    _, key = ApiKey.issue(name="County 211")
    statuses(client, 4, **{"X-Api-Key": key})

    assert statuses(client, 2) == [200, 200]


@pytest.mark.parametrize("header", ["Authorization", "X-Api-Key"])
def test_an_unknown_or_revoked_key_is_refused(client, rates, header):
    api_key, key = ApiKey.issue(name="Former partner")
    api_key.active = False
    api_key.save()

    for value in (key, "not-a-key"):
        response = client.get(
            VOCABULARIES, headers={header: f"Api-Key {value}" if header == "Authorization" else value}
        )
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == "Api-Key"
        assert response.json() == {"errors": {"__all__": ["Unknown or revoked API key."]}}


def test_create_api_key_prints_the_key_once_and_stores_only_its_hash(client, rates):
    out, err = StringIO(), StringIO()

    call_command("create_api_key", "County 211", stdout=out, stderr=err)

    key = out.getvalue().strip()
    api_key = ApiKey.objects.get()
    assert api_key.name == "County 211"
    assert api_key.hashed_key == hash_key(key) != key
    assert "cannot be shown again" in err.getvalue()
    assert client.get(VOCABULARIES, headers={"X-Api-Key": key}).status_code == 200


def test_keys_are_managed_in_the_admin():
    assert ApiKey in admin.site._registry


def test_cors_is_off_unless_origins_are_configured(client, settings):
    settings.CORS_ALLOWED_ORIGINS = []
    response = client.get(VOCABULARIES, headers={"Origin": "https://directory.example.org"})
    assert "Access-Control-Allow-Origin" not in response.headers

    settings.CORS_ALLOWED_ORIGINS = ["https://directory.example.org"]
    response = client.get(VOCABULARIES, headers={"Origin": "https://directory.example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "https://directory.example.org"


def test_cors_never_covers_the_html_pages(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://directory.example.org"]

    response = client.get(reverse("programs:search"), headers={"Origin": "https://directory.example.org"})

    assert "Access-Control-Allow-Origin" not in response.headers
