"""What a person's coverage means for one program, and what the program may cost them.

Pure functions over a program whose payment options, extra Medicaid states, plan acceptances and
cost are prefetched (see programs.selectors.program_list); no queries here."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from programs.geo import US_STATES

from .selectors import DEFAULT_PROGRAM_WEEKS

SESSION_KEY = "coverage"
NATIONAL_IOP_RANGE = (3000, 10000)  # USD for a complete IOP, from the source article


class Kind:
    MEDICAID = "medicaid"
    MEDICARE = "medicare"
    PRIVATE = "private"
    MILITARY = "military"
    VA = "va"
    UNINSURED = "uninsured"


KIND_CHOICES = [
    (Kind.MEDICAID, "Medicaid"),
    (Kind.MEDICARE, "Medicare"),
    (Kind.PRIVATE, gettext_lazy("Private insurance (through work or the marketplace)")),
    (Kind.MILITARY, gettext_lazy("TRICARE (military)")),
    (Kind.VA, gettext_lazy("VA health care")),
    (Kind.UNINSURED, gettext_lazy("No insurance / paying myself")),
]
KIND_LABELS = dict(KIND_CHOICES)


@dataclass(frozen=True)
class Coverage:
    kind: str
    state: str = ""  # Medicaid is per state
    plan: str = ""  # an InsurancePlan slug, for private plans
    plan_name: str = ""

    @property
    def label(self) -> str:
        if self.kind == Kind.MEDICAID:
            return f"Medicaid ({self.state})"
        if self.kind == Kind.PRIVATE and self.plan_name:
            return self.plan_name
        return KIND_LABELS[self.kind]

    def search_params(self) -> list[tuple[str, str]]:
        """The public search parameters that ask for programs taking this coverage."""
        if self.kind == Kind.MEDICAID:
            return [("medicaid_state", self.state)]
        if self.kind == Kind.PRIVATE:
            return [("insurance", self.plan)] if self.plan else [("payment", "private")]
        if self.kind == Kind.UNINSURED:
            return [("payment", "self_pay"), ("payment", "sliding_fee"), ("payment", "payment_assistance")]
        return [("payment", self.kind)]

    def as_session(self) -> dict:
        return {"kind": self.kind, "state": self.state, "plan": self.plan, "plan_name": self.plan_name}

    @classmethod
    def from_session(cls, session) -> "Coverage | None":
        data = session.get(SESSION_KEY)
        if not isinstance(data, dict) or data.get("kind") not in KIND_LABELS:
            return None
        if data["kind"] == Kind.MEDICAID and data.get("state") not in US_STATES:
            return None
        return cls(data["kind"], data.get("state", ""), data.get("plan", ""), data.get("plan_name", ""))


@dataclass(frozen=True)
class Fit:
    status: str  # "accepted" | "not_accepted" | "unknown"
    label: str


def coverage_fit(program, coverage: Coverage) -> Fit:
    """Whether a program takes this coverage: accepted, not accepted, or unknown (ask)."""
    kinds = {option.kind.slug for option in program.payment_options.all()}
    plans = [acceptance.plan for acceptance in program.plan_acceptances.all()]
    listed = bool(kinds or plans)
    if coverage.kind == Kind.MEDICAID:
        return _medicaid_fit(program, coverage.state, kinds, plans)
    if coverage.kind == Kind.PRIVATE:
        return _private_fit(coverage, kinds, plans)
    if coverage.kind == Kind.UNINSURED:
        if "sliding_fee" in kinds:
            return Fit("accepted", _("Sliding fee based on income"))
        if "payment_assistance" in kinds:
            return Fit("accepted", _("Offers payment assistance"))
        if "self_pay" in kinds:
            return Fit("accepted", _("Takes self-pay — ask what it costs"))
        return Fit("not_accepted", _("No self-pay or sliding fee listed")) if listed else _unknown()
    plan_kind = {Kind.MEDICARE: "medicare", Kind.MILITARY: "military", Kind.VA: "va"}[coverage.kind]
    name = str(KIND_LABELS[coverage.kind]).split(" (")[0]
    if coverage.kind in kinds or any(plan.payer.kind == plan_kind for plan in plans):
        return Fit("accepted", _("Accepts %(coverage)s") % {"coverage": name})
    return Fit("not_accepted", _("Does not list %(coverage)s") % {"coverage": name}) if listed else _unknown()


def medicaid_states(program) -> list[str]:
    """The states whose Medicaid a program accepts, by the rule of selectors.accepts_medicaid_of: its own
    state's when it lists Medicaid, plus states a curator recorded and those of Medicaid plans it is in."""
    states = {row.state for row in program.medicaid_states.all()}
    states |= {
        acceptance.plan.state
        for acceptance in program.plan_acceptances.all()
        if acceptance.plan.payer.kind == "medicaid" and acceptance.plan.state
    }
    if any(option.kind.slug == "medicaid" for option in program.payment_options.all()):
        states.add(program.location.state)
    return sorted(states)


def _medicaid_fit(program, state: str, kinds: set[str], plans) -> Fit:
    own_state = program.location.state
    extra_states = {row.state for row in program.medicaid_states.all()}
    managed_care = [plan for plan in plans if plan.payer.kind == "medicaid" and plan.state == state]
    if ("medicaid" in kinds and own_state == state) or state in extra_states or managed_care:
        return Fit("accepted", _("Accepts your Medicaid (%(state)s)") % {"state": state})
    if "medicaid" in kinds:
        # Medicaid is run by each state: listing Medicaid means the program's own state's.
        return Fit(
            "not_accepted",
            _("Takes %(own_state)s Medicaid, not %(state)s's — ask") % {"own_state": own_state, "state": state},
        )
    return Fit("not_accepted", _("Does not list Medicaid")) if kinds or plans else _unknown()


def _private_fit(coverage: Coverage, kinds: set[str], plans) -> Fit:
    private_plans = [plan for plan in plans if plan.payer.kind == "private"]
    if coverage.plan and any(plan.slug == coverage.plan for plan in private_plans):
        return Fit("accepted", _("In your plan's network (%(plan)s)") % {"plan": coverage.label})
    if coverage.plan and private_plans:
        return Fit("not_accepted", _("Not in your plan's network"))
    if "private" in kinds:
        return Fit("unknown", _("Takes private insurance — ask if your plan is in network"))
    return Fit("not_accepted", _("Does not list private insurance")) if kinds or plans else _unknown()


def _unknown() -> Fit:
    return Fit("unknown", _("Unknown — ask"))


@dataclass(frozen=True)
class Estimate:
    full_cost: Decimal | None  # whole program before coverage, USD
    is_estimate: bool
    explanation: str
    you_may_pay: str


def cost_estimate(program, coverage: Coverage | None = None) -> Estimate:
    """The whole program's cost (listed, or weekly price × typical weeks) and what the person may pay."""
    cost = getattr(program, "cost", None)
    if cost is None:
        low, high = NATIONAL_IOP_RANGE
        return Estimate(
            None, False,
            _("This program lists no price. A complete IOP typically costs USD %(low)s–%(high)s.")
            % {"low": f"{low:,}", "high": f"{high:,}"},
            _you_may_pay(program, coverage),
        )  # fmt: skip
    if cost.basis == "program":
        full, estimated = cost.amount, cost.is_estimate
        explanation = _("%(price)s for the whole program") % {"price": f"{cost.currency} {cost.amount:,.0f}"}
    else:
        weeks = program.typical_weeks or DEFAULT_PROGRAM_WEEKS
        full, estimated = cost.amount * weeks, cost.is_estimate or not program.typical_weeks
        basis = (
            ngettext("%(weeks)d week", "%(weeks)d weeks", weeks) % {"weeks": weeks}
            if program.typical_weeks
            else _("%(weeks)d weeks (a typical IOP length; ask)") % {"weeks": weeks}
        )
        explanation = _("%(price)s a week × %(weeks)s = %(full)s") % {
            "price": f"{cost.currency} {cost.amount:,.0f}",
            "weeks": basis,
            "full": f"{cost.currency} {full:,.0f}",
        }
    return Estimate(full, estimated, explanation, _you_may_pay(program, coverage))


def _you_may_pay(program, coverage: Coverage | None) -> str:
    kinds = {option.kind.slug for option in program.payment_options.all()}
    if coverage is None:
        return _("What you pay depends on your coverage: tell us what you have to see it here.")
    fit = coverage_fit(program, coverage)
    if coverage.kind == Kind.MEDICAID and fit.status == "accepted":
        return _("With Medicaid you usually pay little or nothing.")
    if coverage.kind == Kind.UNINSURED:
        if "sliding_fee" in kinds:
            return _("The sliding fee depends on your income: ask what you would pay.")
        if "payment_assistance" in kinds:
            return _("Ask about payment assistance before you start.")
        return _("You would pay the full price; ask about payment plans.")
    if fit.status == "accepted":
        return _("Your plan may cover part or all of it; ask about co-pays, deductibles and pre-authorization.")
    if "sliding_fee" in kinds:
        return _("If your coverage is not accepted, a sliding fee based on income is offered.")
    return _("Check with the program and your insurer what you would pay.")
