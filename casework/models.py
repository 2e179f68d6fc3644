"""Agencies and their case managers, the clients they shortlist programs for, referrals, share links and
the audit log. Private by default: a case manager sees only their own clients (see selectors)."""

import hashlib
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from insurance.coverage import KIND_CHOICES, Coverage, Kind
from insurance.models import InsurancePlan
from programs.geo import STATE_CHOICES
from programs.models import Program


def new_token() -> tuple[str, str]:
    """A random URL token and the hash of it that is stored: the database never holds a usable token."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Agency(models.Model):
    name = models.CharField(max_length=200, unique=True)
    shares_clients = models.BooleanField(
        default=False, help_text="Case managers of the agency see and work on each other's clients"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A case manager's place in an agency; only active memberships open the workspace."""

    class Role(models.TextChoices):
        MEMBER = "member", "Case manager"
        ADMIN = "admin", "Agency admin"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.agency})"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN


def _invitation_expiry():
    return timezone.now() + timedelta(days=settings.CASEWORK_INVITATION_DAYS)


class Invitation(models.Model):
    """A one-time link an agency admin hands to a new case manager, who sets a password with it."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.agency}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class Client(models.Model):
    """Someone a case manager shortlists programs for, known only by an alias the case manager chooses.

    The random id keeps anything about the client out of URLs."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="clients")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="casework_clients")
    alias = models.CharField(
        max_length=40,
        help_text="Initials or a nickname you will recognise, such as “J.S.” or “JS-Tue”. Not a full name.",
    )
    coverage_kind = models.CharField("coverage", max_length=10, choices=KIND_CHOICES, blank=True)
    coverage_state = models.CharField("Medicaid state", max_length=2, choices=STATE_CHOICES, blank=True)
    coverage_plan = models.ForeignKey(InsurancePlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The workspace lists the most recently worked-on clients first.
        ordering = ["-updated_at"]
        indexes = [
            # clients_visible_to: an agency's clients, or one owner's, newest activity first.
            models.Index(fields=["agency", "owner", "-updated_at"], name="client_agency_owner_recent"),
        ]

    def __str__(self) -> str:
        # Never the alias: str() ends up in logs, admin history and error reports.
        return f"Client {self.pk}"

    @property
    def coverage(self) -> Coverage | None:
        """The client's coverage for insurance.coverage (needs coverage_plan selected)."""
        if not self.coverage_kind:
            return None
        plan = self.coverage_plan if self.coverage_kind == Kind.PRIVATE else None
        return Coverage(
            kind=self.coverage_kind,
            state=self.coverage_state if self.coverage_kind == Kind.MEDICAID else "",
            plan=plan.slug if plan else "",
            plan_name=plan.name if plan else "",
        )


class ReferralStatus(models.TextChoices):
    TO_CONTACT = "to_contact", "To contact"
    CONTACTED = "contacted", "Contacted"
    WAITLISTED = "waitlisted", "Waitlisted"
    INTAKE_SCHEDULED = "intake_scheduled", "Intake scheduled"
    ADMITTED = "admitted", "Admitted"
    DECLINED = "declined", "Declined"
    NOT_A_FIT = "not_a_fit", "Not a fit"


OPEN_STATUSES = [
    ReferralStatus.TO_CONTACT,
    ReferralStatus.CONTACTED,
    ReferralStatus.WAITLISTED,
    ReferralStatus.INTAKE_SCHEDULED,
]


class ShortlistItem(models.Model):
    """A program on a client's shortlist, with the case manager's private note and the referral's status."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="items")
    # PROTECT: a referral's history outlives a listing; listings are withdrawn, not deleted.
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True, max_length=2000, help_text="Private: never shown to the client")
    status = models.CharField(max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.TO_CONTACT)
    status_changed_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "added_at"]
        constraints = [
            models.UniqueConstraint(fields=["client", "program"], name="shortlist_item_once_per_client"),
        ]
        indexes = [
            # The dashboard's open referrals, oldest change first.
            models.Index(fields=["status", "status_changed_at"], name="shortlist_item_status"),
        ]

    def __str__(self) -> str:
        return f"Shortlist item {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ReferralEvent(models.Model):
    """One step of a referral's short history: the status it moved to, on which day, and by whom."""

    item = models.ForeignKey(ShortlistItem, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=ReferralStatus.choices)
    on = models.DateField(default=timezone.localdate, help_text="When it happened, e.g. the intake's date")
    note = models.CharField(max_length=200, blank=True, help_text="Private: never shown to the client")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.on}"


def _share_expiry():
    return timezone.now() + timedelta(days=settings.CASEWORK_SHARE_DAYS)


class ShareLinkQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ShareLink(models.Model):
    """A read-only link to a client's shortlist for the client. Only the token's hash is stored; the link
    shows programs, never notes, referral status or the alias."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="share_links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_share_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Share link {self.pk}"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class AuditEntry(models.Model):
    """Who did what to which object, and when. Holds ids only: never an alias or a note."""

    class Action(models.TextChoices):
        CLIENT_LIST = "client.list", "Listed clients"
        CLIENT_CREATE = "client.create", "Created a client"
        CLIENT_VIEW = "client.view", "Viewed a client's shortlist"
        CLIENT_UPDATE = "client.update", "Edited a client"
        CLIENT_DELETE = "client.delete", "Deleted a client"
        SHORTLIST_ADD = "shortlist.add", "Added a program to a shortlist"
        SHORTLIST_NOTE = "shortlist.note", "Edited a private note"
        SHORTLIST_MOVE = "shortlist.move", "Reordered a shortlist"
        SHORTLIST_REMOVE = "shortlist.remove", "Removed a program from a shortlist"
        REFERRAL_UPDATE = "referral.update", "Updated a referral"
        REFERRAL_LIST = "referral.list", "Listed open referrals"
        SHORTLIST_PRINT = "shortlist.print", "Printed a shortlist"
        SHORTLIST_EXPORT = "shortlist.export", "Exported a shortlist (CSV)"
        SHARE_CREATE = "share.create", "Created a share link"
        SHARE_REVOKE = "share.revoke", "Revoked a share link"
        SHARE_VIEW = "share.view", "A share link was opened"
        MEMBER_INVITE = "member.invite", "Invited a case manager"
        MEMBER_JOIN = "member.join", "Accepted an invitation"
        MEMBER_DEACTIVATE = "member.deactivate", "Deactivated a case manager"
        MEMBER_REACTIVATE = "member.reactivate", "Reactivated a case manager"
        AGENCY_UPDATE = "agency.update", "Changed the agency's sharing"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    agency = models.ForeignKey(Agency, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=30, choices=Action.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "audit entries"
        ordering = ["-at", "-id"]
        indexes = [
            # An agency's recent activity (agency page), and one object's trail.
            models.Index(fields=["agency", "-at"], name="audit_agency_recent"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.object_type} {self.object_id}"
