"""Where provider data comes from (sources) and what each refresh did (runs)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Source(models.Model):
    """A public feed refreshed on a schedule; editable in the admin."""

    class Format(models.TextChoices):
        SAMHSA = "samhsa", "SAMHSA locator listing (JSON)"
        HSDS = "hsds", "Open Referral HSDS 3 (datapackage or JSON)"

    name = models.SlugField(max_length=40, unique=True, help_text="Also the `source` of its listings")
    format = models.CharField(max_length=10, choices=Format.choices)
    location = models.CharField(max_length=500, help_text="http(s) URL or a file path on the server")
    enabled = models.BooleanField(default=True)
    refresh_every_hours = models.PositiveIntegerField(default=24, help_text="24 = nightly")
    page_size = models.PositiveIntegerField(default=500, help_text="Rows per page when paging over HTTP")
    request_delay_seconds = models.FloatField(default=1.0, help_text="Pause between pages, to be polite")
    timeout_seconds = models.FloatField(default=30.0)
    retries = models.PositiveSmallIntegerField(default=3, help_text="Attempts per page after the first")
    max_withdraw_share = models.FloatField(
        default=0.20, help_text="Abort when a run would withdraw more than this share of the source's listings"
    )
    max_reject_share = models.FloatField(
        default=0.50, help_text="Abort when more than this share of rows fail validation"
    )
    lock_timeout_seconds = models.PositiveIntegerField(
        default=3600, help_text="A run's lock expires after this, so a crashed worker cannot block the source"
    )
    # Claimed with a conditional UPDATE; see services.claim_source.
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    locked_by = models.CharField(max_length=64, blank=True, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_withdraw_share__gte=0, max_withdraw_share__lte=1)
                & Q(max_reject_share__gte=0, max_reject_share__lte=1),
                name="source_shares_are_fractions",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_due(self, now=None) -> bool:
        if not self.enabled:
            return False
        if self.last_success_at is None:
            return True
        return (now or timezone.now()) - self.last_success_at >= timezone.timedelta(hours=self.refresh_every_hours)


class FeedRun(models.Model):
    """One refresh of one source: what it found, what it changed, what it refused."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        ABORTED = "aborted", "Aborted by a safety guard (nothing changed)"
        FAILED = "failed", "Failed (nothing changed)"
        SKIPPED = "skipped", "Skipped (another run holds the source)"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="runs")
    trigger = models.CharField(max_length=20, default="schedule")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    restored = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    rejected_rows = models.JSONField(default=list, blank=True)
    # [{"source_id", "program_id", "action", "fields": {name: [old, new]}}] for what the run changed.
    changes = models.JSONField(default=list, blank=True)
    # [{"source_id", "program_id", "field", "directory", "feed"}]: the feed differs from a curated field.
    held_back = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [
            # Run history per source in the admin, newest first.
            models.Index(fields=["source", "-started_at"], name="feedrun_source_started"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M} {self.status}"

    def summary(self) -> str:
        return (
            f"{self.get_status_display()}: {self.rows} rows, {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.withdrawn} withdrawn, {self.restored} restored, "
            f"{self.rejected} rejected" + (f" — {self.error}" if self.error else "")
        )
