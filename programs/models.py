"""Providers, their locations, the program listings at those locations, and the vocabularies
(care levels, therapies, accreditations, populations, medications, languages) they are tagged with."""

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .geo import STATE_CHOICES, US_STATES

STATE_CODES = sorted(US_STATES)
SOURCE_LABELS = {"samhsa": _("SAMHSA treatment locator"), "hsds": _("Open Referral (HSDS) feed")}


class Vocabulary(models.Model):
    """A fixed list of terms with stable slugs; rows are loaded by data migrations."""

    slug = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=120)
    label_es = models.CharField(max_length=120, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "label"]

    def __str__(self) -> str:
        return self.label

    @property
    def localized_label(self) -> str:
        """The label in the active language: Spanish when there is one, else English."""
        return localized(self.label, self.label_es)


def localized(label: str, label_es: str) -> str:
    """`label_es` under Spanish (when filled), `label` otherwise: vocabulary rows carry both languages."""
    return label_es if label_es and translation.get_language() == "es" else label


class CareLevel(Vocabulary):
    asam_level = models.CharField(max_length=10, blank=True, help_text="ASAM Criteria level, e.g. 2.1")
    description = models.TextField(blank=True)


class Therapy(Vocabulary):
    evidence_based = models.BooleanField(default=False)

    class Meta(Vocabulary.Meta):
        verbose_name_plural = "therapies"


class Accreditation(Vocabulary):
    pass


class Population(Vocabulary):
    pass


class Medication(Vocabulary):
    pass


class Language(Vocabulary):
    """Slug is the ISO 639-1 code."""


class Provider(models.Model):
    """An organisation that runs one or more locations."""

    name = models.CharField(max_length=255)
    # Normalised name + state: how the importer recognises the same organisation across rows.
    key = models.CharField(max_length=300, unique=True)
    website = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="locations")
    street1 = models.CharField(max_length=255, blank=True)
    street2 = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=120)
    state = models.CharField(max_length=2, choices=STATE_CHOICES)
    zip_code = models.CharField("ZIP", max_length=5)
    zip4 = models.CharField("ZIP+4", max_length=4, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    phone = models.CharField(max_length=40, blank=True, help_text="Main facility phone")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(state__in=STATE_CODES), name="location_state_is_us_code"),
            models.CheckConstraint(condition=Q(zip_code__regex=r"^[0-9]{5}$"), name="location_zip_is_5_digits"),
            models.CheckConstraint(condition=Q(zip4="") | Q(zip4__regex=r"^[0-9]{4}$"), name="location_zip4_shape"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="location_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="location_longitude_in_range",
            ),
            models.UniqueConstraint(fields=["provider", "street1", "zip_code"], name="location_unique_address"),
        ]
        indexes = [
            # Bounding-box prefilter of the distance search.
            models.Index(fields=["latitude", "longitude"], name="location_lat_lng"),
            # state filter and Medicaid-by-state rule.
            models.Index(fields=["state"], name="location_state"),
        ]

    def __str__(self) -> str:
        return f"{self.street1}, {self.city}, {self.state} {self.zip_code}"

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class SourceConfirmation(models.Model):
    """When a feed last confirmed all of its published listings (its last successful full refresh).

    One row per feed, so a refresh that changes nothing writes no listing rows yet keeps them fresh."""

    source = models.CharField(max_length=40, unique=True)
    confirmed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.source} confirmed {self.confirmed_at:%Y-%m-%d %H:%M}"


class ProgramQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Program.Status.PUBLISHED)

    def with_confirmation(self):
        """Annotate `source_confirmed_at`: when the listing's feed last confirmed it (None if never)."""
        confirmed = SourceConfirmation.objects.filter(source=OuterRef("source")).values("confirmed_at")[:1]
        return self.annotate(
            source_confirmed_at=models.Case(
                models.When(status=Program.Status.WITHDRAWN, then=None),
                default=Subquery(confirmed),
            )
        )

    def stale(self, *, days: int | None = None):
        """Listings neither refreshed or confirmed by their feed nor verified by a person in `days` days."""
        cutoff = timezone.now() - timedelta(days=days or settings.STALE_AFTER_DAYS)
        fresh = Q(last_refreshed_at__gte=cutoff) | Q(last_verified_at__gte=cutoff)
        # Explicit: NOT (... OR NULL) is NULL, which would hide a listing its feed never confirmed.
        fresh |= Q(source_confirmed_at__isnull=False, source_confirmed_at__gte=cutoff)
        return self.with_confirmation().exclude(fresh)

    def with_report_flag(self):
        """Annotate `flag_reporters`: how many different people have open reports that the listing is
        closed or its phone disconnected."""
        reporters = (
            ProblemReport.objects.filter(
                program=OuterRef("pk"), status=ProblemReport.Status.OPEN, kind__in=ProblemReport.FLAGGING_KINDS
            )
            .values("program")
            .annotate(count=Count("reporter", distinct=True))
            .values("count")
        )
        return self.annotate(flag_reporters=Subquery(reporters))

    def with_open_reports(self):
        """Annotate `open_reports`: how many problem reports on the listing wait for a curator."""
        reports = (
            ProblemReport.objects.filter(program=OuterRef("pk"), status=ProblemReport.Status.OPEN)
            .values("program")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(open_reports=Subquery(reports))

    def for_listing(self):
        """What a result card shows, fetched in a fixed number of queries."""
        return self.select_related("location", "location__provider").prefetch_related(
            "care_levels", "accreditations", "languages"
        )


class ListingHistory(models.Model):
    """Columns each entry of a listing's history adds to the snapshot django-simple-history keeps."""

    feed_run_id = models.PositiveBigIntegerField(null=True, blank=True, help_text="The feed run that made the change")
    # {fact: [before, after]} for facts kept outside the listing's row (tags, phones, payments, cost), and
    # the feed's whole diff for a feed change.
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True


class Program(models.Model):
    """One treatment program listing at one location; the unit people search for."""

    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished by a curator"
        WITHDRAWN = "withdrawn", "Withdrawn (missing from its feed)"

    class FacilityType(models.TextChoices):
        SUBSTANCE_USE = "SA", "Substance use"
        MENTAL_HEALTH = "MH", "Mental health"
        OTHER = "", "Other / unknown"

    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="programs")
    name = models.CharField(max_length=255)
    program_name = models.CharField(max_length=255, blank=True, help_text="Sub-name, e.g. 'Adolescent IOP'")
    facility_type = models.CharField(max_length=2, choices=FacilityType.choices, blank=True)
    description = models.TextField(blank=True)
    website = models.URLField(max_length=500, blank=True)

    care_levels = models.ManyToManyField(CareLevel, blank=True, related_name="programs")
    therapies = models.ManyToManyField(Therapy, blank=True, related_name="programs")
    accreditations = models.ManyToManyField(Accreditation, blank=True, related_name="programs")
    populations = models.ManyToManyField(Population, blank=True, related_name="programs")
    medications = models.ManyToManyField(Medication, blank=True, related_name="programs")
    languages = models.ManyToManyField(Language, blank=True, related_name="programs")

    # Care and schedule. None means "not reported", which the pages say rather than guess.
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    sessions_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    typical_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    schedule_daytime = models.BooleanField(null=True, blank=True)
    schedule_evening = models.BooleanField(null=True, blank=True)
    schedule_weekend = models.BooleanField(null=True, blank=True)
    telehealth = models.BooleanField(default=False)

    # What the article says to look for.
    staff_qualifications = models.TextField(blank=True)
    aftercare = models.BooleanField(null=True, blank=True)
    family_involvement = models.BooleanField(null=True, blank=True)
    outcomes_reported = models.TextField(blank=True)

    # Availability: the top complaint about locators is calling programs that are full or gone.
    accepting_new_clients = models.BooleanField(null=True, blank=True)
    wait_days = models.PositiveSmallIntegerField(null=True, blank=True)
    availability_confirmed_at = models.DateTimeField(null=True, blank=True)

    # Everything the feed said, including categories and tokens the mapping does not use.
    services = models.JSONField(default=list, blank=True)
    otp_id = models.CharField("Opioid treatment program id", max_length=40, blank=True)

    # Provenance.
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PUBLISHED)
    source = models.CharField(max_length=40, help_text="Feed name, e.g. samhsa")
    source_id = models.CharField(max_length=100, help_text="Upstream id, e.g. the SAMHSA frid")
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Fields a curator edited: feed refreshes leave them alone and record the feed's value instead.
    locked_fields = models.JSONField(default=list, blank=True)
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_refreshed_at = models.DateTimeField(null=True, blank=True)
    last_verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A duplicate retired by a merge: withdrawn, its feed ids now update this listing instead.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from", editable=False
    )

    objects = ProgramQuerySet.as_manager()
    # Feed bookkeeping (hash, raw services, refresh time) and locks stay out of the history snapshots.
    history = HistoricalRecords(
        excluded_fields=["content_hash", "services", "locked_fields", "first_seen_at", "last_refreshed_at"],
        bases=[ListingHistory],
    )

    class Meta:
        ordering = ["name", "id"]
        permissions = [
            ("verify_program", "Can record that a listing was verified"),
            ("merge_program", "Can merge duplicate listings"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="program_one_listing_per_source_id"),
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True) | Q(hours_per_week__gte=0, hours_per_week__lte=168),
                name="program_hours_per_week_in_range",
            ),
            models.CheckConstraint(
                condition=Q(sessions_per_week__isnull=True) | Q(sessions_per_week__lte=21),
                name="program_sessions_per_week_in_range",
            ),
        ]
        indexes = [
            # Public pages list published programs by name.
            models.Index(fields=["status", "name"], name="program_status_name"),
            # Stale-data flags and "sort by verified".
            models.Index(fields=["last_verified_at"], name="program_last_verified"),
            # "Or by telehealth in my state" near a ZIP: the telehealth programs at a state's locations,
            # read from this small index alone (the listing rows are wide).
            models.Index(fields=["location", "id"], condition=Q(telehealth=True), name="program_telehealth_location"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("programs:detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        return f"{self.name} — {self.program_name}" if self.program_name else self.name

    @property
    def provider(self) -> Provider:
        return self.location.provider

    @property
    def last_confirmed_at(self):
        """The latest of: changed by its feed, confirmed unchanged by its feed (needs
        with_confirmation()), verified by a person."""
        times = [self.last_refreshed_at, self.last_verified_at, getattr(self, "source_confirmed_at", None)]
        return max((t for t in times if t), default=None)

    @property
    def age_days(self) -> int | None:
        confirmed = self.last_confirmed_at
        return (timezone.now() - confirmed).days if confirmed else None

    @property
    def is_stale(self) -> bool:
        age = self.age_days
        return age is None or age >= settings.STALE_AFTER_DAYS

    @property
    def flagged_closed(self) -> bool:
        """Enough people reported it closed or its phone disconnected (needs with_report_flag())."""
        return (getattr(self, "flag_reporters", None) or 0) >= settings.REPORTS_TO_FLAG

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source, self.source)

    @property
    def intake_phone(self) -> str:
        """The number to call about starting treatment: an intake line if listed, else the main one."""
        intake = [phone.number for phone in self.phones.all() if phone.kind == Phone.Kind.INTAKE]
        return intake[0] if intake else self.location.phone

    @property
    def directions_url(self) -> str:
        loc = self.location
        destination = f"{loc.street1}, {loc.city}, {loc.state} {loc.zip_code}"
        return "https://www.openstreetmap.org/search?" + urlencode({"query": destination})

    def unmapped_services(self) -> list[dict]:
        """Feed facts the slug mapping does not model, kept for display: [{label, values}]."""
        return [
            {"label": entry["label"], "values": entry["unmapped"]} for entry in self.services if entry.get("unmapped")
        ]


class Phone(models.Model):
    class Kind(models.TextChoices):
        INTAKE = "intake", _("Intake")
        HOTLINE = "hotline", _("Hotline")
        OTHER = "other", _("Other")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="phones")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    number = models.CharField(max_length=40)

    class Meta:
        ordering = ["program", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "kind", "number"], name="phone_unique_per_program"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.number}"


class LicensedState(models.Model):
    """A state besides its own where a program may serve people by telehealth."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="licensed_states")
    state = models.CharField(max_length=2, choices=STATE_CHOICES)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["state", "program"], name="licensed_state_unique"),
            models.CheckConstraint(condition=Q(state__in=STATE_CODES), name="licensed_state_is_us_code"),
        ]

    def __str__(self) -> str:
        return f"{self.program_id}: telehealth in {self.state}"


class SourceAlias(models.Model):
    """A feed id whose rows update this listing. A merge gives the surviving listing one alias per id
    of both listings, so a refresh updates it instead of recreating the duplicate."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="aliases")
    source = models.CharField(max_length=40)
    source_id = models.CharField(max_length=100)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    # When its feed dropped this id: the listing is withdrawn only once all of its ids are missing.
    missing_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "source aliases"
        constraints = [
            # Also serves the refresh's lookup of a source's aliases.
            models.UniqueConstraint(fields=["source", "source_id"], name="source_alias_one_listing_per_id"),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.source_id} → {self.program_id}"


class NotDuplicate(models.Model):
    """Two listings a curator compared and found distinct: the duplicate finder stops pairing them."""

    first = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="not_duplicate_unique_pair"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="not_duplicate_ordered_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ≠ {self.second_id}"


class Verification(models.Model):
    """A person confirmed a listing's facts, e.g. by calling the program."""

    class Method(models.TextChoices):
        PHONE = "phone", "Phone call"
        WEBSITE = "website", "Program website"
        EMAIL = "email", "Email"
        VISIT = "visit", "Visit"
        REVIEW = "review", "Reviewed the listing"

    class Fact(models.TextChoices):
        PHONE = "phone", "Phone number"
        ADDRESS = "address", "Address"
        AVAILABILITY = "availability", "Accepting new clients and wait"
        SCHEDULE = "schedule", "Hours and schedule"
        COST = "cost", "Cost"
        INSURANCE = "insurance", "Insurance and payment"
        CARE = "care", "Levels of care and therapies"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="verifications")
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="verifications"
    )
    verified_at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=10, choices=Method.choices)
    checked = models.JSONField(default=list, blank=True, help_text="The facts confirmed (Verification.Fact values)")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-verified_at", "-id"]
        indexes = [
            # A listing's verifications, newest first, on its verify page.
            models.Index(fields=["program", "-verified_at"], name="verification_program_time"),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} verified {self.verified_at:%Y-%m-%d} by {self.get_method_display()}"

    def checked_labels(self) -> list[str]:
        labels = dict(self.Fact.choices)
        return [labels.get(fact, fact) for fact in self.checked]


class ProblemReport(models.Model):
    """Someone told us a public listing is wrong; a curator resolves or dismisses it."""

    class Kind(models.TextChoices):
        PHONE_DISCONNECTED = "phone_disconnected", _("The phone is disconnected or a wrong number")
        NOT_ACCEPTING = "not_accepting", _("It is not accepting new clients")
        CLOSED = "closed", _("The program has closed")
        WRONG_COST = "wrong_cost", _("The cost or insurance is wrong")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        DISMISSED = "dismissed", "Dismissed"

    # Enough open reports of these flag the listing on its public page.
    FLAGGING_KINDS = (Kind.CLOSED, Kind.PHONE_DISCONNECTED)

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="problem_reports")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # A keyed hash of the sender's address: tells senders apart without storing the address.
    reporter = models.CharField(max_length=16, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The curator queue: open reports, newest first.
            models.Index(fields=["status", "-created_at"], name="report_status_created"),
            # A listing's open reports (the public page's warning).
            models.Index(fields=["program", "status"], name="report_program_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.program_id})"


class ListingsVersion(models.Model):
    """One row whose number grows, in the same transaction, with every change to what the public pages
    show: anonymous pages are cached under it (programs/pagecache.py)."""

    number = models.BigIntegerField(default=0)

    def __str__(self):
        return f"listings version {self.number}"
