"""Reads about paying for care: who accepts what, and what a whole program costs."""

from decimal import ROUND_FLOOR, Decimal

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from .models import Cost, InsurancePlan, MedicaidState, Payer, PaymentOption, PlanAcceptance

# Without a listed program length, a weekly price is multiplied by this many weeks (the article:
# IOPs usually run 8-12 weeks) and the result is labelled an estimate.
DEFAULT_PROGRAM_WEEKS = 12
CENT = Decimal("0.01")
COVERAGE_KINDS = {"medicaid", "medicare", "private", "military", "va"}
AFFORDABILITY_KINDS = ("sliding_fee", "payment_assistance")
# Public plans whose acceptance the feed states as a payment kind.
PLAN_PAYMENT_KIND = {
    Payer.Kind.MEDICARE: "medicare",
    Payer.Kind.MILITARY: "military",
    Payer.Kind.VA: "va",
}


def accepts_payment(kinds) -> Exists:
    """Programs that accept any of these payment kinds."""
    return Exists(PaymentOption.objects.filter(program=OuterRef("pk"), kind__slug__in=list(kinds)))


def accepts_medicaid_of(state: str) -> Q:
    """A program accepting Medicaid accepts its own state's, plus the states and managed-care
    plans a curator recorded."""
    own_state = Q(location__state=state) & accepts_payment(["medicaid"])
    recorded = Exists(MedicaidState.objects.filter(program=OuterRef("pk"), state=state))
    managed_care = Exists(
        PlanAcceptance.objects.filter(program=OuterRef("pk"), plan__payer__kind=Payer.Kind.MEDICAID, plan__state=state)
    )
    return own_state | recorded | managed_care


def accepts_plan(plan: InsurancePlan) -> Q:
    """Programs in a plan's network: recorded acceptance, or for public plans the feed's word."""
    recorded = Q(Exists(PlanAcceptance.objects.filter(program=OuterRef("pk"), plan=plan)))
    if plan.payer.kind == Payer.Kind.MEDICAID and not plan.is_managed_care and plan.state:
        return recorded | accepts_medicaid_of(plan.state)
    if kind := PLAN_PAYMENT_KIND.get(plan.payer.kind):
        return recorded | Q(accepts_payment([kind]))
    return recorded


def plan_by_slug(slug: str) -> InsurancePlan | None:
    return InsurancePlan.objects.select_related("payer").filter(slug=slug).first()


def with_full_cost(queryset: QuerySet) -> QuerySet:
    """Annotate `full_cost` (whole program, USD) and `full_cost_is_estimate`; None when unknown."""
    weeks_known = Q(typical_weeks__isnull=False)
    return queryset.annotate(
        full_cost=Case(
            When(cost__basis=Cost.Basis.PROGRAM, then=F("cost__amount")),
            When(
                cost__basis=Cost.Basis.WEEK,
                then=F("cost__amount") * Coalesce(F("typical_weeks"), Value(DEFAULT_PROGRAM_WEEKS)),
            ),
            default=None,
        ),
        full_cost_is_estimate=Case(
            When(cost__isnull=True, then=Value(False)),
            When(cost__is_estimate=True, then=Value(True)),
            When(Q(cost__basis=Cost.Basis.WEEK) & ~weeks_known, then=Value(True)),
            default=Value(False),
        ),
    )


def within_budget(queryset: QuerySet, *, max_cost: Decimal, coverage: Q | None, include_unlisted: bool) -> QuerySet:
    """Programs a person with `max_cost` to spend can afford, each annotated with `budget_reason`:
    "fits" (its cost fits), "coverage" (accepts the person's coverage), "sliding_fee" (income-based fee
    or payment assistance) or "unlisted" (no cost known; only with include_unlisted)."""
    # Costs are whole cents, so a budget floored to cents compares the same, and the database can hold it
    # (PostgreSQL refuses a numeric like 1E-400000, which the search form accepts).
    fits = Q(full_cost__lte=max_cost.quantize(CENT, rounding=ROUND_FLOOR))
    covered = coverage if coverage is not None else Q(pk__in=[])
    affordable = Q(accepts_payment(AFFORDABILITY_KINDS))
    unlisted = Q(full_cost__isnull=True)
    queryset = with_full_cost(queryset).annotate(
        budget_reason=Case(
            When(fits, then=Value("fits")),
            When(covered, then=Value("coverage")),
            When(affordable, then=Value("sliding_fee")),
            When(unlisted, then=Value("unlisted")),
            default=Value("over"),
        )
    )
    allowed = ["fits", "coverage", "sliding_fee"] + (["unlisted"] if include_unlisted else [])
    return queryset.filter(budget_reason__in=allowed)
