"""Site admins manage agencies and memberships and read the audit log here. Clients, shortlists, notes and
share links are deliberately not registered: client data is seen only in the workspace, by its case
managers."""

from django.contrib import admin

from .models import Agency, AuditEntry, Invitation, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "active"]
    raw_id_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "shares_clients", "created_at"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role", "active", "created_at"]
    list_filter = ["role", "active", "agency"]
    search_fields = ["user__username", "user__email", "agency__name"]
    raw_id_fields = ["user"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are made by agency admins in the workspace or with `manage.py invitemember`: the token
    exists only in the link shown once, so it cannot be made or shown here."""

    list_display = ["email", "agency", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["agency"]
    fields = ["agency", "email", "role", "invited_by", "created_at", "expires_at", "accepted_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "agency", "action", "object_type", "object_id"]
    list_filter = ["action", "agency"]
    search_fields = ["object_id", "user__username"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
