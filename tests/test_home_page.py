import pytest
from django.urls import reverse

from programs.models import CareLevel, Program

from .factories import ProgramFactory

pytestmark = pytest.mark.django_db


def test_home_page_lists_published_programs_with_their_care_levels(client):
    iop = ProgramFactory(name="Harbor Light IOP")
    iop.care_levels.add(CareLevel.objects.get(slug="iop"))
    ProgramFactory(name="Closed Clinic", status=Program.Status.WITHDRAWN)

    response = client.get(reverse("programs:home"))

    assert response.status_code == 200
    assert "Harbor Light IOP" in response.text
    assert "Intensive outpatient (IOP)" in response.text
    assert "Closed Clinic" not in response.text
    assert "1 program listed" in response.text


def test_every_page_shows_the_crisis_line_and_says_it_is_not_medical_advice(client):
    program = ProgramFactory()
    for url in (reverse("programs:home"), program.get_absolute_url()):
        text = client.get(url).text
        assert 'href="tel:988"' in text
        assert "not medical advice" in text


def test_home_page_query_count_does_not_grow_with_the_page(client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 0  # count rendering, not the cache of repeated pages (test_page_cache)

    def queries_for_home_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("programs:home")).status_code == 200
        return len(queries)

    iop = CareLevel.objects.get(slug="iop")
    ProgramFactory().care_levels.add(iop)
    queries_for_home_page()  # warm the vocabulary cache and the session
    one = queries_for_home_page()
    for program in ProgramFactory.create_batch(19):
        program.care_levels.add(iop)
    assert queries_for_home_page() == one


def test_program_page_shows_what_the_listing_knows(client):
    program = ProgramFactory(name="Evening Recovery", services=[
        {"code": "SMP", "label": "Smoking Policy", "values": ["Smoking not permitted"],
         "unmapped": ["Smoking not permitted"]},
    ])  # fmt: skip
    text = client.get(program.get_absolute_url()).text
    assert "Evening Recovery" in text
    assert "Smoking not permitted" in text
    assert "Not reported" in text


def test_missing_or_withdrawn_program_is_404(client):
    withdrawn = ProgramFactory(status=Program.Status.WITHDRAWN)
    assert client.get(withdrawn.get_absolute_url()).status_code == 404
    assert client.get("/programs/999999/").status_code == 404


def test_program_page_shows_the_age_of_its_data_and_flags_stale_listings(client, settings):
    from datetime import timedelta

    from django.utils import timezone

    fresh = ProgramFactory(last_refreshed_at=timezone.now() - timedelta(days=3))
    stale = ProgramFactory(last_refreshed_at=timezone.now() - timedelta(days=settings.STALE_AFTER_DAYS + 1))
    fresh_text = client.get(fresh.get_absolute_url()).text
    assert "(3 days ago)" in fresh_text
    assert "This information may be out of date" not in fresh_text
    assert "This information may be out of date" in client.get(stale.get_absolute_url()).text
