from dataclasses import fields

from django import forms
from django.core.validators import RegexValidator
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from . import matching
from .geo import zip_place
from .models import ProblemReport


def _question(label: str, choices: type[TextChoices], help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices.choices,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={
            "required": _("Please choose an answer."),
            "invalid_choice": _("Please choose one of the answers."),
        },
    )


class MatchForm(forms.Form):
    """The level-of-care guide's questions: one per field of `matching.Answers`, plus an optional ZIP."""

    safety = _question(
        _("Right now, are you having thoughts of hurting yourself or someone else?"),
        matching.Safety,
        _("If yes, please don't wait: call or text 988, or call 911."),
    )
    concern = _question(_("What do you want help with?"), matching.Concern)
    use = _question(_("Are you drinking or using drugs at the moment?"), matching.Use)
    withdrawal = _question(_("When you stopped or cut down before, what happened?"), matching.Withdrawal)
    coping = _question(
        _("Between appointments, how do you manage on your own?"),
        matching.Coping,
        _("For example getting through the day, or keeping from drinking or using."),
    )
    step_down = _question(
        _("Are you leaving, or did you recently leave, a hospital, inpatient or residential program?"),
        matching.StepDown,
    )
    weekly_therapy = _question(_("How has weekly therapy or counseling gone?"), matching.WeeklyTherapy)
    home = _question(_("Is where you live stable and safe for your recovery?"), matching.Home)
    travel = _question(_("Could you get to a program 3 to 5 times a week?"), matching.Travel)
    daytime = _question(_("Do work, school or caring for family take up your days?"), matching.Daytime)
    pregnancy = _question(_("Are you pregnant, or did you give birth in the last year?"), matching.Pregnancy)
    age = _question(_("How old are you?"), matching.AgeGroup)
    near = forms.CharField(
        label=_("ZIP code (optional), to search near you"),
        required=False,
        validators=[RegexValidator(r"^\d{5}$", _("Enter a 5-digit US ZIP code, or leave it empty."))],
    )

    def clean_near(self) -> str:
        near = self.cleaned_data["near"]
        if near and zip_place(near) is None:
            raise forms.ValidationError(
                _("%(zip)s is not a US ZIP code we know. Check it, or leave it empty."), params={"zip": near}
            )
        return near

    def answers(self) -> matching.Answers:
        """The cleaned answers as the guide's typed `Answers` (call after is_valid())."""
        return matching.Answers(**{f.name: f.type(self.cleaned_data[f.name]) for f in fields(matching.Answers)})


class ReportForm(forms.Form):
    """The "report wrong information" form of a public program page: no account, an optional note."""

    kind = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=ProblemReport.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what is wrong.")},
    )
    note = forms.CharField(
        label=_("Anything else we should know? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Please don't include your name or health details."),
    )
