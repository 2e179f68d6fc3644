from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator

from insurance.models import Cost, MedicaidState, PaymentOption, PlanAcceptance
from iopfinder.admin_a11y import LabelledDateTimeMixin, LabelledTabularInline

from .admin_curation import CurationMixin
from .curation import LOCKABLE, LOCKABLE_FIELDS, lock_fields, unlock_fields
from .curation.history import TAGS, describe_location, fact_changes, facts, record_history
from .curation.quality import has_open_reports, missing_conditions
from .curation.reports import close_reports
from .models import (
    Accreditation,
    CareLevel,
    Language,
    LicensedState,
    Location,
    Medication,
    Phone,
    Population,
    ProblemReport,
    Program,
    Provider,
    SourceAlias,
    Therapy,
    Verification,
)


@admin.register(CareLevel, Therapy, Accreditation, Population, Medication, Language)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["slug", "label", "label_es", "sort_order"]
    search_fields = ["slug", "label", "label_es"]
    ordering = ["sort_order"]

    def get_readonly_fields(self, request, obj=None):
        # Slugs are a public contract (URLs, API): fixed once created.
        return ["slug"] if obj else []


class LocationInline(LabelledTabularInline):
    """A provider's addresses, read-only: an address is edited on its own page, which locks it against
    feed refreshes and records the edit in its listings' histories."""

    model = Location
    extra = 0
    fields = ["street1", "city", "state", "zip_code", "phone"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


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
        before = describe_location(Location.objects.get(pk=obj.pk)) if change else ""
        super().save_model(request, obj, form, change)
        if not (change and form.changed_data):
            return
        # A curator fixed this address: refreshes must not move its listings back, and each listing's
        # history shows the edit.
        entries = []
        for program in obj.programs.all():
            locks = sorted(program.locked_fields)
            changes = {"location": [before, describe_location(obj)]}
            if lock_fields(program, ["location"]):
                changes["locks"] = [locks, sorted(program.locked_fields)]
            entries.append((program, changes))
        record_history(entries=entries, reason="address edited in the admin", user=request.user)


class PhoneInline(LabelledTabularInline):
    model = Phone
    extra = 0


class LicensedStateInline(LabelledTabularInline):
    model = LicensedState
    extra = 0
    verbose_name_plural = "telehealth licensed in other states"


class PaymentOptionInline(LabelledTabularInline):
    model = PaymentOption
    extra = 0


class MedicaidStateInline(LabelledTabularInline):
    model = MedicaidState
    extra = 0
    verbose_name_plural = "Medicaid of other states accepted"


class PlanAcceptanceInline(LabelledTabularInline):
    model = PlanAcceptance
    extra = 0
    autocomplete_fields = ["plan"]


class CostInline(LabelledDateTimeMixin, admin.StackedInline):
    model = Cost
    extra = 0


class SourceAliasInline(LabelledTabularInline):
    model = SourceAlias
    extra = 0
    fields = ["source", "source_id", "missing_since", "created_at"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "feed ids (after a merge, every id whose feed rows update this listing)"

    def has_add_permission(self, request, obj=None):
        return False


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


class VerifiedFilter(admin.SimpleListFilter):
    title = "verification"
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("yes", "Verified by staff"), ("no", "Never verified")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(last_verified_at__isnull=self.value() == "no")
        return queryset


class PriceFilter(admin.SimpleListFilter):
    title = "price"
    parameter_name = "price"

    def lookups(self, request, model_admin):
        return [("yes", "Has a price"), ("no", "No price")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(cost__isnull=self.value() == "no")
        return queryset


class MissingFilter(admin.SimpleListFilter):
    title = "missing key fact"
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [(fact, label) for fact, (label, _) in missing_conditions().items()]

    def queryset(self, request, queryset):
        conditions = missing_conditions()
        return queryset.filter(conditions[self.value()][1]) if self.value() in conditions else queryset


class ReportedFilter(admin.SimpleListFilter):
    title = "problem reports"
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", "Has open reports")]

    def queryset(self, request, queryset):
        return queryset.filter(has_open_reports()) if self.value() == "yes" else queryset


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Show at a glance which facts refreshes leave alone.
        for name in self.instance.locked_fields if self.instance.pk else ():
            if name in self.fields and name != "locked_fields":
                self.fields[name].label = f"{self.fields[name].label} (locked)"


@admin.register(Program)
class ProgramAdmin(LabelledDateTimeMixin, CurationMixin, admin.ModelAdmin):
    form = ProgramAdminForm
    list_display = ["display_name", "city", "state", "source", "feed_id", "status", "refreshed", "verified",
                    "open_reports"]  # fmt: skip
    list_filter = ["status", "source", "care_levels", "location__state", StaleFilter, VerifiedFilter, PriceFilter,
                   MissingFilter, ReportedFilter, LockedFilter, "telehealth"]  # fmt: skip
    search_fields = ["name", "program_name", "source_id", "aliases__source_id", "location__city",
                     "location__zip_code", "location__provider__name"]  # fmt: skip
    list_select_related = ["location", "location__provider"]
    autocomplete_fields = ["location"]
    filter_horizontal = ["care_levels", "therapies", "accreditations", "populations", "medications", "languages"]
    readonly_fields = ["source", "source_id", "first_seen_at", "last_refreshed_at", "content_hash", "services",
                       "merged_into"]  # fmt: skip
    inlines = [PhoneInline, PaymentOptionInline, MedicaidStateInline, PlanAcceptanceInline, CostInline,
               LicensedStateInline, SourceAliasInline]  # fmt: skip
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
                                   "verified_by", "merged_into", "otp_id", "services", "content_hash"]}),
    ]  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).with_open_reports()

    @admin.display(description="source id", ordering="source_id")
    def feed_id(self, obj):
        # Feed ids can be 40-character hashes: the start tells them apart, the search takes the whole.
        return Truncator(obj.source_id).chars(16)

    # Dates, not times: the list stays one line per listing.
    @admin.display(ordering="last_refreshed_at")
    def refreshed(self, obj):
        return date_format(obj.last_refreshed_at, "Y-m-d") if obj.last_refreshed_at else "never"

    @admin.display(ordering="last_verified_at")
    def verified(self, obj):
        return date_format(obj.last_verified_at, "Y-m-d") if obj.last_verified_at else "never"

    @admin.display(description="open reports", ordering="open_reports")
    def open_reports(self, obj):
        return obj.open_reports or ""

    @admin.display(ordering="location__city")
    def city(self, obj):
        return obj.location.city

    @admin.display(ordering="location__state")
    def state(self, obj):
        return obj.location.state

    def save_model(self, request, obj, form, change):
        unlocked = set(form.initial.get("locked_fields") or []) - set(form.cleaned_data["locked_fields"])
        if not change:
            obj._change_reason = "added in the admin"
            return super().save_model(request, obj, form, change)
        # save_related() records the edit, once tags and inlines are saved too.
        obj.skip_history_when_saving = True
        try:
            super().save_model(request, obj, form, change)
        finally:
            del obj.skip_history_when_saving
        lock_fields(obj, set(form.changed_data) & LOCKABLE)
        if unlocked:
            unlock_fields(obj, unlocked)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if change and formset.has_changed() and formset.model in INLINE_LOCKS:
            lock_fields(form.instance, [INLINE_LOCKS[formset.model]])

    def save_related(self, request, form, formsets, change):
        """Save tags and inlines, then record the whole edit (fields, tags, inlines, locks) as one
        history entry."""
        if not change:
            return super().save_related(request, form, formsets, change)
        program = form.instance
        keys = [name for name in form.changed_data if name in TAGS]
        keys += [INLINE_LOCKS[fs.model] for fs in formsets if fs.model in INLINE_LOCKS and fs.has_changed()]
        before = facts(program, keys)
        super().save_related(request, form, formsets, change)
        changes = fact_changes(before, facts(program, keys))
        locks = [sorted(form.initial.get("locked_fields") or []), sorted(program.locked_fields)]
        if locks[0] != locks[1]:
            changes["locks"] = locks
        if set(form.changed_data) - {*TAGS, "locked_fields"} or changes:
            record_history(entries=[(program, changes)], reason="edited in the admin", user=request.user)


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    """The curator queue of "report wrong information" from the public pages."""

    list_display = ["created_at", "kind", "listing", "note", "reporter", "status", "resolved_by", "resolved_at"]
    list_filter = ["status", "kind", "program__location__state"]
    search_fields = ["program__name", "program__source_id", "note"]
    list_select_related = ["program", "resolved_by"]
    readonly_fields = ["program", "kind", "note", "created_at", "reporter", "status", "resolved_by", "resolved_at",
                       "resolution_note"]  # fmt: skip
    actions = ["resolve", "dismiss"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="listing", ordering="program__name")
    def listing(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">verify</a> · <a href="{}">public page</a>',
            reverse("admin:programs_program_change", args=[obj.program_id]), obj.program,
            reverse("admin:programs_program_verify", args=[obj.program_id]), obj.program.get_absolute_url(),
        )  # fmt: skip

    def _close(self, request, queryset, status: str) -> None:
        count = close_reports(reports=queryset.select_related("program"), status=status, user=request.user)
        label = ProblemReport.Status(status).label.lower()
        self.message_user(request, f"{count} report(s) {label}; each is noted in its listing's history.",
                          messages.SUCCESS)  # fmt: skip

    @admin.action(description="Resolve: the listing is fixed or confirmed", permissions=["change"])
    def resolve(self, request, queryset):
        self._close(request, queryset, ProblemReport.Status.RESOLVED)

    @admin.action(description="Dismiss: the report was wrong or abusive", permissions=["change"])
    def dismiss(self, request, queryset):
        self._close(request, queryset, ProblemReport.Status.DISMISSED)


@admin.register(Verification)
class VerificationAdmin(admin.ModelAdmin):
    list_display = ["verified_at", "program", "verified_by", "method", "checked", "note"]
    list_filter = ["method", "verified_by"]
    search_fields = ["program__name", "note"]
    list_select_related = ["program", "verified_by"]
    readonly_fields = ["program", "verified_by", "verified_at", "method", "checked", "note"]

    def has_add_permission(self, request):
        return False  # recorded from a listing's "Verify" page or the "Mark verified" action
