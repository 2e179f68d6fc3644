"""The data-quality view: per state, how many published listings miss each key fact, are stale or unverified."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from programs.curation.quality import quality_counts, quality_totals
from programs.models import Phone, ProblemReport

from .curation_helpers import curator
from .factories import CostFactory, LocationFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    """Two New York listings (one complete, one bare), one New Jersey listing, one unpublished."""
    now = timezone.now()
    complete = ProgramFactory(hours_per_week=9, schedule_evening=True, accreditations=["joint_commission"],
                              last_refreshed_at=now, last_verified_at=now,
                              location=LocationFactory(phone="212-555-0100"))  # fmt: skip
    CostFactory(program=complete)
    bare = ProgramFactory(location=LocationFactory(phone=""), last_refreshed_at=now)
    ProblemReport.objects.create(program=bare, kind=ProblemReport.Kind.CLOSED)
    newark = ProgramFactory(location=LocationFactory(newark=True, phone=""), last_refreshed_at=now)
    Phone.objects.create(program=newark, kind=Phone.Kind.INTAKE, number="973-555-0100")
    ProgramFactory(status="unpublished", location=LocationFactory(phone=""))
    return complete, bare, newark


def by_state() -> dict[str, dict]:
    return {row["state"]: row for row in quality_counts()}


def test_counts_listings_missing_each_key_fact_by_state(directory):
    counts = by_state()
    assert counts["NY"] == {
        "state": "NY", "state_name": "New York", "total": 2, "missing_cost": 1, "missing_hours": 1,
        "missing_schedule": 1, "missing_accreditation": 1, "missing_phone": 1, "stale": 0, "unverified": 1,
        "reported": 1,
    }  # fmt: skip
    assert counts["NJ"]["missing_phone"] == 0  # an intake line counts
    assert counts["NJ"]["total"] == 1


def test_unpublished_listings_are_not_counted(directory):
    assert quality_totals(quality_counts())["total"] == 3


def test_listings_not_refreshed_confirmed_or_verified_lately_count_as_stale(directory, settings):
    with time_machine.travel(timezone.now() + timezone.timedelta(days=settings.STALE_AFTER_DAYS + 1)):
        counts = by_state()
    assert (counts["NY"]["stale"], counts["NJ"]["stale"]) == (2, 1)


def test_a_listing_never_refreshed_is_stale(directory):
    ProgramFactory(last_refreshed_at=None)
    assert by_state()["NY"]["stale"] == 1


def test_the_counts_take_one_query(directory, django_assert_num_queries):
    with django_assert_num_queries(1):
        quality_counts()


def test_the_quality_page_links_each_count_to_those_listings(client, django_user_model, directory):
    client.force_login(curator(django_user_model))
    page = client.get(reverse("admin:programs_program_quality"))
    assert page.status_code == 200
    link = "?location__state__exact=NY&amp;status__exact=published&amp;missing=cost"
    assert link in page.content.decode()
    listed = client.get(reverse("admin:programs_program_changelist") + link.replace("&amp;", "&"))
    assert [p.pk for p in listed.context["cl"].result_list] == [directory[1].pk]


def test_every_count_opens_exactly_that_many_listings(client, django_user_model, directory):
    ProgramFactory(last_refreshed_at=None)  # stale: no feed ever confirmed it
    client.force_login(curator(django_user_model))
    page = client.get(reverse("admin:programs_program_quality"))
    links = [(count, query) for _, cells in page.context["table"] for count, query in cells]
    links += page.context["total_cells"]
    assert any(count for count, _ in links)
    for count, query in links:
        listed = client.get(reverse("admin:programs_program_changelist") + "?" + query)
        assert (query, listed.context["cl"].result_count) == (query, count)


def test_the_admin_index_links_to_the_curation_screens(client, django_user_model):
    client.force_login(curator(django_user_model))
    page = client.get(reverse("admin:index")).content.decode()
    for name in ("programs_program_quality", "programs_program_duplicates", "programs_problemreport_changelist"):
        assert reverse(f"admin:{name}") in page
