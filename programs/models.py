"""Providers, their locations, the program listings at those locations, and the vocabularies
(care levels, therapies, accreditations, populations, medications, languages) they are tagged with."""

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from .geo import STATE_CHOICES, US_STATES

STATE_CODES = sorted(US_STATES)
SOURCE_LABELS = {"samhsa": "SAMHSA treatment locator", "hsds": "Open Referral (HSDS) feed"}


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
        fresh = Q(last_refreshed_at__gte=cutoff) | Q(last_verified_at__gte=cutoff) | Q(source_confirmed_at__gte=cutoff)
        return self.with_confirmation().exclude(fresh)

    def for_listing(self):
        """What a result card shows, fetched in a fixed number of queries."""
        return self.select_related("location", "location__provider").prefetch_related(
            "care_levels", "accreditations", "languages"
        )


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

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
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
        INTAKE = "intake", "Intake"
        HOTLINE = "hotline", "Hotline"
        OTHER = "other", "Other"

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
