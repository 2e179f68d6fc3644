"""The search parameters as the API documents them, read from ProgramFilter and PageForm themselves so
the documentation cannot drift from what the search accepts."""

from django import forms
from django.core.validators import RegexValidator
from django.utils import translation
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter

from programs.filters import DEFAULT_PAGE_SIZE, DEFAULT_RADIUS, MAX_PAGE_SIZE, PageForm, ProgramFilter
from programs.models import Program

# What the form fields cannot say about themselves.
NOTES = {
    "near": "Results are within `radius` miles, nearest first, each with `distance_miles`.",
    "radius": f"Default {DEFAULT_RADIUS}; used only with `near`.",
    "telehealth": "With `near`, telehealth programs in or licensed for the ZIP code's state count as in range.",
    "medicaid_state": "A program listing Medicaid accepts its own state's, plus states and Medicaid plans a "
    "curator recorded.",
    "insurance": "Programs in that plan's network.",
    "max_cost": "A program fits when its cost for the whole program fits, when it accepts the coverage given in "
    "`payment`/`medicaid_state`/`insurance`, or when it offers a sliding fee or payment assistance; each result's "
    "`budget_reason` says which.",
    "include_unlisted_cost": "With `max_cost`: also list programs that list no cost.",
    "q": "Every word must appear in the program or provider name or the city.",
    "sort": "Default `distance` with `near`, `name` otherwise.",
    "page": "Default 1; a page past the last gives the last page, as the search page does.",
    "page_size": f"Default {DEFAULT_PAGE_SIZE}, at most {MAX_PAGE_SIZE}.",
}


def search_fields() -> dict[str, forms.Field]:
    """Every query parameter of the search, with the form field that validates it."""
    filterset = ProgramFilter(queryset=Program.objects.none())
    return {**filterset.form.fields, **PageForm().fields}


def parameter_choices() -> dict[str, list[tuple[str, str]]]:
    """{parameter: [(value, label), ...]} for every parameter with a fixed set of values."""
    return {
        name: [(str(value), str(label)) for value, label in field.choices if value != ""]
        for name, field in search_fields().items()
        if isinstance(field, forms.ChoiceField)
    }


def vocabulary_terms() -> dict[str, list[dict[str, str]]]:
    """{parameter: [{slug, label, label_es}, ...]}: parameter_choices() in English and Spanish."""
    with translation.override("es"):
        spanish = {name: dict(choices) for name, choices in parameter_choices().items()}
    with translation.override("en"):
        english = parameter_choices()
    return {
        name: [{"slug": value, "label": label, "label_es": spanish[name][value]} for value, label in choices]
        for name, choices in english.items()
    }


def openapi_parameters() -> list[OpenApiParameter]:
    """One OpenAPI query parameter per search parameter, with its allowed values or range."""
    parameters = []
    for name, field in search_fields().items():
        schema, description = _schema(name, field)
        parameters.append(
            OpenApiParameter(
                name,
                type=schema,
                description=" ".join(part for part in (description, NOTES.get(name, "")) if part),
                style="form",
                explode=True,
            )
        )
    return parameters


def _schema(name: str, field: forms.Field) -> tuple[dict, str]:
    label = str(field.label or name)
    if isinstance(field, forms.ChoiceField):
        choices = [(str(value), str(label)) for value, label in field.choices if value != ""]
        allowed = "; ".join(f"`{value}` {label}" for value, label in choices)
        values = {"type": "string", "enum": [value for value, _ in choices]}
        if isinstance(field, forms.MultipleChoiceField):
            how = field.help_text or "any of"
            return {"type": "array", "items": values}, f"{label}: {how} (repeat the parameter). Values: {allowed}."
        return values, f"{label}. Values: {allowed}."
    if isinstance(field, forms.IntegerField | forms.DecimalField):
        # DecimalField and FloatField subclass IntegerField.
        whole = not isinstance(field, forms.DecimalField | forms.FloatField)
        schema = {"type": "integer" if whole else "number"}
        if field.min_value is not None:
            schema["minimum"] = field.min_value
        if field.max_value is not None:
            schema["maximum"] = field.max_value
        return schema, f"{label}: {schema.get('minimum', '…')}–{schema.get('maximum', '…')}."
    if isinstance(field, forms.CharField):
        schema = {"type": "string"}
        if field.max_length:
            schema["maxLength"] = field.max_length
        for validator in field.validators:
            if isinstance(validator, RegexValidator) and not validator.inverse_match:
                schema["pattern"] = validator.regex.pattern
                label = f"{label}: {validator.message}"
        return schema, f"{label}."
    raise TypeError(f"No OpenAPI description for the search parameter {name!r} ({type(field).__name__})")


class SearchSchema(AutoSchema):
    """The list endpoint's schema: its query parameters come from the search FilterSet."""

    def get_override_parameters(self):
        return [*super().get_override_parameters(), *openapi_parameters()]
