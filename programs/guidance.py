"""What the source article tells people to look for, applied to one listing.

Signs are shown as present / not reported, never as a score the data cannot support."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

EVIDENCE_BASED_THERAPIES = {"cbt", "dbt", "mi", "twelve_step", "contingency_management", "family", "trauma", "emdr"}
MOUD = {"buprenorphine", "naltrexone", "methadone"}


@dataclass(frozen=True)
class Sign:
    label: str
    present: bool
    detail: str = ""


def _slugs(manager) -> set[str]:
    return {item.slug for item in manager.all()}


def signs_of_quality(program) -> list[Sign]:
    """The article's signs of a good program, each present or not reported for this listing.

    Expects therapies, medications and accreditations prefetched."""
    therapies = [t for t in program.therapies.all() if t.slug in EVIDENCE_BASED_THERAPIES]
    medications = [m for m in program.medications.all() if m.slug in MOUD]
    accreditations = list(program.accreditations.all())
    signs = [
        Sign(_("Evidence-based therapies"), bool(therapies), ", ".join(t.localized_label for t in therapies)),
        Sign(_("Family involvement"), bool(program.family_involvement)),
        Sign(_("Aftercare planning"), bool(program.aftercare)),
        Sign(_("Accreditation"), bool(accreditations), ", ".join(a.localized_label for a in accreditations)),
        Sign(_("Reports its outcomes"), bool(program.outcomes_reported), program.outcomes_reported),
    ]
    if program.facility_type == "SA" or medications:
        signs.insert(1, Sign(_("Medication for opioid use disorder"), bool(medications),
                             ", ".join(m.localized_label for m in medications)))  # fmt: skip
    return signs


def questions_to_ask(program) -> list[str]:
    """Questions for the phone call, built from what the listing does not say."""
    questions = []
    if program.accepting_new_clients is None:
        questions.append(_("Are you accepting new clients, and how long is the wait to start?"))
    if program.hours_per_week is None or program.sessions_per_week is None:
        questions.append(_("How many hours a week, and how many sessions, does the program take?"))
    if program.schedule_evening is None and program.schedule_weekend is None:
        questions.append(_("Do you have evening or weekend groups I could attend around work or school?"))
    if program.typical_weeks is None:
        questions.append(_("How many weeks does the program usually last?"))
    if not hasattr(program, "cost") or program.cost is None:
        questions.append(_("What does the whole program cost, and what would I pay with my insurance?"))
    questions.append(_("Are you in my insurance plan's network, and do I need pre-authorization?"))
    if not program.therapies.all():
        questions.append(_("Which therapies do you use (for example CBT, DBT, motivational interviewing)?"))
    if program.family_involvement is None:
        questions.append(_("How are family members involved in treatment?"))
    if program.aftercare is None:
        questions.append(_("What aftercare or continuing care do you plan with people when they finish?"))
    if not program.staff_qualifications:
        questions.append(_("Who leads the groups, and what licenses do they hold?"))
    if not program.outcomes_reported:
        questions.append(_("Do you track outcomes, and can you share them?"))
    return questions
