"""The authorization matrix: every workspace URL, by GET and by POST, as each of six people, with and without
agency sharing.

Nobody reads or changes another person's or agency's object by guessing its id: those answer 404, exactly
as an id that does not exist, and change nothing. A URL added to casework/urls.py without its rows here
fails test_the_matrix_covers_every_workspace_url_and_method."""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, reverse

from casework import urls as casework_urls
from casework.models import Agency, Client, Invitation, Membership, ReferralEvent, ShareLink, ShortlistItem
from casework.services import invitation_create

from .casework_helpers import ALIAS, NOTE, PASSWORD, World, make_world, signed_in
from .factories import ProgramFactory

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "a", "b", "c", "admin", "site_admin"]
METHODS = ["get", "post"]


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    # "object": one of A's objects (agency 1); "member": any case manager, before any object is looked up;
    # "admin": agency admins; "public": anyone, answers in `public`.
    kind: str
    ok: int  # the answer to the person allowed (405: the method is refused to everyone allowed in)
    args: Callable[[World], list] = lambda world: []
    data: Callable[[World], dict] = lambda world: {}
    public: dict = field(default_factory=dict)
    variant: str = ""  # tells apart two rows of one URL and method

    @property
    def id(self) -> str:
        return f"{self.method}-{self.name}" + (f"-{self.variant}" if self.variant else "")


def _invitation_token(world: World) -> str:
    return invitation_create(agency=world.agency, email="new@riverside.example", role="member", by=world.admin)[1]


def _client(w: World) -> list:
    return [w.client.pk]


def _item(w: World) -> list:
    return [w.item.pk]


def _share_link(w: World) -> list:
    return [w.client.share_links.get().pk]


def _everyone(status: int) -> dict:
    return dict.fromkeys(ACTORS, status)


NEW_PASSWORD = {"new_password1": "harbor lights at dusk 42", "new_password2": "harbor lights at dusk 42"}
ROUTES = [
    Route("dashboard", "get", "member", 200),
    Route("dashboard", "post", "member", 405),
    Route("client_new", "get", "member", 200),
    Route("client_new", "post", "member", 302, data=lambda w: {"alias": "N.B."}),
    Route("client", "get", "object", 200, args=_client),
    Route("client", "post", "member", 405, args=_client),
    Route("client_edit", "get", "object", 200, args=_client),
    Route("client_edit", "post", "object", 302, args=_client, data=lambda w: {"alias": "X.Y."}),
    Route("client_delete", "get", "member", 405, args=_client),
    Route("client_delete", "post", "object", 302, args=_client),
    Route("print", "get", "object", 200, args=_client),
    Route("print", "post", "member", 405, args=_client),
    Route("csv", "get", "object", 200, args=_client),
    Route("csv", "post", "member", 405, args=_client),
    Route("share_create", "get", "member", 405, args=_client),
    Route("share_create", "post", "object", 200, args=_client, data=lambda w: {"days": "7"}),
    Route("share_revoke", "get", "member", 405, args=_share_link),
    Route("share_revoke", "post", "object", 302, args=_share_link),
    Route("shortlist_add", "get", "member", 405),
    Route(
        "shortlist_add",
        "post",
        "object",
        302,
        data=lambda w: {"client": str(w.client.pk), "program": ProgramFactory().pk},
    ),
    Route("item_note", "get", "member", 405, args=_item),
    Route("item_note", "post", "object", 302, args=_item, data=lambda w: {f"n-{w.item.pk}-note": "x"}),
    Route("item_move", "get", "member", 405, args=_item),
    Route("item_move", "post", "object", 302, args=_item, data=lambda w: {"offset": "1"}),
    Route("item_remove", "get", "member", 405, args=_item),
    Route("item_remove", "post", "object", 302, args=_item),
    Route("item_referral", "get", "member", 405, args=_item),
    Route(
        "item_referral",
        "post",
        "object",
        302,
        args=_item,
        data=lambda w: {f"r-{w.item.pk}-status": "contacted", f"r-{w.item.pk}-on": "2026-01-05"},
    ),
    Route("agency", "get", "admin", 200),
    Route("agency", "post", "admin", 405),
    Route("invite", "get", "admin", 405),
    Route("invite", "post", "admin", 200, data=lambda w: {"email": "d@riverside.example", "role": "member"}),
    Route("sharing", "get", "admin", 405),
    Route("sharing", "post", "admin", 302, data=lambda w: {"shares_clients": "on"}),
    Route("member_active", "get", "admin", 405, args=lambda w: [w.b.membership.pk]),
    Route("member_active", "post", "admin", 302, args=lambda w: [w.b.membership.pk]),
    # The agency admin guesses the id of another agency's case manager.
    Route("member_active", "post", "admin", 404, args=lambda w: [w.c.membership.pk], variant="other-agency"),
    Route("shared", "get", "public", 200, args=lambda w: [w.share_token], public=_everyone(200)),
    Route("shared", "post", "public", 405, args=lambda w: [w.share_token], public=_everyone(405)),
    Route("join", "get", "public", 200, args=lambda w: [_invitation_token(w)], public=_everyone(200)),
    Route(
        "join",
        "post",
        "public",
        302,
        args=lambda w: [_invitation_token(w)],
        data=lambda w: NEW_PASSWORD,
        public=_everyone(302),
    ),
    Route("login", "get", "public", 200, public={**_everyone(302), "anonymous": 200}),
    Route(
        "login",
        "post",
        "public",
        302,
        data=lambda w: {"username": "a@riverside.example", "password": PASSWORD},
        public=_everyone(302),
    ),
    Route("logout", "get", "public", 405, public=_everyone(405)),
    Route("logout", "post", "public", 302, public=_everyone(302)),
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
    """Everything a refused request must leave as it was."""
    return (
        list(Client.objects.order_by("pk").values_list("pk", "alias", "owner", "coverage_kind")),
        list(ShortlistItem.objects.order_by("pk").values_list("pk", "note", "status", "position")),
        ReferralEvent.objects.count(),
        list(ShareLink.objects.order_by("pk").values_list("pk", "revoked_at")),
        list(Membership.objects.order_by("pk").values_list("pk", "active", "role")),
        list(Agency.objects.order_by("pk").values_list("pk", "shares_clients")),
        Invitation.objects.count(),
    )


def test_the_matrix_covers_every_workspace_url_and_method():
    names = [pattern.name for pattern in casework_urls.urlpatterns if isinstance(pattern, URLPattern)]
    assert len(names) == len(casework_urls.urlpatterns), "a nested include: list its URLs here too"
    rows = {(route.name, route.method) for route in ROUTES}
    missing = [f"{method.upper()} {name}" for name in names for method in METHODS if (name, method) not in rows]
    assert not missing, f"URLs without rows in the matrix: {missing}"
    assert len({route.id for route in ROUTES}) == len(ROUTES)


@pytest.mark.parametrize("shares", [False, True], ids=["private", "agency-shares"])
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
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
    if route.kind != "public" and (want in {403, 404, 405} or actor == "anonymous"):
        assert snapshot() == before, f"{actor} changed something through {route.method.upper()} {url}"
        body = response.content.decode()
        assert ALIAS not in body and NOTE not in body, f"{actor} read client data through {url}"


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
