from django.contrib import admin

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


class PhoneInline(admin.TabularInline):
    model = Phone
    extra = 0


class LicensedStateInline(admin.TabularInline):
    model = LicensedState
    extra = 0


class StaleFilter(admin.SimpleListFilter):
    title = "freshness"
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [("yes", "Stale (not refreshed or verified lately)")]

    def queryset(self, request, queryset):
        return queryset.stale() if self.value() == "yes" else queryset


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["display_name", "city", "state", "source", "source_id", "status", "last_refreshed_at",
                    "last_verified_at"]  # fmt: skip
    list_filter = ["status", "source", "care_levels", "telehealth", "location__state", StaleFilter]
    search_fields = ["name", "program_name", "source_id", "location__city", "location__zip_code",
                     "location__provider__name"]  # fmt: skip
    list_select_related = ["location", "location__provider"]
    autocomplete_fields = ["location"]
    filter_horizontal = ["care_levels", "therapies", "accreditations", "populations", "medications", "languages"]
    readonly_fields = ["source", "source_id", "first_seen_at", "last_refreshed_at", "content_hash", "services"]
    inlines = [PhoneInline, LicensedStateInline]
    fieldsets = [
        (None, {"fields": ["name", "program_name", "location", "facility_type", "status", "website", "description"]}),
        ("Care and schedule", {"fields": ["care_levels", "hours_per_week", "sessions_per_week", "typical_weeks",
                                          "schedule_daytime", "schedule_evening", "schedule_weekend", "telehealth",
                                          "languages"]}),
        ("Treatment", {"fields": ["therapies", "medications", "populations", "accreditations",
                                  "staff_qualifications", "family_involvement", "aftercare", "outcomes_reported"]}),
        ("Availability", {"fields": ["accepting_new_clients", "wait_days", "availability_confirmed_at"]}),
        ("Provenance", {"fields": ["source", "source_id", "first_seen_at", "last_refreshed_at", "last_verified_at",
                                   "verified_by", "otp_id", "services", "content_hash"]}),
    ]  # fmt: skip

    @admin.display(ordering="location__city")
    def city(self, obj):
        return obj.location.city

    @admin.display(ordering="location__state")
    def state(self, obj):
        return obj.location.state
