"""The authorization matrix: every workspace URL, as each of six people, with and without agency sharing.

Nobody reads or changes another person's or agency's object by guessing its id: those answer 404, exactly
as an id that does not exist, and change nothing."""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from casework.models import Agency, Client, Invitation, Membership, ReferralEvent, ShareLink, ShortlistItem
from casework.services import invitation_create

from .casework_helpers import World, make_world, signed_in
from .factories import ProgramFactory

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "a", "b", "c", "admin", "site_admin"]


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    # "object": one of A's objects; "member": any case manager; "admin": agency admins; "public": anyone.
    kind: str
    ok: int  # the answer to the person allowed
    args: Callable[[World], list] = lambda world: []
    data: Callable[[World], dict] = lambda world: {}
    public: dict = field(default_factory=dict)  # per-actor answers of a public route


def _invitation_token(world: World) -> str:
    return invitation_create(agency=world.agency, email="new@riverside.example", role="member", by=world.admin)[1]


ROUTES = [
    Route("dashboard", "get", "member", 200),
    Route("client_new", "get", "member", 200),
    Route("client_new", "post", "member", 302, data=lambda w: {"alias": "N.B."}),
    Route("client", "get", "object", 200, args=lambda w: [w.client.pk]),
    Route("client_edit", "get", "object", 200, args=lambda w: [w.client.pk]),
    Route("client_edit", "post", "object", 302, args=lambda w: [w.client.pk], data=lambda w: {"alias": "X.Y."}),
    Route("client_delete", "post", "object", 302, args=lambda w: [w.client.pk]),
    Route("print", "get", "object", 200, args=lambda w: [w.client.pk]),
    Route("csv", "get", "object", 200, args=lambda w: [w.client.pk]),
    Route("share_create", "post", "object", 200, args=lambda w: [w.client.pk], data=lambda w: {"days": "7"}),
    Route("share_revoke", "post", "object", 302, args=lambda w: [w.client.share_links.get().pk]),
    Route(
        "shortlist_add",
        "post",
        "object",
        302,
        data=lambda w: {"client": str(w.client.pk), "program": ProgramFactory().pk},
    ),
    Route("item_note", "post", "object", 302, args=lambda w: [w.item.pk], data=lambda w: {f"n-{w.item.pk}-note": "x"}),
    Route("item_move", "post", "object", 302, args=lambda w: [w.item.pk], data=lambda w: {"offset": "1"}),
    Route("item_remove", "post", "object", 302, args=lambda w: [w.item.pk]),
    Route(
        "item_referral",
        "post",
        "object",
        302,
        args=lambda w: [w.item.pk],
        data=lambda w: {f"r-{w.item.pk}-status": "contacted", f"r-{w.item.pk}-on": "2026-01-05"},
    ),
    Route("agency", "get", "admin", 200),
    Route("invite", "post", "admin", 200, data=lambda w: {"email": "d@riverside.example", "role": "member"}),
    Route("sharing", "post", "admin", 302, data=lambda w: {"shares_clients": "on"}),
    Route("member_active", "post", "admin", 302, args=lambda w: [w.b.membership.pk]),
    Route("shared", "get", "public", 200, args=lambda w: [w.share_token], public=dict.fromkeys(ACTORS, 200)),
    Route("join", "get", "public", 200, args=lambda w: [_invitation_token(w)], public=dict.fromkeys(ACTORS, 200)),
    Route("login", "get", "public", 200, public={**dict.fromkeys(ACTORS, 302), "anonymous": 200}),
    Route("logout", "post", "public", 302, public=dict.fromkeys(ACTORS, 302)),
]


def expected(route: Route, actor: str, shares: bool) -> int:
    if route.kind == "public":
        return route.public[actor]
    if actor == "anonymous":
        return 302  # to the sign-in page
    if actor == "site_admin":
        return 403  # runs the site, is no agency's case manager: never sees client data
    if route.kind == "member":
        return route.ok
    if route.kind == "admin":
        return route.ok if actor == "admin" else 403
    if actor == "a" or (shares and actor in {"b", "admin"}):
        return route.ok
    return 404


def snapshot() -> tuple:
    """Everything a forbidden request must leave as it was."""
    return (
        list(Client.objects.order_by("pk").values_list("pk", "alias", "owner")),
        list(ShortlistItem.objects.order_by("pk").values_list("pk", "note", "status", "position")),
        ReferralEvent.objects.count(),
        list(ShareLink.objects.order_by("pk").values_list("pk", "revoked_at")),
        list(Membership.objects.order_by("pk").values_list("pk", "active")),
        list(Agency.objects.order_by("pk").values_list("pk", "shares_clients")),
        Invitation.objects.count(),
    )


@pytest.mark.parametrize("shares", [False, True], ids=["private", "agency-shares"])
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method}-{r.name}")
def test_workspace_authorization_matrix(client, route, actor, shares):
    world = make_world(shares=shares)
    url = reverse(f"casework:{route.name}", args=route.args(world))
    data = route.data(world)
    before = snapshot()
    signed_in(client, world.actor(actor))

    response = getattr(client, route.method)(url, data)

    want = expected(route, actor, shares)
    assert response.status_code == want, f"{actor} {route.method.upper()} {url}"
    if want == 302 and actor == "anonymous" and route.kind != "public":
        assert response["Location"].startswith(reverse("casework:login"))
    denied = want in {403, 404} or (want == 302 and actor == "anonymous")
    if route.method == "post" and route.kind != "public" and denied:
        assert snapshot() == before, f"{actor} changed something through {url}"


@pytest.mark.parametrize("actor", ["b", "c", "admin"])
def test_an_id_of_someone_elses_client_answers_like_an_id_that_does_not_exist(client, actor):
    world = make_world()
    signed_in(client, world.actor(actor))
    theirs = client.get(reverse("casework:client", args=[world.client.pk]))
    made_up = client.get(reverse("casework:client", args=["00000000-0000-4000-8000-000000000000"]))
    assert theirs.status_code == made_up.status_code == 404
    assert "Zq-7" not in theirs.text


def test_an_agency_admin_cannot_deactivate_members_of_another_agency(client):
    world = make_world()
    other_admin = world.c
    other_admin.membership.role = Membership.Role.ADMIN
    other_admin.membership.save()
    signed_in(client, other_admin)
    response = client.post(reverse("casework:member_active", args=[world.b.membership.pk]))
    assert response.status_code == 404
    assert Membership.objects.get(user=world.b).active


def test_a_deactivated_case_manager_loses_the_workspace_at_once(client):
    world = make_world()
    signed_in(client, world.a)
    world.a.membership.active = False
    world.a.membership.save()
    assert client.get(reverse("casework:dashboard")).status_code == 403
    assert client.get(reverse("casework:client", args=[world.client.pk])).status_code == 403


def test_the_django_admin_does_not_show_clients_or_notes(client):
    world = make_world()
    signed_in(client, world.site_admin)
    assert client.get("/admin/casework/client/").status_code == 404
    assert client.get("/admin/casework/shortlistitem/").status_code == 404
    assert client.get("/admin/casework/auditentry/").status_code == 200
