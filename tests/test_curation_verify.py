"""Verification: who verified which listing, when, how and what they checked; the public page says so."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from programs.curation.verification import verify_programs
from programs.models import ProblemReport, Program, Verification

from .curation_helpers import curator
from .factories import ProgramFactory

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-03-04 15:00:00Z", tick=False)
def test_verifying_records_who_what_when_and_how(django_user_model):
    program, user = ProgramFactory(), curator(django_user_model)
    verify_programs(programs=[program], user=user, method=Verification.Method.PHONE,
                    checked=["phone", "availability"], note="Spoke to intake, taking new clients")  # fmt: skip

    [verification] = program.verifications.all()
    assert (verification.verified_by, verification.method) == (user, "phone")
    assert verification.checked_labels() == ["Phone number", "Accepting new clients and wait"]
    program.refresh_from_db()
    assert (program.last_verified_at, program.verified_by) == (timezone.now(), user)
    assert program.availability_confirmed_at == timezone.now()  # availability was checked
    entry = program.history.latest()
    assert (entry.history_user, entry.history_change_reason) == (user, "verified: phone call — Spoke to intake, "
                                                                       "taking new clients")  # fmt: skip


def test_the_public_page_says_verified_by_staff_on_the_date(client, django_user_model):
    program = ProgramFactory()
    with time_machine.travel("2026-03-04 15:00:00Z"):
        verify_programs(programs=[program], user=curator(django_user_model), method=Verification.Method.WEBSITE)
    response = client.get(program.get_absolute_url())
    assert "verified by staff on Mar 4, 2026" in response.content.decode()


def test_the_verify_page_records_a_verification(client, django_user_model):
    program = ProgramFactory()
    client.force_login(curator(django_user_model))
    url = reverse("admin:programs_program_verify", args=[program.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"method": "phone", "checked": ["phone", "cost"], "note": "Called"})

    assert response.status_code == 302
    verification = Verification.objects.get(program=program)
    assert (verification.checked, verification.note) == (["phone", "cost"], "Called")


def test_mark_verified_action_asks_how_then_verifies_every_selected_listing(client, django_user_model):
    programs = ProgramFactory.create_batch(3)
    client.force_login(curator(django_user_model))
    url = reverse("admin:programs_program_changelist")
    selected = {"action": "mark_verified", "_selected_action": [p.pk for p in programs[:2]]}

    asks = client.post(url, selected)
    assert asks.status_code == 200
    assert b"Record verification" in asks.content

    client.post(url, selected | {"apply": "1", "method": "review", "note": "Checked against website"})

    assert Verification.objects.count() == 2
    assert Program.objects.filter(last_verified_at__isnull=False).count() == 2


def test_staff_without_the_verify_permission_cannot_verify(client, django_user_model):
    program = ProgramFactory()
    client.force_login(django_user_model.objects.create_user("viewer", password="x", is_staff=True))
    response = client.post(reverse("admin:programs_program_verify", args=[program.pk]), {"method": "phone"})
    assert response.status_code == 403
    assert not Verification.objects.exists()


@pytest.mark.usefixtures("empty_cache")
def test_verifying_a_reported_listing_can_resolve_its_reports_and_lift_the_warning(client, django_user_model):
    program = ProgramFactory()
    for n in range(3):
        ProblemReport.objects.create(program=program, kind=ProblemReport.Kind.CLOSED, reporter=f"sender{n}")
    warning = "People have reported this program may be closed"
    assert warning in client.get(program.get_absolute_url()).content.decode()
    client.force_login(curator(django_user_model))
    url = reverse("admin:programs_program_verify", args=[program.pk])
    assert b"Resolve its 3 open problem report(s)" in client.get(url).content

    client.post(url, {"method": "phone", "checked": ["availability"], "note": "Open, taking clients",
                      "resolve_reports": "on"})  # fmt: skip

    assert set(ProblemReport.objects.values_list("status", "resolution_note")) == {
        ("resolved", "phone call — Open, taking clients")
    }
    assert warning not in client.get(program.get_absolute_url()).content.decode()


def test_verifying_without_ticking_resolve_leaves_the_reports_open(client, django_user_model):
    program = ProgramFactory()
    ProblemReport.objects.create(program=program, kind=ProblemReport.Kind.CLOSED)
    client.force_login(curator(django_user_model))
    client.post(reverse("admin:programs_program_verify", args=[program.pk]), {"method": "phone"})
    assert ProblemReport.objects.get().status == "open"
    assert Verification.objects.filter(program=program).exists()
