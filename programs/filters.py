"""The one search FilterSet: the search page and the JSON API both use it, so they cannot disagree.

Parameter names are a public contract (shareable URLs, API)."""

from functools import partial

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from insurance import selectors as insurance
from insurance.models import InsurancePlan, PaymentKind

from . import selectors
from .geo import STATE_CHOICES, zip_place
from .models import Accreditation, CareLevel, Language, Medication, Population, Therapy

DEFAULT_RADIUS = 25
RADIUS_CHOICES = [5, 10, 25, 50, 100, 250, 500]
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
SCHEDULE_CHOICES = [("evening", _("Evenings")), ("weekend", _("Weekends"))]
SORT_CHOICES = [
    ("distance", _("Distance")),
    ("name", _("Name")),
    ("cost", _("Cost")),
    ("verified", _("Recently verified")),
]
BOOLEAN_CHOICES = [("true", _("Yes")), ("false", _("No"))]
# Parameters that are not filters but are part of the contract, and tracking tags links pick up.
PASSTHROUGH_PARAMETERS = {"page", "page_size"}
# Multi-value parameters that need all their values (the rest need any of them).
ALL_OF_PARAMETERS = {"therapy", "population"}
IGNORED_PREFIXES = ("utm_", "fbclid", "gclid", "_")


def vocabulary(model):
    return partial(selectors.vocabulary_choices, model)


class ProgramFilter(django_filters.FilterSet):
    care_level = django_filters.MultipleChoiceFilter(
        label=_("Level of care"), choices=vocabulary(CareLevel), method="filter_any", help_text="any of"
    )
    near = django_filters.CharFilter(
        label=_("Near ZIP code"),
        method="filter_later",
        validators=[RegexValidator(r"^\d{5}$", _("a 5-digit US ZIP code"))],
    )
    radius = django_filters.NumberFilter(label=_("Within (miles)"), method="filter_later", min_value=1, max_value=500)
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=STATE_CHOICES, field_name="location__state", empty_label=_("Any state")
    )
    telehealth = django_filters.ChoiceFilter(label=_("Telehealth"), choices=BOOLEAN_CHOICES, method="filter_later")
    payment = django_filters.MultipleChoiceFilter(
        label=_("Payment"), choices=vocabulary(PaymentKind), method="filter_payment", help_text="any of"
    )
    medicaid_state = django_filters.ChoiceFilter(
        label=_("Medicaid of state"), choices=STATE_CHOICES, method="filter_medicaid_state", empty_label="—"
    )
    insurance = django_filters.ChoiceFilter(
        label=_("Insurance plan"), choices=vocabulary(InsurancePlan), method="filter_insurance"
    )
    max_cost = django_filters.NumberFilter(
        label=_("Budget for the whole program (USD)"), method="filter_later", min_value=0, max_value=1_000_000
    )
    include_unlisted_cost = django_filters.ChoiceFilter(
        label=_("Include programs that list no cost"), choices=BOOLEAN_CHOICES, method="filter_later"
    )
    accreditation = django_filters.MultipleChoiceFilter(
        label=_("Accreditation"), choices=vocabulary(Accreditation), method="filter_any", help_text="any of"
    )
    therapy = django_filters.MultipleChoiceFilter(
        label=_("Therapies"), choices=vocabulary(Therapy), method="filter_all", help_text="all of"
    )
    population = django_filters.MultipleChoiceFilter(
        label=_("Groups served"), choices=vocabulary(Population), method="filter_all", help_text="all of"
    )
    medication = django_filters.MultipleChoiceFilter(
        label=_("Medication"), choices=vocabulary(Medication), method="filter_any", help_text="any of"
    )
    language = django_filters.ChoiceFilter(label=_("Language"), choices=vocabulary(Language), method="filter_any")
    schedule = django_filters.MultipleChoiceFilter(
        label=_("Schedule"), choices=SCHEDULE_CHOICES, method="filter_schedule", help_text="any of"
    )
    q = django_filters.CharFilter(label=_("Name or city"), method="filter_text", max_length=200)
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=SORT_CHOICES, method="filter_later")

    # Parameter -> (Program relation, vocabulary model) for the tag filters.
    TAGS = {
        "care_level": ("care_levels", CareLevel),
        "accreditation": ("accreditations", Accreditation),
        "therapy": ("therapies", Therapy),
        "population": ("populations", Population),
        "medication": ("medications", Medication),
        "language": ("languages", Language),
    }

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.place = None
        self.plan = None

    # --- validation -------------------------------------------------------------------------
    def is_valid(self) -> bool:
        valid = super().is_valid()
        form = self.form
        for name in self.unknown_parameters():
            form.add_error(
                None,
                gettext("Unknown parameter %(name)s. Known parameters: %(known)s.")
                % {"name": repr(name), "known": ", ".join(self.parameter_names())},
            )
        if valid:
            data = form.cleaned_data
            # A radius without `near` is ignored: the search form always sends the radius select.
            if data.get("near"):
                self.place = zip_place(data["near"])
                if self.place is None:
                    form.add_error(
                        "near", gettext("%(zip)s is not a US ZIP code we know.") % {"zip": repr(data["near"])}
                    )
            if data.get("sort") == "distance" and not data.get("near"):
                form.add_error("sort", gettext("sort=distance needs near (a 5-digit ZIP code)."))
            if data.get("insurance"):
                self.plan = insurance.plan_by_slug(data["insurance"])
        return not form.errors

    @classmethod
    def parameter_names(cls) -> list[str]:
        return [*cls.base_filters, *sorted(PASSTHROUGH_PARAMETERS)]

    def unknown_parameters(self) -> list[str]:
        known = set(self.parameter_names())
        return [name for name in self.data if name not in known and not name.startswith(IGNORED_PREFIXES)]

    # --- filters ------------------------------------------------------------------------------
    def filter_any(self, queryset, name, value):
        relation, model = self.TAGS[name]
        return queryset.filter(selectors.has_any(relation, model, [value] if isinstance(value, str) else value))

    def filter_all(self, queryset, name, value):
        relation, model = self.TAGS[name]
        return queryset.filter(selectors.has_all(relation, model, value))

    def filter_payment(self, queryset, name, value):
        return queryset.filter(insurance.accepts_payment(value))

    def filter_medicaid_state(self, queryset, name, value):
        return queryset.filter(insurance.accepts_medicaid_of(value))

    def filter_insurance(self, queryset, name, value):
        return queryset.filter(insurance.accepts_plan(self.plan))

    def filter_schedule(self, queryset, name, value):
        q = Q()
        for slot in value:
            q |= Q(**{f"schedule_{slot}": True})
        return queryset.filter(q)

    def filter_text(self, queryset, name, value):
        return selectors.text_search(queryset, value)

    def filter_later(self, queryset, name, value):
        """Place, budget and sort depend on each other; filter_queryset applies them together."""
        return queryset

    def filter_queryset(self, queryset, skip=frozenset(), overrides=None):
        """Apply every filter, except the parameters in `skip` and with `overrides` replacing values
        (facet counts ask "how many with this option instead")."""
        data = {name: value for name, value in self.form.cleaned_data.items() if name not in skip}
        data.update(overrides or {})
        for name, value in data.items():
            queryset = self.filters[name].filter(queryset, value)
        telehealth = data.get("telehealth")
        if self.place and data.get("near"):
            queryset = selectors.near(
                queryset,
                latitude=self.place.latitude,
                longitude=self.place.longitude,
                miles=float(data.get("radius") or DEFAULT_RADIUS),
                telehealth_state=self.place.state if telehealth == "true" else None,
            )
        if telehealth:
            queryset = queryset.filter(telehealth=telehealth == "true")
        if data.get("max_cost") is not None:
            queryset = insurance.within_budget(
                queryset,
                max_cost=data["max_cost"],
                coverage=self.coverage(data),
                include_unlisted=data.get("include_unlisted_cost") == "true",
            )
        else:
            queryset = insurance.with_full_cost(queryset)
        return queryset.order_by(*self.ordering(data))

    def coverage(self, data: dict) -> Q | None:
        """What the person said they are covered by, as a condition on programs (None if nothing)."""
        conditions = []
        kinds = set(data.get("payment") or ()) & insurance.COVERAGE_KINDS
        if kinds:
            conditions.append(Q(insurance.accepts_payment(kinds)))
        if data.get("medicaid_state"):
            conditions.append(insurance.accepts_medicaid_of(data["medicaid_state"]))
        if self.plan and data.get("insurance"):
            conditions.append(insurance.accepts_plan(self.plan))
        if not conditions:
            return None
        q = conditions[0]
        for condition in conditions[1:]:
            q |= condition
        return q

    def ordering(self, data: dict) -> list:
        has_distance = bool(self.place and data.get("near"))
        sort = data.get("sort") or ("distance" if has_distance else "name")
        if sort == "distance" and not has_distance:  # a facet or relaxation count that left `near` out
            sort = "name"
        return {
            "distance": [F("distance_miles").asc(nulls_last=True), "name", "id"],
            "name": ["name", "id"],
            "cost": [F("full_cost").asc(nulls_last=True), "name", "id"],
            "verified": [F("last_verified_at").desc(nulls_last=True), "name", "id"],
        }[sort]


class PageForm(forms.Form):
    page = forms.IntegerField(min_value=1, required=False)
    page_size = forms.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, required=False)


def describe_errors(*forms_) -> dict[str, list[str]]:
    """{parameter: [message]} for every invalid parameter, naming the allowed values where there are any."""
    errors: dict[str, list[str]] = {}
    for form in forms_:
        for name, field_errors in form.errors.as_data().items():
            key = "__all__" if name == "__all__" else name
            for error in field_errors:
                errors.setdefault(key, []).append(_message(form, name, error))
    return errors


def _message(form, name, error) -> str:
    field = form.fields.get(name)
    message = " ".join(error.messages)
    if error.code == "invalid_choice" and field is not None:
        allowed = ", ".join(str(value) for value, _ in field.choices if value != "")
        value = (error.params or {}).get("value", "")
        return gettext("%(value)s is not a valid %(name)s. Allowed values: %(allowed)s.") % {
            "value": repr(value),
            "name": name,
            "allowed": allowed,
        }
    if name == "__all__":
        return message
    return f"{name}: {message}"
