import re

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from insurance.coverage import KIND_CHOICES, Kind
from insurance.models import InsurancePlan, Payer

from .models import Client, Membership, ReferralStatus, ShortlistItem

# Two or more capitalised words ("Maria Lopez") or an email address: identifying, not an alias.
FULL_NAME = re.compile(r"^[A-Z][a-z'’-]+(\s+[A-Z][a-z'’-]+)+$")
EMAIL = re.compile(r"\S+@\S+\.\S+")
MAX_SHARE_DAYS = 30


class ClientForm(forms.ModelForm):
    coverage_kind = forms.ChoiceField(
        label="Their coverage", choices=[("", "Not known yet"), *KIND_CHOICES], required=False
    )
    coverage_plan = forms.ModelChoiceField(
        label="Private plan (optional)",
        queryset=InsurancePlan.objects.filter(payer__kind=Payer.Kind.PRIVATE).order_by("name"),
        required=False,
        empty_label="Not sure / not listed",
    )

    class Meta:
        model = Client
        fields = ["alias", "coverage_kind", "coverage_state", "coverage_plan"]
        labels = {"alias": "Alias or initials", "coverage_state": "Medicaid from which state?"}

    def clean_alias(self) -> str:
        alias = self.cleaned_data["alias"].strip()
        if FULL_NAME.match(alias) or EMAIL.search(alias):
            raise forms.ValidationError(
                "This looks like a name or an email address. Use initials or a nickname instead, "
                "such as “J.S.” or “JS-Tue”: the workspace never needs to know who the client is."
            )
        return alias

    def clean(self):
        data = super().clean()
        if data.get("coverage_kind") == Kind.MEDICAID and not data.get("coverage_state"):
            self.add_error("coverage_state", "Medicaid is run by each state: choose the state of their Medicaid.")
        return data


class AddToShortlistForm(forms.Form):
    """The "add to a client's shortlist" form on public pages; the choices are the person's own."""

    client = forms.ModelChoiceField(queryset=Client.objects.none())
    program = forms.IntegerField(min_value=1)

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients


class NoteForm(forms.ModelForm):
    class Meta:
        model = ShortlistItem
        fields = ["note"]
        labels = {"note": "Private note"}
        widgets = {"note": forms.Textarea(attrs={"rows": 2, "maxlength": 2000})}


class MoveForm(forms.Form):
    offset = forms.TypedChoiceField(choices=[("-1", "Up"), ("1", "Down")], coerce=int)


class ReferralForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=ReferralStatus.choices)
    on = forms.DateField(label="On", initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="Short note (private)", max_length=200, required=False)


class ShareForm(forms.Form):
    days = forms.IntegerField(label="Link works for (days)", min_value=1, max_value=MAX_SHARE_DAYS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = settings.CASEWORK_SHARE_DAYS


class InviteForm(forms.Form):
    email = forms.EmailField(label="Their work email")
    role = forms.ChoiceField(label="Role", choices=Membership.Role.choices, initial=Membership.Role.MEMBER)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(username__iexact=email).exists():
            raise forms.ValidationError("There is already an account for this email.")
        return email


class SharingForm(forms.Form):
    shares_clients = forms.BooleanField(
        label="Case managers of the agency see and work on each other's clients", required=False
    )


class ActiveForm(forms.Form):
    active = forms.BooleanField(required=False)
