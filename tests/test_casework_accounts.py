"""Case managers' accounts: invitation by an agency admin, sign-in with throttling against guessing,
sessions that end after inactivity, and deactivation."""

import re
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from casework.models import Agency, Invitation, Membership, hash_token

from .casework_helpers import PASSWORD, make_world, signed_in
from .factories import ProgramFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "harbor lights at dusk 42"


@pytest.fixture
def world():
    return make_world()


def invite(client, world, email="d@riverside.example", role="member") -> str:
    signed_in(client, world.admin)
    response = client.post(reverse("casework:invite"), {"email": email, "role": role})
    client.logout()
    return re.search(r'value="(http[^"]+/casework/join/[^"]+)"', response.text).group(1)


def sign_in(client, username, password=PASSWORD, address="10.0.0.1"):
    return client.post(reverse("casework:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_an_invited_case_manager_sets_a_password_and_lands_in_the_workspace(client, world):
    url = invite(client, world, role="admin")
    page = client.get(url)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"  # the token stays on the site; see the browser test

    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response["Location"] == reverse("casework:dashboard")
    membership = Membership.objects.get(user__username="d@riverside.example")
    assert (membership.agency, membership.role, membership.active) == (world.agency, "admin", True)
    assert client.get(reverse("casework:dashboard")).status_code == 200
    client.logout()
    assert sign_in(client, "d@riverside.example", NEW_PASSWORD).status_code == 302


def test_an_invitation_works_once(client, world):
    url = invite(client, world)
    client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.logout()
    assert client.get(url).status_code == 410
    assert client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}).status_code == 410


def test_an_invitation_expires(client, world):
    url = invite(client, world)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert client.get(url).status_code == 410


def test_a_weak_password_is_refused_with_the_reason(client, world):
    url = invite(client, world)
    response = client.post(url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 400
    assert "This password is entirely numeric" in response.text
    assert not get_user_model().objects.filter(username="d@riverside.example").exists()


def test_only_the_hash_of_an_invitation_token_is_stored(client, world):
    token = invite(client, world).rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get(token_hash=hash_token(token))
    assert token not in str(Invitation.objects.filter(pk=invitation.pk).values().get())


def test_an_email_that_already_has_an_account_cannot_be_invited(client, world):
    signed_in(client, world.admin)
    response = client.post(reverse("casework:invite"), {"email": "c@hillside.example", "role": "member"}, follow=True)
    assert "There is already an account for this email." in response.text
    assert not Invitation.objects.filter(email="c@hillside.example").exists()


def test_the_command_invites_an_agencys_first_admin():
    out = StringIO()
    call_command("invitemember", "Lakeside Recovery", "lead@lakeside.example", role="admin", create_agency=True,
                 base_url="https://iopfinder.example.org", stdout=out)  # fmt: skip
    assert re.search(r"https://iopfinder\.example\.org/casework/join/\S+/", out.getvalue())
    assert Invitation.objects.get(email="lead@lakeside.example").agency == Agency.objects.get(name="Lakeside Recovery")


def test_case_managers_sign_in_with_their_email_and_password(client, world):
    response = sign_in(client, "a@riverside.example")
    assert response["Location"] == reverse("casework:dashboard")


def test_a_wrong_password_is_refused(client, world):
    response = sign_in(client, "a@riverside.example", "wrong")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text


def test_sign_in_locks_after_five_wrong_passwords_then_reopens_after_the_cool_off(client, world):
    for _ in range(5):
        sign_in(client, "a@riverside.example", "guess")
    locked = sign_in(client, "a@riverside.example")  # even the right password
    assert locked.status_code == 429
    assert "Sign-in paused" in locked.text
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert sign_in(client, "a@riverside.example")["Location"] == reverse("casework:dashboard")


def test_guessing_one_account_from_many_addresses_is_locked_too(client, world):
    for n in range(5):
        sign_in(client, "a@riverside.example", "guess", address=f"10.0.1.{n}")
    assert sign_in(client, "a@riverside.example", address="10.0.2.1").status_code == 429


def test_signed_in_sessions_end_after_30_minutes_without_a_request(client, world):
    sign_in(client, "a@riverside.example")
    dashboard = reverse("casework:dashboard")
    start = timezone.now()
    with time_machine.travel(start + timedelta(minutes=25)):
        assert client.get(dashboard).status_code == 200  # activity restarts the countdown
    with time_machine.travel(start + timedelta(minutes=50)):
        assert client.get(dashboard).status_code == 200
    with time_machine.travel(start + timedelta(minutes=81)):
        response = client.get(dashboard)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("casework:login"))


def test_anonymous_visitors_keep_their_compare_list_past_the_idle_limit(client):
    program = ProgramFactory()
    client.post(reverse("programs:compare_toggle", args=[program.pk]))
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert program.display_name in client.get(reverse("programs:compare")).text


def test_an_agency_admin_deactivates_and_reactivates_a_case_manager(client, world):
    signed_in(client, world.admin)
    url = reverse("casework:member_active", args=[world.b.membership.pk])
    client.post(url)
    assert not Membership.objects.get(user=world.b).active
    client.post(url, {"active": "on"})
    assert Membership.objects.get(user=world.b).active


def test_an_agency_admin_cannot_deactivate_themselves(client, world):
    signed_in(client, world.admin)
    client.post(reverse("casework:member_active", args=[world.admin.membership.pk]))
    assert Membership.objects.get(user=world.admin).active


def test_an_agency_admin_turns_client_sharing_on_and_off(client, world):
    signed_in(client, world.admin)
    client.post(reverse("casework:sharing"), {"shares_clients": "on"})
    assert Agency.objects.get(pk=world.agency.pk).shares_clients
    client.post(reverse("casework:sharing"), {})
    assert not Agency.objects.get(pk=world.agency.pk).shares_clients


def test_signing_out_ends_the_session(client, world):
    signed_in(client, world.a)
    client.post(reverse("casework:logout"))
    assert client.get(reverse("casework:dashboard")).status_code == 302


def test_a_session_left_right_after_signing_in_ends_after_30_minutes(client, world):
    sign_in(client, "a@riverside.example")
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert client.get(reverse("casework:dashboard")).status_code == 302
