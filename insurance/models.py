"""How people pay: payment kinds, payers and plans, which programs accept them, and cost."""

from django.db import models
from django.db.models import Q

from programs.geo import STATE_CHOICES
from programs.models import STATE_CODES, Program, Vocabulary


class PaymentKind(Vocabulary):
    """medicaid, medicare, private, military, va, self_pay, sliding_fee, payment_assistance."""


class Payer(models.Model):
    class Kind(models.TextChoices):
        MEDICAID = "medicaid", "Medicaid"
        MEDICARE = "medicare", "Medicare"
        PRIVATE = "private", "Private insurer"
        MILITARY = "military", "Military (TRICARE)"
        VA = "va", "Veterans Affairs"
        STATE = "state", "Other state-financed plan"

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=160)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=2, choices=STATE_CHOICES, blank=True, help_text="For state programs")

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(state="") | Q(state__in=STATE_CODES), name="payer_state_is_us_code"),
        ]

    def __str__(self) -> str:
        return self.name


class InsurancePlan(models.Model):
    """A plan people name when asked what coverage they have (e.g. 'Medicaid (NY)', 'Aetna PPO')."""

    payer = models.ForeignKey(Payer, on_delete=models.PROTECT, related_name="plans")
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=160)
    state = models.CharField(max_length=2, choices=STATE_CHOICES, blank=True, help_text="Medicaid plans: the state")
    is_managed_care = models.BooleanField(default=False, help_text="A Medicaid managed-care plan")
    programs = models.ManyToManyField(Program, through="PlanAcceptance", related_name="insurance_plans")

    class Meta:
        ordering = ["payer__kind", "state", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(state="") | Q(state__in=STATE_CODES), name="plan_state_is_us_code"),
        ]

    def __str__(self) -> str:
        return self.name


class PlanAcceptance(models.Model):
    """A program is in this plan's network (recorded by a curator or a feed that carries plans)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="plan_acceptances")
    plan = models.ForeignKey(InsurancePlan, on_delete=models.CASCADE, related_name="acceptances")
    note = models.CharField(max_length=255, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "program"], name="plan_acceptance_unique")]

    def __str__(self) -> str:
        return f"{self.program_id} accepts {self.plan}"


class PaymentOption(models.Model):
    """A way a program can be paid for (self-pay, sliding fee, Medicaid, ...)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="payment_options")
    kind = models.ForeignKey(PaymentKind, on_delete=models.PROTECT, related_name="options")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "program"], name="payment_option_unique")]

    def __str__(self) -> str:
        return f"{self.program_id}: {self.kind}"


class MedicaidState(models.Model):
    """An extra state whose Medicaid a program accepts, recorded by a curator.

    A program listing Medicaid accepts its own state's Medicaid without a row here."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="medicaid_states")
    state = models.CharField(max_length=2, choices=STATE_CHOICES)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["state", "program"], name="medicaid_state_unique"),
            models.CheckConstraint(condition=Q(state__in=STATE_CODES), name="medicaid_state_is_us_code"),
        ]

    def __str__(self) -> str:
        return f"{self.program_id}: Medicaid {self.state}"


class Cost(models.Model):
    """What a program costs before coverage, when known or estimated."""

    class Basis(models.TextChoices):
        WEEK = "week", "per week"
        PROGRAM = "program", "for the whole program"

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="cost")
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    basis = models.CharField(max_length=10, choices=Basis.choices)
    currency = models.CharField(max_length=3, default="USD")
    is_estimate = models.BooleanField(default=False, help_text="An estimate rather than a price the program listed")
    note = models.CharField(max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="cost_amount_not_negative"),
            models.CheckConstraint(condition=Q(currency__regex=r"^[A-Z]{3}$"), name="cost_currency_iso_4217"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.amount} {self.get_basis_display()}"
