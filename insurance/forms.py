from django import forms
from django.utils.translation import gettext_lazy as _

from programs.geo import STATE_CHOICES

from .coverage import KIND_CHOICES, Coverage, Kind
from .models import InsurancePlan, Payer


class CoverageForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you have?"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    state = forms.ChoiceField(
        label=_("Medicaid from which state?"), choices=[("", "—"), *STATE_CHOICES], required=False
    )
    plan = forms.ModelChoiceField(
        label=_("Your private plan (optional)"),
        queryset=InsurancePlan.objects.filter(payer__kind=Payer.Kind.PRIVATE).order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("I'm not sure / not listed"),
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == Kind.MEDICAID and not data.get("state"):
            self.add_error("state", _("Medicaid is run by each state: choose the state of your Medicaid."))
        return data

    def coverage(self) -> Coverage:
        data = self.cleaned_data
        kind = data["kind"]
        plan = data.get("plan") if kind == Kind.PRIVATE else None
        return Coverage(
            kind=kind,
            state=data.get("state", "") if kind == Kind.MEDICAID else "",
            plan=plan.slug if plan else "",
            plan_name=plan.name if plan else "",
        )
