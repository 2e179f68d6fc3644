"""The listing admin is fast to curate in: search, filters, lock marks, and bulk status actions that feed
refreshes respect."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programs.curation import lock_fields
from programs.models import ProblemReport, Program, SourceAlias

from .curation_helpers import FileFeed, curator
from .factories import CostFactory, LocationFactory, ProgramFactory
from .samhsa_rows import row

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, django_user_model):
    client.force_login(curator(django_user_model))
    return client


def changelist(client, query: str = "") -> list[int]:
    response = client.get(reverse("admin:programs_program_changelist") + query)
    assert response.status_code == 200
    return sorted(program.pk for program in response.context["cl"].result_list)


@pytest.mark.parametrize("term", ["Harbor", "Hoboken", "07030", "frid-harbor", "alias-77"])
def test_search_finds_a_listing_by_name_city_zip_or_any_feed_id(logged_in, term):
    harbor = ProgramFactory(name="Harbor Light", source_id="frid-harbor",
                            location=LocationFactory(city="Hoboken", state="NJ", zip_code="07030"))  # fmt: skip
    ProgramFactory(name="Seaside")
    SourceAlias.objects.create(program=harbor, source="statedir", source_id="alias-77")
    assert changelist(logged_in, f"?q={term}") == [harbor.pk]


def test_filters_for_price_verification_and_status(logged_in):
    priced = ProgramFactory(last_verified_at=timezone.now())
    CostFactory(program=priced)
    unverified = ProgramFactory()
    withdrawn = ProgramFactory(status=Program.Status.WITHDRAWN)
    assert changelist(logged_in, "?price=yes") == [priced.pk]
    assert changelist(logged_in, "?verified=no") == sorted([unverified.pk, withdrawn.pk])
    assert changelist(logged_in, "?status__exact=withdrawn") == [withdrawn.pk]


def test_filters_for_care_level_state_source_stale_locks_and_missing_facts(logged_in, settings):
    now = timezone.now()
    iop_ny = ProgramFactory(care_levels=["iop"], last_refreshed_at=now, hours_per_week=9)
    php_nj = ProgramFactory(care_levels=["php"], location=LocationFactory(newark=True), source="statedir",
                            last_refreshed_at=now - timezone.timedelta(days=settings.STALE_AFTER_DAYS + 1))  # fmt: skip
    lock_fields(php_nj, ["name"])
    iop = iop_ny.care_levels.get()
    assert changelist(logged_in, f"?care_levels__id__exact={iop.pk}") == [iop_ny.pk]
    assert changelist(logged_in, "?location__state__exact=NJ") == [php_nj.pk]
    assert changelist(logged_in, "?source__exact=statedir") == [php_nj.pk]
    assert changelist(logged_in, "?stale=yes") == [php_nj.pk]
    assert changelist(logged_in, "?locked=yes") == [php_nj.pk]
    assert changelist(logged_in, "?missing=hours") == [php_nj.pk]


def test_the_listing_list_takes_the_same_queries_for_many_listings(logged_in, django_assert_num_queries):
    def listed(count: int) -> int:
        for program in ProgramFactory.create_batch(count, care_levels=["iop"], accreditations=["carf"]):
            CostFactory(program=program)
            ProblemReport.objects.create(program=program, kind=ProblemReport.Kind.CLOSED)
            SourceAlias.objects.create(program=program, source="statedir", source_id=f"x{program.pk}")
        with CaptureQueriesContext(connection) as queries:
            assert changelist(logged_in)
        return len(queries)

    few = listed(2)
    assert listed(60) == few  # a full page of 100, not one query per listing
    with django_assert_num_queries(few):
        changelist(logged_in, "?q=Clinic&verified=no&stale=yes&missing=cost")


def test_the_change_page_marks_locked_fields_and_links_verify(logged_in):
    program = ProgramFactory()
    lock_fields(program, ["name"])
    page = logged_in.get(reverse("admin:programs_program_change", args=[program.pk])).content.decode()
    assert "Name (locked)" in page
    assert reverse("admin:programs_program_verify", args=[program.pk]) in page


def test_every_input_of_the_change_page_has_an_accessible_name(logged_in):
    # Stock tabular inlines and split date/time widgets give their inputs no name (axe: critical).
    program = ProgramFactory()
    program.phones.create(kind="intake", number="212-555-0101")
    page = logged_in.get(reverse("admin:programs_program_change", args=[program.pk])).content.decode()

    assert 'aria-label="Number (phone 1)"' in page
    assert 'aria-label="Kind (phone 1)"' in page
    assert 'aria-label="Delete (phone 1)"' in page
    assert 'aria-label="Number (phone new)"' in page  # the row "Add another phone" copies
    assert 'aria-label="Last verified at: date"' in page
    assert 'aria-label="Last verified at: time"' in page


def bulk(client, action: str, programs) -> None:
    client.post(reverse("admin:programs_program_changelist"),
                {"action": action, "_selected_action": [p.pk for p in programs]})  # fmt: skip


def test_bulk_unpublish_publish_withdraw_and_restore(logged_in):
    first, second = ProgramFactory.create_batch(2)
    bulk(logged_in, "unpublish", [first, second])
    assert set(Program.objects.values_list("status", flat=True)) == {"unpublished"}
    bulk(logged_in, "publish", [first])
    bulk(logged_in, "withdraw", [second])
    assert Program.objects.get(pk=first.pk).status == "published"
    assert Program.objects.get(pk=second.pk).status == "withdrawn"
    bulk(logged_in, "restore", [second])
    assert Program.objects.get(pk=second.pk).status == "published"
    assert Program.history.filter(id=second.pk, history_change_reason="withdrawn by a curator").exists()


def test_a_refresh_does_not_bring_back_a_listing_a_curator_withdrew(logged_in, tmp_path):
    feed = FileFeed(tmp_path, "samhsa")
    rows = [row("f0", name1="Closed Clinic"), row("f1", name1="Open Clinic", street1="9 Ocean Ave")]
    feed.refresh(rows)
    closed = Program.objects.get(source_id="f0")
    bulk(logged_in, "withdraw", [closed])

    rows[0]["name1"] = "Closed Clinic (renamed)"
    run = feed.refresh(rows)

    closed.refresh_from_db()
    assert (closed.status, closed.name, run.restored) == ("withdrawn", "Closed Clinic (renamed)", 0)
