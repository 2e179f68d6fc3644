"""Writes of the workspace, and the audit log every view writes to."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from programs.models import Program

from .models import (
    Agency,
    AuditEntry,
    Client,
    Invitation,
    Membership,
    ReferralEvent,
    ShareLink,
    ShortlistItem,
    new_token,
)
from .selectors import membership_of


def audit(user, action: str, obj=None) -> AuditEntry:
    """Record that `user` (None: someone holding a share link) did `action` to `obj`: ids only, never an
    alias or a note."""
    agency_id = _agency_id_of(obj)
    if agency_id is None and user is not None:
        membership = membership_of(user)
        agency_id = membership.agency_id if membership else None
    return AuditEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        agency_id=agency_id,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
    )


def _agency_id_of(obj) -> int | None:
    """The agency whose data `obj` is."""
    if obj is None:
        return None
    if isinstance(obj, Agency):
        return obj.pk
    if hasattr(obj, "agency_id"):
        return obj.agency_id
    client = getattr(obj, "client", None)
    return client.agency_id if client is not None else None


def client_save(*, client: Client) -> Client:
    """Save a new or edited client (agency and owner set by the caller)."""
    if client.coverage_kind != "medicaid":
        client.coverage_state = ""
    if client.coverage_kind != "private":
        client.coverage_plan = None
    client.save()
    return client


def shortlist_add(*, client: Client, program: Program, by) -> tuple[ShortlistItem, bool]:
    """Put a program at the end of a client's shortlist; (item, False) if it is already on it."""
    with transaction.atomic():
        existing = client.items.filter(program=program).first()
        if existing:
            return existing, False
        last = client.items.aggregate(last=Max("position"))["last"]
        item = ShortlistItem.objects.create(
            client=client, program=program, position=0 if last is None else last + 1, added_by=by
        )
        client.save(update_fields=["updated_at"])
    return item, True


def shortlist_move(*, item: ShortlistItem, offset: int) -> None:
    """Move an item up (-1) or down (+1) its client's shortlist; the ends stay put."""
    with transaction.atomic():
        items = list(item.client.items.select_for_update().order_by("position", "added_at"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        target = min(max(index + offset, 0), len(items) - 1)
        items.insert(target, items.pop(index))
        for position, other in enumerate(items):
            other.position = position
        ShortlistItem.objects.bulk_update(items, ["position"])


def referral_update(*, item: ShortlistItem, status: str, on: date, note: str, by) -> ReferralEvent:
    """Move a referral to `status` and add the step to its history."""
    with transaction.atomic():
        event = ReferralEvent.objects.create(item=item, status=status, on=on, note=note, by=by)
        item.status = status
        item.status_changed_at = timezone.now()
        item.save(update_fields=["status", "status_changed_at"])
        item.client.save(update_fields=["updated_at"])
    return event


def share_create(*, client: Client, by, days: int) -> tuple[ShareLink, str]:
    """A new read-only link to the client's shortlist; returns the link and its token, which is shown
    once (only its hash is stored)."""
    token, token_hash = new_token()
    link = ShareLink.objects.create(
        client=client, token_hash=token_hash, created_by=by, expires_at=timezone.now() + timedelta(days=days)
    )
    return link, token


def share_revoke(*, link: ShareLink) -> None:
    """Stop a share link from opening the shortlist; revoking twice keeps the first time."""
    ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def invitation_create(*, agency: Agency, email: str, role: str, by) -> tuple[Invitation, str]:
    """A one-time invitation link for `email`; earlier pending invitations of that email to the agency
    stop working. Returns the invitation and its token, shown once."""
    token, token_hash = new_token()
    with transaction.atomic():
        Invitation.objects.filter(agency=agency, email__iexact=email, accepted_at__isnull=True).update(
            expires_at=timezone.now()
        )
        invitation = Invitation.objects.create(
            agency=agency, email=email, role=role, token_hash=token_hash, invited_by=by
        )
    return invitation, token


def invitation_accept(*, invitation: Invitation, password: str):
    """Create the invitee's account with their password and their membership; the invitation is used up.
    Returns the new user."""
    with transaction.atomic():
        used = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(accepted_at=timezone.now())
        if not used:
            raise ValueError("This invitation was already used.")
        user = get_user_model().objects.create_user(
            username=invitation.email.lower(), email=invitation.email, password=password
        )
        Membership.objects.create(user=user, agency=invitation.agency, role=invitation.role)
    return user


def member_set_active(*, membership: Membership, active: bool) -> None:
    """Deactivate (or reactivate) a case manager: inactive members no longer open the workspace."""
    membership.active = active
    membership.save(update_fields=["active"])


def agency_set_sharing(*, agency: Agency, shares_clients: bool) -> None:
    """Let the agency's case managers see and work on each other's clients, or stop it."""
    agency.shares_clients = shares_clients
    agency.save(update_fields=["shares_clients"])
