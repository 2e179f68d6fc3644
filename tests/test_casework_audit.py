"""Every read and write of client data leaves an audit entry: who, what, which object, when. Entries hold
ids only, never the alias or a note."""

import pytest
from django.urls import reverse

from casework.models import AuditEntry, ShareLink
from casework.services import invitation_create

from .casework_helpers import ALIAS, make_world, signed_in
from .factories import ProgramFactory

pytestmark = pytest.mark.django_db
Action = AuditEntry.Action


def _share_link(world):
    return ShareLink.objects.get(client=world.client)


# (action, who, method, url name, url args, data, the object the entry names)
CASES = [
    (Action.CLIENT_LIST, "a", "get", "dashboard", lambda w: [], lambda w: {}, lambda w: None),
    (Action.REFERRAL_LIST, "a", "get", "dashboard", lambda w: [], lambda w: {}, lambda w: None),
    (Action.CLIENT_VIEW, "a", "get", "client", lambda w: [w.client.pk], lambda w: {}, lambda w: w.client),
    (Action.CLIENT_VIEW, "a", "get", "client_edit", lambda w: [w.client.pk], lambda w: {}, lambda w: w.client),
    (Action.CLIENT_UPDATE, "a", "post", "client_edit", lambda w: [w.client.pk], lambda w: {"alias": "Q.Q."},
     lambda w: w.client),
    (Action.CLIENT_DELETE, "a", "post", "client_delete", lambda w: [w.client.pk], lambda w: {}, lambda w: w.client),
    (Action.SHORTLIST_NOTE, "a", "post", "item_note", lambda w: [w.item.pk], lambda w: {f"n-{w.item.pk}-note": "x"},
     lambda w: w.item),
    (Action.SHORTLIST_MOVE, "a", "post", "item_move", lambda w: [w.item.pk], lambda w: {"offset": "1"},
     lambda w: w.item),
    (Action.SHORTLIST_REMOVE, "a", "post", "item_remove", lambda w: [w.item.pk], lambda w: {}, lambda w: w.item),
    (Action.REFERRAL_UPDATE, "a", "post", "item_referral", lambda w: [w.item.pk],
     lambda w: {f"r-{w.item.pk}-status": "contacted", f"r-{w.item.pk}-on": "2026-02-01"}, lambda w: w.item),
    (Action.SHORTLIST_PRINT, "a", "get", "print", lambda w: [w.client.pk], lambda w: {}, lambda w: w.client),
    (Action.SHORTLIST_EXPORT, "a", "get", "csv", lambda w: [w.client.pk], lambda w: {}, lambda w: w.client),
    (Action.SHARE_REVOKE, "a", "post", "share_revoke", lambda w: [_share_link(w).pk], lambda w: {}, _share_link),
    (Action.SHARE_VIEW, "anonymous", "get", "shared", lambda w: [w.share_token], lambda w: {}, _share_link),
    (Action.MEMBER_DEACTIVATE, "admin", "post", "member_active", lambda w: [w.b.membership.pk], lambda w: {},
     lambda w: w.b.membership),
    (Action.AGENCY_UPDATE, "admin", "post", "sharing", lambda w: [], lambda w: {"shares_clients": "on"},
     lambda w: w.agency),
]  # fmt: skip


@pytest.mark.parametrize(("action", "actor", "method", "name", "args", "data", "target"), CASES,
                         ids=[f"{case[0].value}-{case[3]}" for case in CASES])  # fmt: skip
def test_each_action_writes_an_audit_entry(client, action, actor, method, name, args, data, target):
    world = make_world()
    signed_in(client, world.actor(actor))
    obj = target(world)

    response = getattr(client, method)(reverse(f"casework:{name}", args=args(world)), data(world))

    assert response.status_code in {200, 302}
    entry = AuditEntry.objects.get(action=action)
    assert entry.user == world.actor(actor)
    assert entry.agency == world.agency
    assert (entry.object_type, entry.object_id) == (
        (obj._meta.label_lower, str(obj.pk)) if obj is not None else ("", "")
    )


def test_creating_a_client_and_adding_a_program_are_audited(client):
    world = make_world()
    signed_in(client, world.b)
    client.post(reverse("casework:client_new"), {"alias": "K.L."})
    created = AuditEntry.objects.get(action=Action.CLIENT_CREATE)
    client.post(reverse("casework:shortlist_add"), {"client": created.object_id, "program": ProgramFactory().pk})
    added = AuditEntry.objects.get(action=Action.SHORTLIST_ADD)
    assert (created.user, added.user) == (world.b, world.b)
    assert added.object_type == "casework.shortlistitem"


def test_creating_a_share_link_and_inviting_are_audited(client):
    world = make_world()
    signed_in(client, world.a)
    client.post(reverse("casework:share_create", args=[world.client.pk]), {"days": "5"})
    client.force_login(world.admin)
    client.post(reverse("casework:invite"), {"email": "e@riverside.example", "role": "member"})
    assert AuditEntry.objects.get(action=Action.SHARE_CREATE).user == world.a
    assert AuditEntry.objects.get(action=Action.MEMBER_INVITE).user == world.admin


def test_joining_by_invitation_is_audited(client):
    world = make_world()
    _, token = invitation_create(agency=world.agency, email="f@riverside.example", role="member", by=world.admin)
    password = "harbor lights at dusk 42"
    client.post(reverse("casework:join", args=[token]), {"new_password1": password, "new_password2": password})
    joined = AuditEntry.objects.get(action=Action.MEMBER_JOIN)
    assert joined.user.username == "f@riverside.example"
    assert joined.agency == world.agency


def test_reactivating_a_case_manager_is_audited(client):
    world = make_world()
    world.b.membership.active = False
    world.b.membership.save()
    signed_in(client, world.admin)
    client.post(reverse("casework:member_active", args=[world.b.membership.pk]), {"active": "on"})
    assert AuditEntry.objects.get(action=Action.MEMBER_REACTIVATE).object_id == str(world.b.membership.pk)


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
    assert not [row for row in rows if ALIAS in row or "evening groups" in row]
