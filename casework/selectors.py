"""Reads of the workspace. Authorization lives here: every view looks objects up through the `*_visible_to`
selectors, so another person's or agency's object is simply not found (404), whatever its id."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from programs.models import Program
from programs.selectors import with_card_data

from .models import (
    OPEN_STATUSES,
    AuditEntry,
    Client,
    Invitation,
    Membership,
    ShareLink,
    ShortlistItem,
    hash_token,
)

RECENT_ACTIVITY = 50


def membership_of(user) -> Membership | None:
    """The user's active membership of an agency, or None (anonymous, never invited, or deactivated)."""
    if not user.is_authenticated:
        return None
    try:
        membership = user.membership  # cached on the user object: one query per request
    except Membership.DoesNotExist:
        return None
    return membership if membership.active else None


def clients_visible_to(user) -> QuerySet[Client]:
    """The clients a person may read and change: their own, plus their agency's when the agency shares."""
    membership = membership_of(user)
    if membership is None:
        return Client.objects.none()
    return Client.objects.filter(agency_id=membership.agency_id).filter(Q(owner=user) | Q(agency__shares_clients=True))


def items_visible_to(user) -> QuerySet[ShortlistItem]:
    """Shortlist items of the clients the person may see."""
    return ShortlistItem.objects.filter(client__in=clients_visible_to(user))


def share_links_visible_to(user) -> QuerySet[ShareLink]:
    """Share links of the clients the person may see."""
    return ShareLink.objects.filter(client__in=clients_visible_to(user))


def client_list(*, user) -> QuerySet[Client]:
    """The dashboard's clients, most recently worked on first, with their owner's name."""
    return clients_visible_to(user).select_related("owner")


def shortlist(*, client: Client) -> list[ShortlistItem]:
    """A client's shortlist in order, each program with what the hand-off shows (contact, schedule, cost,
    coverage, questions to ask) and the referral's history, in a fixed number of queries."""
    programs = with_card_data(Program.objects.all()).prefetch_related("therapies", "phones")
    return list(
        client.items.prefetch_related(Prefetch("program", queryset=programs), "events").order_by("position", "added_at")
    )


def open_referrals(*, user) -> QuerySet[ShortlistItem]:
    """Referrals still in progress across the person's own clients, the longest untouched first."""
    return (
        items_visible_to(user)
        .filter(client__owner=user, status__in=OPEN_STATUSES)
        .select_related("client", "program", "program__location")
        .order_by("status_changed_at")
    )


def share_link_by_token(token: str) -> ShareLink | None:
    """The share link a token opens (usable or not), or None for a token that was never issued."""
    return ShareLink.objects.select_related("client__coverage_plan").filter(token_hash=hash_token(token)).first()


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation a token opens (usable or not), or None."""
    return Invitation.objects.select_related("agency").filter(token_hash=hash_token(token)).first()


def agency_members(*, membership: Membership) -> QuerySet[Membership]:
    """Everyone in the admin's agency, active or not."""
    return Membership.objects.filter(agency_id=membership.agency_id).select_related("user")


def pending_invitations(*, membership: Membership) -> QuerySet[Invitation]:
    """The agency's invitations neither accepted nor expired."""
    return Invitation.objects.filter(
        agency_id=membership.agency_id, accepted_at__isnull=True, expires_at__gt=timezone.now()
    )


def recent_activity(*, membership: Membership) -> QuerySet[AuditEntry]:
    """The agency's latest audit entries, for its admin."""
    return AuditEntry.objects.filter(agency_id=membership.agency_id).select_related("user")[:RECENT_ACTIVITY]
