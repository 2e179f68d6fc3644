from django.contrib import admin

from .models import Cost, InsurancePlan, MedicaidState, Payer, PaymentKind, PaymentOption, PlanAcceptance


@admin.register(PaymentKind)
class PaymentKindAdmin(admin.ModelAdmin):
    list_display = ["slug", "label", "label_es", "sort_order"]
    search_fields = ["slug", "label"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj else []


class InsurancePlanInline(admin.TabularInline):
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


@admin.register(PlanAcceptance)
class PlanAcceptanceAdmin(admin.ModelAdmin):
    list_display = ["program", "plan", "recorded_at"]
    list_filter = ["plan__payer__kind"]
    search_fields = ["program__name", "plan__name"]
    autocomplete_fields = ["program", "plan"]
    list_select_related = ["program", "plan"]


@admin.register(PaymentOption)
class PaymentOptionAdmin(admin.ModelAdmin):
    list_display = ["program", "kind"]
    list_filter = ["kind"]
    search_fields = ["program__name"]
    autocomplete_fields = ["program"]
    list_select_related = ["program", "kind"]


@admin.register(MedicaidState)
class MedicaidStateAdmin(admin.ModelAdmin):
    list_display = ["program", "state"]
    list_filter = ["state"]
    search_fields = ["program__name"]
    autocomplete_fields = ["program"]


@admin.register(Cost)
class CostAdmin(admin.ModelAdmin):
    list_display = ["program", "amount", "currency", "basis", "is_estimate", "updated_at"]
    list_filter = ["basis", "is_estimate", "currency"]
    search_fields = ["program__name"]
    autocomplete_fields = ["program"]
    list_select_related = ["program"]
