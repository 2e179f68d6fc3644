"""Where the directory is thin: per state, how many published listings lack each key fact, are stale
or were never verified. The same conditions drive the admin's "missing" filter."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

from insurance.models import Cost
from programs.geo import US_STATES
from programs.models import Phone, ProblemReport, Program, SourceConfirmation


def missing_conditions() -> dict[str, tuple[str, Q]]:
    """{fact: (label, condition on Program)} for the key facts a listing may lack."""
    schedule_unknown = Q(schedule_daytime__isnull=True, schedule_evening__isnull=True, schedule_weekend__isnull=True)
    accredited = Program.accreditations.through.objects.filter(program=OuterRef("pk"))
    return {
        "cost": ("No cost", ~Q(Exists(Cost.objects.filter(program=OuterRef("pk"))))),
        "hours": ("No hours per week", Q(hours_per_week__isnull=True)),
        "schedule": ("No schedule", schedule_unknown),
        "accreditation": ("No accreditation", ~Q(Exists(accredited))),
        "phone": ("No phone", Q(location__phone="") & ~Q(Exists(Phone.objects.filter(program=OuterRef("pk"))))),
    }


def has_open_reports() -> Q:
    return Q(Exists(ProblemReport.objects.filter(program=OuterRef("pk"), status=ProblemReport.Status.OPEN)))


# (column, heading, the changelist filter listing those listings), in the order the page shows them.
QUALITY_COLUMNS = [
    *((f"missing_{fact}", label, f"missing={fact}") for fact, (label, _) in missing_conditions().items()),
    ("stale", "Stale", "stale=yes"),
    ("unverified", "Never verified", "verified=no"),
    ("reported", "Open problem reports", "reported=yes"),
]


def quality_counts() -> list[dict]:
    """One row per state (code, name, total and each QUALITY_COLUMNS count) of published listings,
    by state code; one query."""
    cutoff = timezone.now() - timedelta(days=settings.STALE_AFTER_DAYS)
    confirmed = Subquery(SourceConfirmation.objects.filter(source=OuterRef("source")).values("confirmed_at")[:1])
    fresh = Q(last_refreshed_at__gte=cutoff) | Q(last_verified_at__gte=cutoff)
    fresh |= Q(GreaterThanOrEqual(confirmed, cutoff))
    rows = (
        Program.objects.published()
        .values("location__state")
        .annotate(
            total=Count("pk"),
            **{f"missing_{fact}": Count("pk", filter=cond) for fact, (_, cond) in missing_conditions().items()},
            # A condition that is NULL (never confirmed) falls to the default: stale.
            stale=Sum(Case(When(fresh, then=Value(0)), default=Value(1))),
            unverified=Count("pk", filter=Q(last_verified_at__isnull=True)),
            reported=Count("pk", filter=has_open_reports()),
        )
        .order_by("location__state")
    )
    return [
        {"state": (code := row.pop("location__state")), "state_name": US_STATES.get(code, code), **row} for row in rows
    ]


def quality_totals(rows: list[dict]) -> dict:
    """The counts of all states together."""
    return {name: sum(row[name] for row in rows) for name in ["total", *(column for column, _, _ in QUALITY_COLUMNS)]}
