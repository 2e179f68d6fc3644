"""Agencies, case managers and clients for the workspace tests."""

from dataclasses import dataclass
from functools import cache

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from casework.models import Agency, Client, Membership, ShortlistItem
from casework.services import share_create

from .factories import ProgramFactory

PASSWORD = "a long passphrase for tests"
ALIAS = "Zq-7 Tuesday"  # unusual enough that finding it anywhere means it leaked
NOTE = "Private: prefers evening groups"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Agency {n}")


@cache
def password_hash() -> str:
    """PASSWORD hashed once: hashing it for every user would make the matrix take minutes."""
    return make_password(PASSWORD)


def user(username: str, **fields):
    return get_user_model().objects.create(username=username, email=username, password=password_hash(), **fields)


def case_manager(username: str, agency: Agency, *, role: str = Membership.Role.MEMBER, active: bool = True):
    member = user(username)
    Membership.objects.create(user=member, agency=agency, role=role, active=active)
    return member


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    alias = factory.Sequence(lambda n: f"C-{n}")
    owner = None
    agency = factory.LazyAttribute(lambda o: o.owner.membership.agency)


class ShortlistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShortlistItem

    client = factory.SubFactory(ClientFactory)
    program = factory.SubFactory(ProgramFactory)
    position = factory.Sequence(lambda n: n)


@dataclass
class World:
    """Agency 1 (A, B and their admin), agency 2 (C), a site admin, and A's client with a shortlisted
    program, a private note and a share link."""

    agency: Agency
    other_agency: Agency
    a: object
    b: object
    c: object
    admin: object
    site_admin: object
    client: Client
    item: ShortlistItem
    share_token: str

    def actor(self, name: str):
        return None if name == "anonymous" else getattr(self, name)


def make_world(*, shares: bool = False) -> World:
    agency = AgencyFactory(name="Riverside Services", shares_clients=shares)
    other_agency = AgencyFactory(name="Hillside Clinic")
    a = case_manager("a@riverside.example", agency)
    b = case_manager("b@riverside.example", agency)
    admin = case_manager("admin@riverside.example", agency, role=Membership.Role.ADMIN)
    c = case_manager("c@hillside.example", other_agency)
    site_admin = user("site@iopfinder.example", is_staff=True, is_superuser=True)
    client = ClientFactory(owner=a, alias=ALIAS)
    item = ShortlistItemFactory(client=client, note=NOTE)
    _, token = share_create(client=client, by=a, days=14)
    return World(agency, other_agency, a, b, c, admin, site_admin, client, item, token)


def signed_in(client, user):
    """The test client signed in as `user` (None: anonymous)."""
    if user is not None:
        client.force_login(user)
    return client
