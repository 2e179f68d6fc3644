from django import forms
from django.contrib import admin

from insurance.models import Cost, MedicaidState, PaymentOption, PlanAcceptance

from .curation import LOCKABLE, LOCKABLE_FIELDS, lock_fields, unlock_fields
from .models import (
    Accreditation,
    CareLevel,
    Language,
    LicensedState,
    Location,
    Medication,
    Phone,
    Population,
    Program,
    Provider,
    Therapy,
)


@admin.register(CareLevel, Therapy, Accreditation, Population, Medication, Language)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["slug", "label", "label_es", "sort_order"]
    search_fields = ["slug", "label", "label_es"]
    ordering = ["sort_order"]

    def get_readonly_fields(self, request, obj=None):
        # Slugs are a public contract (URLs, API): fixed once created.
        return ["slug"] if obj else []


class LocationInline(admin.TabularInline):
    model = Location
    extra = 0
    fields = ["street1", "city", "state", "zip_code", "phone"]
    show_change_link = True


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "website", "created_at"]
    search_fields = ["name", "key"]
    inlines = [LocationInline]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["provider", "street1", "city", "state", "zip_code", "phone"]
    list_filter = ["state"]
    search_fields = ["provider__name", "street1", "city", "zip_code"]
    list_select_related = ["provider"]
    autocomplete_fields = ["provider"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            # A curator fixed this address: refreshes must not move its listings back.
            for program in obj.programs.all():
                lock_fields(program, ["location"])


class PhoneInline(admin.TabularInline):
    model = Phone
    extra = 0


class LicensedStateInline(admin.TabularInline):
    model = LicensedState
    extra = 0
    verbose_name_plural = "telehealth licensed in other states"


class PaymentOptionInline(admin.TabularInline):
    model = PaymentOption
    extra = 0


class MedicaidStateInline(admin.TabularInline):
    model = MedicaidState
    extra = 0
    verbose_name_plural = "Medicaid of other states accepted"


class PlanAcceptanceInline(admin.TabularInline):
    model = PlanAcceptance
    extra = 0
    autocomplete_fields = ["plan"]


class CostInline(admin.StackedInline):
    model = Cost
    extra = 0


# Inline model -> the lock key its edits set.
INLINE_LOCKS = {
    Phone: "phones",
    LicensedState: "licensed_states",
    PaymentOption: "payment_kinds",
    MedicaidState: "medicaid_states",
    PlanAcceptance: "insurance_plans",
    Cost: "cost",
}


class StaleFilter(admin.SimpleListFilter):
    title = "freshness"
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [("yes", "Stale (not refreshed, confirmed or verified lately)")]

    def queryset(self, request, queryset):
        return queryset.stale() if self.value() == "yes" else queryset


class LockedFilter(admin.SimpleListFilter):
    title = "curated fields"
    parameter_name = "locked"

    def lookups(self, request, model_admin):
        return [("yes", "Has locked fields")]

    def queryset(self, request, queryset):
        return queryset.exclude(locked_fields=[]) if self.value() == "yes" else queryset


class ProgramAdminForm(forms.ModelForm):
    locked_fields = forms.MultipleChoiceField(
        choices=LOCKABLE_FIELDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Facts a curator fixed: feed refreshes leave them alone. Untick to give one back to the feed.",
    )

    class Meta:
        model = Program
        fields = ["locked_fields"]  # the admin adds the fieldsets' fields


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    form = ProgramAdminForm
    list_display = ["display_name", "city", "state", "source", "source_id", "status", "last_refreshed_at",
                    "last_verified_at"]  # fmt: skip
    list_filter = ["status", "source", "care_levels", "telehealth", "location__state", StaleFilter, LockedFilter]
    search_fields = ["name", "program_name", "source_id", "location__city", "location__zip_code",
                     "location__provider__name"]  # fmt: skip
    list_select_related = ["location", "location__provider"]
    autocomplete_fields = ["location"]
    filter_horizontal = ["care_levels", "therapies", "accreditations", "populations", "medications", "languages"]
    readonly_fields = ["source", "source_id", "first_seen_at", "last_refreshed_at", "content_hash", "services"]
    inlines = [PhoneInline, PaymentOptionInline, MedicaidStateInline, PlanAcceptanceInline, CostInline,
               LicensedStateInline]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["name", "program_name", "location", "facility_type", "status", "website", "description"]}),
        ("Care and schedule", {"fields": ["care_levels", "hours_per_week", "sessions_per_week", "typical_weeks",
                                          "schedule_daytime", "schedule_evening", "schedule_weekend", "telehealth",
                                          "languages"]}),
        ("Treatment", {"fields": ["therapies", "medications", "populations", "accreditations",
                                  "staff_qualifications", "family_involvement", "aftercare", "outcomes_reported"]}),
        ("Availability", {"fields": ["accepting_new_clients", "wait_days", "availability_confirmed_at"]}),
        ("Curated fields", {"fields": ["locked_fields"]}),
        ("Provenance", {"fields": ["source", "source_id", "first_seen_at", "last_refreshed_at", "last_verified_at",
                                   "verified_by", "otp_id", "services", "content_hash"]}),
    ]  # fmt: skip

    @admin.display(ordering="location__city")
    def city(self, obj):
        return obj.location.city

    @admin.display(ordering="location__state")
    def state(self, obj):
        return obj.location.state

    def save_model(self, request, obj, form, change):
        unlocked = set(form.initial.get("locked_fields") or []) - set(form.cleaned_data["locked_fields"])
        super().save_model(request, obj, form, change)
        if change:
            lock_fields(obj, set(form.changed_data) & LOCKABLE)
            if unlocked:
                unlock_fields(obj, unlocked)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if change and formset.has_changed():
            lock_fields(form.instance, [INLINE_LOCKS[formset.model]])
