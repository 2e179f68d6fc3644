"""Saying what coverage you have, once: kept in the session and shown on search, program and compare."""

import pytest
from django.urls import reverse

from insurance.models import PaymentKind, PaymentOption

from .factories import LocationFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programs():
    ny = ProgramFactory(name="Empire IOP", location=LocationFactory(state="NY"))
    nj = ProgramFactory(name="Garden IOP", location=LocationFactory(state="NJ", zip_code="07102"))
    for program in (ny, nj):
        PaymentOption.objects.create(program=program, kind=PaymentKind.objects.get(slug="medicaid"))
    return ny, nj


def test_coverage_is_kept_in_the_session_not_the_url(client, programs):
    response = client.post(reverse("insurance:coverage"), {"kind": "medicaid", "state": "NY", "next": "/search/"})
    assert response.status_code == 302
    assert response["Location"] == "/search/"
    assert client.session["coverage"]["state"] == "NY"


def test_search_labels_each_program_for_the_persons_medicaid(client, programs):
    client.post(reverse("insurance:coverage"), {"kind": "medicaid", "state": "NY"})
    text = client.get(reverse("programs:search")).text
    assert "Your coverage: <strong>Medicaid (NY)</strong>" in text
    assert "Accepts your Medicaid (NY)" in text
    assert "Takes NJ Medicaid, not NY&#x27;s" in text
    assert "medicaid_state=NY" in text  # one click narrows the search to programs taking it


def test_program_and_compare_pages_show_the_coverage_label(client, programs):
    nj = programs[1]
    client.post(reverse("insurance:coverage"), {"kind": "medicaid", "state": "NJ"})
    assert "Accepts your Medicaid (NJ)" in client.get(nj.get_absolute_url()).text
    for program in programs:
        client.post(reverse("programs:compare_toggle", args=[program.pk]))
    text = client.get(reverse("programs:compare")).text
    assert "Takes NY Medicaid, not NJ&#x27;s" in text
    assert "Accepts your Medicaid (NJ)" in text


def test_medicaid_without_a_state_is_refused_with_a_reason(client):
    response = client.post(reverse("insurance:coverage"), {"kind": "medicaid"})
    assert response.status_code == 400
    assert "choose the state of your Medicaid" in response.text
    assert "coverage" not in client.session


def test_forgetting_coverage_removes_it(client, programs):
    client.post(reverse("insurance:coverage"), {"kind": "medicare"})
    client.post(reverse("insurance:coverage"), {"forget": "1"})
    assert "coverage" not in client.session
    assert "Tell us your insurance or Medicaid" in client.get(reverse("programs:search")).text


def test_next_cannot_send_people_to_another_site(client):
    response = client.post(reverse("insurance:coverage"), {"kind": "va", "next": "https://evil.example/"})
    assert response["Location"] == reverse("programs:search")
