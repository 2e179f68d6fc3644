"""Handing the shortlist to the client: a print view, a CSV file and a read-only share link that expires,
can be revoked, and shows no notes and no other client."""

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from casework.models import ShareLink, hash_token
from insurance.models import PlanAcceptance

from .casework_helpers import ALIAS, NOTE, ClientFactory, ShortlistItemFactory, make_world, signed_in
from .factories import CostFactory, InsurancePlanFactory, LocationFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = make_world()
    world.client.coverage_kind, world.client.coverage_state = "medicaid", "NY"
    world.client.save()
    program = world.item.program
    program.name, program.hours_per_week, program.schedule_evening = "Harbor IOP", 9, True
    program.save()
    program.payment_options.create(kind_id=_medicaid_kind_id())
    CostFactory(program=program, amount=400, basis="week")
    return world


def _medicaid_kind_id():
    from insurance.models import PaymentKind

    return PaymentKind.objects.get(slug="medicaid").pk


def share_url(client, world, days="14") -> str:
    response = client.post(reverse("casework:share_create", args=[world.client.pk]), {"days": days})
    return re.search(r'value="(http[^"]+/shortlist/[^"]+)"', response.text).group(1)


def test_the_print_view_has_contacts_schedule_cost_coverage_questions_and_the_crisis_line(client, world):
    signed_in(client, world.a)
    response = client.get(reverse("casework:print", args=[world.client.pk]))
    text = response.text
    location = world.item.program.location
    assert "Harbor IOP" in text
    assert f"{location.street1}, {location.city}, {location.state} {location.zip_code}" in text
    assert "9 hours a week; evenings" in text
    assert "USD 400 a week" in text
    assert "Accepts your Medicaid (NY)" in text
    assert "Questions to ask when you call" in text
    assert "How many weeks does the program usually last?" in text
    assert 'href="tel:988"' in text
    assert 'class="print-sheet"' in text


def test_the_print_view_leaves_notes_out_unless_asked(client, world):
    signed_in(client, world.a)
    url = reverse("casework:print", args=[world.client.pk])
    assert NOTE not in client.get(url).text
    assert NOTE in client.get(url + "?notes=1").text


def test_printing_a_hand_off_hides_the_site_navigation():
    css = (Path(__file__).resolve().parent.parent / "static/css/site.css").read_text()
    assert "body:has(.print-sheet) .site-header" in css[css.index("@media print {\n  body:has(.print-sheet)") :]


def test_the_csv_is_an_attachment_named_by_date_without_notes_or_alias(client, world):
    signed_in(client, world.a)
    response = client.get(reverse("casework:csv", args=[world.client.pk]))
    today = timezone.localdate()
    assert response["Content-Disposition"] == f'attachment; filename="shortlist-{today:%Y-%m-%d}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Order", "Program", "Provider"]
    assert "Private note" not in rows[0]
    assert rows[1][1] == "Harbor IOP"
    assert rows[1][rows[0].index("Coverage")] == "Accepts your Medicaid (NY)"
    assert rows[1][rows[0].index("Referral status")] == "To contact"
    assert NOTE not in response.content.decode() and ALIAS not in response.content.decode()


def test_the_csv_carries_notes_when_asked_and_never_runs_a_cell_as_a_formula(client, world):
    world.item.note = '=HYPERLINK("http://evil.example")'
    world.item.save()
    signed_in(client, world.a)
    response = client.get(reverse("casework:csv", args=[world.client.pk]) + "?notes=1")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][-1] == "Private note"
    assert rows[1][-1] == '\'=HYPERLINK("http://evil.example")'


def test_a_share_link_shows_the_shortlist_read_only_without_notes_status_or_alias(client, world):
    ClientFactory(owner=world.a, alias="Other-1")
    other_item = ShortlistItemFactory(client__owner=world.a, program__name="Somebody Else's IOP")
    signed_in(client, world.a)
    url = share_url(client, world)
    client.logout()

    response = client.get(url)

    text = response.text
    assert response.status_code == 200
    assert "Harbor IOP" in text and "Accepts your Medicaid (NY)" in text and 'href="tel:988"' in text
    assert NOTE not in text
    assert ALIAS not in text and "Other-1" not in text
    assert other_item.program.display_name not in text
    assert "To contact" not in text
    assert "<form" not in text.split('<main id="main"')[1]  # read-only
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_only_the_hash_of_a_share_token_is_stored(client, world):
    signed_in(client, world.a)
    token = share_url(client, world).rstrip("/").rsplit("/", 1)[1]
    link = ShareLink.objects.get(token_hash=hash_token(token))
    assert token not in str(ShareLink.objects.filter(pk=link.pk).values().get())


def test_a_share_link_expires_after_14_days_by_default(client, world):
    signed_in(client, world.a)
    url = share_url(client, world)
    client.logout()
    with time_machine.travel(timezone.now() + timedelta(days=13, hours=23)):
        assert client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=14, minutes=1)):
        response = client.get(url)
    assert response.status_code == 410
    assert "Harbor IOP" not in response.text
    assert "Ask your case manager for a new one" in response.text


def test_a_share_link_can_be_made_for_fewer_days(client, world):
    signed_in(client, world.a)
    share_url(client, world, days="3")
    link = ShareLink.objects.latest("created_at")
    assert timedelta(days=2, hours=23) < link.expires_at - timezone.now() <= timedelta(days=3)


def test_a_revoked_share_link_stops_working(client, world):
    signed_in(client, world.a)
    url = share_url(client, world)
    link = ShareLink.objects.latest("created_at")
    client.post(reverse("casework:share_revoke", args=[link.pk]))
    client.logout()
    response = client.get(url)
    assert response.status_code == 410
    assert "Harbor IOP" not in response.text


def test_an_unknown_share_token_is_not_found(client, world):
    assert client.get(reverse("casework:shared", args=["not-a-real-token"])).status_code == 404


def test_withdrawn_programs_stay_on_the_hand_off_with_a_warning(client, world):
    gone = ProgramFactory(name="Closed IOP", status="withdrawn", location=LocationFactory())
    ShortlistItemFactory(client=world.client, program=gone)
    signed_in(client, world.a)
    text = client.get(reverse("casework:print", args=[world.client.pk])).text
    assert "Closed IOP" in text
    assert "No longer listed in the directory" in text


def test_the_hand_off_uses_the_clients_private_plan(client, world):
    plan = InsurancePlanFactory(name="Aetna Choice PPO")
    world.client.coverage_kind, world.client.coverage_plan = "private", plan
    world.client.save()
    PlanAcceptance.objects.create(program=world.item.program, plan=plan)
    signed_in(client, world.a)
    text = client.get(reverse("casework:print", args=[world.client.pk])).text
    assert "Coverage: Aetna Choice PPO" in text
    assert "In your plan&#x27;s network (Aetna Choice PPO)" in text
    rows = list(csv.reader(io.StringIO(client.get(reverse("casework:csv", args=[world.client.pk])).content.decode())))
    assert rows[1][rows[0].index("Coverage")] == "In your plan's network (Aetna Choice PPO)"


def test_without_coverage_the_hand_off_says_to_ask_what_it_costs(client, world):
    world.client.coverage_kind = ""
    world.client.save()
    signed_in(client, world.a)
    text = client.get(reverse("casework:print", args=[world.client.pk])).text
    assert "Depends on your coverage: ask the program what you would pay." in text
    assert "tell us what you have" not in text


def test_a_share_link_never_shows_notes_even_when_asked(client, world):
    signed_in(client, world.a)
    url = share_url(client, world)
    client.logout()
    assert NOTE not in client.get(url + "?notes=1").text
