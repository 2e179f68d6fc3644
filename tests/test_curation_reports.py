"""Report a problem: anyone can report a wrong listing without an account; reports are rate-limited, keep no
address, land in the curator queue, and enough "closed" reports warn visitors until a curator acts."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from programs.curation.history import listing_history
from programs.curation.reports import close_reports
from programs.models import ProblemReport

from .curation_helpers import curator
from .factories import ProgramFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]
WARNING = "People have reported this program may be closed or its phone disconnected"


def report(client, program, kind="closed", note="", address="203.0.113.7"):
    return client.post(reverse("programs:report", args=[program.pk]), {"kind": kind, "note": note},
                       REMOTE_ADDR=address)  # fmt: skip


def test_every_program_page_offers_report_wrong_information(client):
    program = ProgramFactory()
    page = client.get(program.get_absolute_url()).content.decode()
    assert "Report wrong information" in page
    assert reverse("programs:report", args=[program.pk]) in page


def test_a_visitor_reports_a_problem_without_logging_in(client):
    program = ProgramFactory()
    response = report(client, program, kind="wrong_cost", note="They charge $300 a week now")
    assert response.status_code == 302
    assert response["Location"] == program.get_absolute_url()
    saved = ProblemReport.objects.get()
    assert (saved.program, saved.kind, saved.status) == (program, "wrong_cost", "open")
    assert saved.note == "They charge $300 a week now"


def test_the_senders_address_is_not_stored(client):
    report(client, ProgramFactory(), address="203.0.113.7")
    saved = ProblemReport.objects.get()
    assert "203.0.113.7" not in str(vars(saved))
    assert len(saved.reporter) == 16


def test_a_report_needs_a_kind(client):
    response = report(client, ProgramFactory(), kind="")
    assert response.status_code == 400
    assert b"Please choose what is wrong." in response.content
    assert not ProblemReport.objects.exists()


@pytest.mark.parametrize(
    ("kind", "note", "says"),
    [
        ("open_now", "", "Select a valid choice."),
        ("other", "x" * 1001, "Ensure this value has at most 1000 characters"),
        ("other", "null\x00byte", "Null characters are not allowed."),
    ],
)
def test_a_malformed_report_is_refused_with_400_saying_why(client, kind, note, says):
    response = report(client, ProgramFactory(), kind=kind, note=note)
    assert response.status_code == 400
    assert says in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_reports_are_sent_by_post_only_and_to_a_public_listing(client):
    program = ProgramFactory()
    assert client.get(reverse("programs:report", args=[program.pk])).status_code == 405
    assert client.post("/programs/99999999999999999999/report/", {"kind": "closed"}).status_code == 404


def test_the_report_form_refuses_posts_from_other_sites():
    program = ProgramFactory()
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(program.get_absolute_url()).content.decode()
    url = reverse("programs:report", args=[program.pk])

    assert browser.post(url, {"kind": "closed"}).status_code == 403
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert browser.post(url, {"kind": "closed", "csrfmiddlewaretoken": token}).status_code == 302
    assert ProblemReport.objects.count() == 1


def test_one_sender_may_send_five_reports_an_hour(client, settings):
    programs = ProgramFactory.create_batch(6)
    statuses = [report(client, program).status_code for program in programs]
    assert statuses == [302] * 5 + [429]
    assert ProblemReport.objects.count() == 5
    assert report(client, programs[5], address="198.51.100.1").status_code == 302  # someone else may


def test_one_listing_takes_twenty_reports_a_day(client):
    program = ProgramFactory()
    statuses = [report(client, program, address=f"198.51.100.{n}").status_code for n in range(21)]
    assert statuses[-2:] == [302, 429]
    assert ProblemReport.objects.count() == 20


def test_three_people_reporting_it_closed_warn_visitors(client):
    program = ProgramFactory()
    report(client, program, kind="closed", address="198.51.100.1")
    report(client, program, kind="phone_disconnected", address="198.51.100.2")
    assert WARNING not in client.get(program.get_absolute_url()).content.decode()
    report(client, program, kind="closed", address="198.51.100.3")
    assert WARNING in client.get(program.get_absolute_url()).content.decode()


def test_one_person_reporting_three_times_does_not_flag_a_listing(client):
    program = ProgramFactory()
    for _ in range(3):
        report(client, program, kind="closed", address="198.51.100.1")
    assert WARNING not in client.get(program.get_absolute_url()).content.decode()


def test_resolving_the_reports_clears_the_warning_and_is_in_the_history(client, django_user_model):
    program = ProgramFactory()
    for n in range(3):
        report(client, program, kind="closed", note=f"report {n}", address=f"198.51.100.{n}")
    user = curator(django_user_model)

    closed = close_reports(reports=ProblemReport.objects.all(), status="resolved", user=user, note="Called: open")

    assert closed == 3
    assert WARNING not in client.get(program.get_absolute_url()).content.decode()
    latest = listing_history(program=program)[0]
    assert (latest.who, latest.reason) == (user.username, "problem report resolved")
    assert latest.changes[0].after == "resolved: Called: open"


def test_the_curator_queue_lists_and_resolves_reports(client, django_user_model):
    program = ProgramFactory(name="Harbor Light")
    report(client, program, kind="closed", note="Sign on the door says closed")
    client.force_login(curator(django_user_model))
    queue = client.get(reverse("admin:programs_problemreport_changelist") + "?status__exact=open")
    assert b"Sign on the door says closed" in queue.content

    client.post(reverse("admin:programs_problemreport_changelist"),
                {"action": "dismiss", "_selected_action": [ProblemReport.objects.get().pk]})  # fmt: skip

    saved = ProblemReport.objects.get()
    assert (saved.status, saved.resolved_by.username) == ("dismissed", "curator")


def test_a_withdrawn_listing_takes_no_reports(client):
    program = ProgramFactory(status="withdrawn")
    assert report(client, program).status_code == 404
