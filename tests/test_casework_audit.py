"""Every read and write of client data leaves an audit entry: who, what, which object, when. Entries hold
ids only, never the alias or a note. Each action of AuditEntry.Action has its case here."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEntry, Client, Invitation, Membership, ShareLink, ShortlistItem
from casework.services import invitation_create

from .casework_helpers import ALIAS, NOTE, World, make_world, signed_in
from .factories import ProgramFactory

pytestmark = pytest.mark.django_db
Action = AuditEntry.Action
JOINER = "f@riverside.example"
NEW_PASSWORD = "harbor lights at dusk 42"


def _share_link(w: World) -> ShareLink:
    return ShareLink.objects.filter(client=w.client).earliest("created_at")


def _join_token(w: World) -> str:
    return invitation_create(agency=w.agency, email=JOINER, role="member", by=w.admin)[1]


def _added(w: World) -> ShortlistItem:
    return ShortlistItem.objects.exclude(pk=w.item.pk).get()


def _deactivate_b(w: World) -> None:
    Membership.objects.filter(user=w.b).update(active=False)


@dataclass(frozen=True)
class Case:
    action: str
    actor: str
    method: str
    name: str
    # The object the entry must name, found after the request (None: the entry names no object).
    target: Callable[[World], object]
    args: Callable[[World], list] = lambda w: []
    data: Callable[[World], dict] = lambda w: {}
    prepare: Callable[[World], None] = lambda w: None
    who: Callable[[World], object] | None = None  # who the entry names, if not the actor


def _client(w: World) -> list:
    return [w.client.pk]


def _item(w: World) -> list:
    return [w.item.pk]


CASES = [
    Case(Action.CLIENT_LIST, "a", "get", "dashboard", lambda w: None),
    Case(Action.REFERRAL_LIST, "a", "get", "dashboard", lambda w: None),
    Case(Action.CLIENT_CREATE, "a", "post", "client_new", lambda w: Client.objects.get(alias="N.B."),
         data=lambda w: {"alias": "N.B."}),
    Case(Action.CLIENT_VIEW, "a", "get", "client", lambda w: w.client, args=_client),
    Case(Action.CLIENT_UPDATE, "a", "post", "client_edit", lambda w: w.client, args=_client,
         data=lambda w: {"alias": "Q.Q."}),
    Case(Action.CLIENT_DELETE, "a", "post", "client_delete", lambda w: w.client, args=_client),
    Case(Action.SHORTLIST_ADD, "a", "post", "shortlist_add", _added,
         data=lambda w: {"client": str(w.client.pk), "program": ProgramFactory().pk}),
    Case(Action.SHORTLIST_NOTE, "a", "post", "item_note", lambda w: w.item, args=_item,
         data=lambda w: {f"n-{w.item.pk}-note": "x"}),
    Case(Action.SHORTLIST_MOVE, "a", "post", "item_move", lambda w: w.item, args=_item, data=lambda w: {"offset": "1"}),
    Case(Action.SHORTLIST_REMOVE, "a", "post", "item_remove", lambda w: w.item, args=_item),
    Case(Action.REFERRAL_UPDATE, "a", "post", "item_referral", lambda w: w.item, args=_item,
         data=lambda w: {f"r-{w.item.pk}-status": "contacted", f"r-{w.item.pk}-on": "2026-02-01"}),
    Case(Action.SHORTLIST_PRINT, "a", "get", "print", lambda w: w.client, args=_client),
    Case(Action.SHORTLIST_EXPORT, "a", "get", "csv", lambda w: w.client, args=_client),
    Case(Action.SHARE_CREATE, "a", "post", "share_create", lambda w: ShareLink.objects.latest("created_at"),
         args=_client, data=lambda w: {"days": "5"}),
    Case(Action.SHARE_REVOKE, "a", "post", "share_revoke", _share_link, args=lambda w: [_share_link(w).pk]),
    Case(Action.SHARE_VIEW, "anonymous", "get", "shared", _share_link, args=lambda w: [w.share_token]),
    Case(Action.MEMBER_INVITE, "admin", "post", "invite", lambda w: Invitation.objects.get(email="e@riverside.example"),
         data=lambda w: {"email": "e@riverside.example", "role": "member"}),
    Case(Action.MEMBER_JOIN, "anonymous", "post", "join", lambda w: Membership.objects.get(user__username=JOINER),
         args=lambda w: [_join_token(w)], data=lambda w: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
         who=lambda w: Membership.objects.get(user__username=JOINER).user),
    Case(Action.MEMBER_DEACTIVATE, "admin", "post", "member_active", lambda w: w.b.membership,
         args=lambda w: [w.b.membership.pk]),
    Case(Action.MEMBER_REACTIVATE, "admin", "post", "member_active", lambda w: w.b.membership,
         args=lambda w: [w.b.membership.pk], data=lambda w: {"active": "on"}, prepare=_deactivate_b),
    Case(Action.AGENCY_UPDATE, "admin", "post", "sharing", lambda w: w.agency, data=lambda w: {"shares_clients": "on"}),
]  # fmt: skip


def test_every_audit_action_has_a_case():
    assert {case.action for case in CASES} == set(Action.values)


@pytest.mark.parametrize("case", CASES, ids=[f"{case.action.value}-{case.name}" for case in CASES])
def test_each_action_writes_an_audit_entry(client, case):
    world = make_world()
    case.prepare(world)
    signed_in(client, world.actor(case.actor))
    url = reverse(f"casework:{case.name}", args=case.args(world))
    data = case.data(world)
    moment = timezone.now() + timedelta(days=1)

    with time_machine.travel(moment, tick=False):
        response = getattr(client, case.method)(url, data)

    assert response.status_code in {200, 302}
    entry = AuditEntry.objects.get(action=case.action)
    obj = case.target(world)
    assert entry.user == (case.who(world) if case.who else world.actor(case.actor))
    assert entry.agency == world.agency
    assert (entry.object_type, entry.object_id) == (
        (obj._meta.label_lower, str(obj.pk)) if obj is not None else ("", "")
    )
    assert entry.at == moment


def test_the_client_list_on_public_pages_is_audited_only_when_shown(client):
    world = make_world()
    signed_in(client, world.a)
    ProgramFactory()
    client.get(reverse("programs:match"))  # no program card: the client list is not loaded
    assert not AuditEntry.objects.filter(action=Action.CLIENT_LIST).exists()
    client.get(reverse("programs:search"))
    assert AuditEntry.objects.filter(action=Action.CLIENT_LIST, user=world.a).count() == 1


def test_denied_requests_read_nothing_and_are_not_audited_as_reads(client):
    world = make_world()
    signed_in(client, world.c)
    client.get(reverse("casework:client", args=[world.client.pk]))
    assert not AuditEntry.objects.filter(action=Action.CLIENT_VIEW).exists()


def test_audit_entries_never_hold_the_alias_or_a_note(client):
    world = make_world()
    signed_in(client, world.a)
    client.get(reverse("casework:client", args=[world.client.pk]))
    client.get(reverse("casework:print", args=[world.client.pk]) + "?notes=1")
    rows = [str(values) for values in AuditEntry.objects.values()]
    assert rows
    assert not [row for row in rows if ALIAS in row or NOTE in row]
