from django.contrib import admin

from iopfinder.admin_a11y import LabelledTabularInline

from .models import Cost, InsurancePlan, MedicaidState, Payer, PaymentKind, PaymentOption, PlanAcceptance


@admin.register(PaymentKind)
class PaymentKindAdmin(admin.ModelAdmin):
    list_display = ["slug", "label", "label_es", "sort_order"]
    search_fields = ["slug", "label"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj else []


class InsurancePlanInline(LabelledTabularInline):
    model = InsurancePlan
    extra = 0
    fields = ["slug", "name", "state", "is_managed_care"]


@admin.register(Payer)
class PayerAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "state"]
    list_filter = ["kind", "state"]
    search_fields = ["name", "slug"]
    inlines = [InsurancePlanInline]


@admin.register(InsurancePlan)
class InsurancePlanAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "payer", "state", "is_managed_care"]
    list_filter = ["payer__kind", "is_managed_care", "state"]
    search_fields = ["name", "slug", "payer__name"]
    list_select_related = ["payer"]


class ListingFactAdmin(admin.ModelAdmin):
    """One listing's fact, read-only here: it is edited on the listing's page, where the edit is locked
    against feed refreshes and recorded in the listing's history."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PlanAcceptance)
class PlanAcceptanceAdmin(ListingFactAdmin):
    list_display = ["program", "plan", "recorded_at"]
    list_filter = ["plan__payer__kind"]
    search_fields = ["program__name", "plan__name"]
    autocomplete_fields = ["program", "plan"]
    list_select_related = ["program", "plan"]


@admin.register(PaymentOption)
class PaymentOptionAdmin(ListingFactAdmin):
    list_display = ["program", "kind"]
    list_filter = ["kind"]
    search_fields = ["program__name"]
    autocomplete_fields = ["program"]
    list_select_related = ["program", "kind"]


@admin.register(MedicaidState)
class MedicaidStateAdmin(ListingFactAdmin):
    list_display = ["program", "state"]
    list_filter = ["state"]
    search_fields = ["program__name"]
    autocomplete_fields = ["program"]


@admin.register(Cost)
class CostAdmin(ListingFactAdmin):
    list_display = ["program", "amount", "currency", "basis", "is_estimate", "updated_at"]
    list_filter = ["basis", "is_estimate", "currency"]
    search_fields = ["program__name"]
    autocomplete_fields = ["program"]
    list_select_related = ["program"]
