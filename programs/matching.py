"""The level-of-care guide: a person's answers -> a suggested level of care, the reasons, and a search.

Pure logic, no database and no request, so the decision table can be tested row by row. The rules
follow the source article's "Who can benefit from IOPs" and the ASAM levels (shared/domain/feeds.md
section 4). Reasons describe who a kind of program usually fits, never what the person "has".
"""

from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _


class Safety(TextChoices):
    NO = "no", _("No")
    YES = "yes", _("Yes")
    PREFER_NOT = "prefer_not", _("I'd rather not say")


class Concern(TextChoices):
    MENTAL_HEALTH = "mental_health", _("Mental health (mood, anxiety, trauma, eating or other)")
    SUBSTANCE_USE = "substance_use", _("Alcohol or drug use")
    BOTH = "both", _("Both")
    NOT_SURE = "not_sure", _("Not sure")


class Use(TextChoices):
    DAILY = "daily", _("Every day or almost every day")
    SOME_DAYS = "some_days", _("Some days")
    NOT_NOW = "not_now", _("No, or not any more")
    PREFER_NOT = "prefer_not", _("I'd rather not say")


class Withdrawal(TextChoices):
    NOT_APPLICABLE = "not_applicable", _("Doesn't apply")
    NONE = "none", _("Nothing much")
    MILD = "mild", _("Shaky, sweaty, sick, anxious or unable to sleep")
    SEVERE = "severe", _("A seizure, seeing or hearing things, or severe confusion (DTs)")
    NOT_SURE = "not_sure", _("Not sure")


class Coping(TextChoices):
    MANAGING = "managing", _("Mostly okay")
    HARD = "hard", _("It's hard: I need support most days")
    AROUND_THE_CLOCK = "around_the_clock", _("I need people with me day and night")
    NOT_SURE = "not_sure", _("Not sure")


class StepDown(TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


class WeeklyTherapy(TextChoices):
    HELPING = "helping", _("It's helping enough")
    NOT_ENOUGH = "not_enough", _("It helps some, but I need more support")
    NOT_HELPING = "not_helping", _("It hasn't helped")
    NOT_TRIED = "not_tried", _("I haven't had weekly therapy")


class Home(TextChoices):
    STABLE = "stable", _("Yes")
    SOME_PROBLEMS = "some_problems", _("Mostly, with some problems")
    UNSTABLE = "unstable", _("No: it isn't safe, people there drink or use, or there's no steady place")


class Travel(TextChoices):
    EASY = "easy", _("Yes")
    HARD = "hard", _("It would be hard")
    NOT_POSSIBLE = "not_possible", _("No")


class Daytime(TextChoices):
    FREE = "free", _("No, daytime is possible")
    BUSY = "busy", _("Yes, evenings or weekends would be needed")


class Pregnancy(TextChoices):
    NO = "no", _("No, or doesn't apply")
    YES = "yes", _("Yes")
    PREFER_NOT = "prefer_not", _("I'd rather not say")


class AgeGroup(TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    FROM_18_TO_25 = "18_25", _("18 to 25")
    FROM_26_TO_64 = "26_64", _("26 to 64")
    FROM_65 = "65_plus", _("65 or older")
    PREFER_NOT = "prefer_not", _("I'd rather not say")


@dataclass(frozen=True)
class Answers:
    safety: Safety  # thoughts of harming self or others right now
    concern: Concern
    use: Use  # drinking or using drugs now
    withdrawal: Withdrawal  # what happened on stopping before
    coping: Coping  # need for 24-hour supervision
    step_down: StepDown  # leaving inpatient or residential care
    weekly_therapy: WeeklyTherapy
    home: Home
    travel: Travel  # can get to a program 3-5 times a week
    daytime: Daytime  # work, school or family take the daytime
    pregnancy: Pregnancy
    age: AgeGroup


class Level(TextChoices):
    URGENT = "urgent", _("Get urgent help now")
    INPATIENT_OR_RESIDENTIAL = "inpatient_or_residential", _("Residential or inpatient")
    PHP = "php", _("Partial hospitalization (PHP)")
    IOP = "iop", _("Intensive outpatient (IOP)")
    OUTPATIENT = "outpatient", _("Outpatient")


@dataclass(frozen=True)
class Recommendation:
    level: str
    headline: str
    reasons: tuple[str, ...]
    urgent: bool
    search_params: tuple[tuple[str, str], ...]


HEADLINES = {
    Level.URGENT: gettext_noop("Get urgent help now, before looking for a program"),
    Level.INPATIENT_OR_RESIDENTIAL: gettext_noop("Residential or inpatient care may be the place to start"),
    Level.PHP: gettext_noop("A partial hospitalization program (PHP) may be the place to start"),
    Level.IOP: gettext_noop("An intensive outpatient program (IOP) may be the place to start"),
    Level.OUTPATIENT: gettext_noop("Regular outpatient therapy may be the place to start"),
}
# Search care_level slugs for each level; detox is added when withdrawal needs medical help.
CARE_LEVELS = {
    Level.URGENT: ("inpatient",),
    Level.INPATIENT_OR_RESIDENTIAL: ("residential", "inpatient"),
    Level.PHP: ("php",),
    Level.IOP: ("iop",),
    Level.OUTPATIENT: ("outpatient",),
}
# Evening/weekend sessions and telehealth are offered at these levels; a full-day or live-in level has neither.
FLEXIBLE_LEVELS = {Level.OUTPATIENT, Level.IOP}
REMOTE_LEVELS = {Level.OUTPATIENT, Level.IOP, Level.PHP}
AGE_POPULATIONS = {
    AgeGroup.UNDER_18: "adolescents",
    AgeGroup.FROM_18_TO_25: "young_adults",
    AgeGroup.FROM_65: "seniors",
}

SAFETY_CRISIS = gettext_noop(
    "Thoughts of hurting yourself or someone else deserve help today, not a place on a waiting list. "
    "Call or text 988 now, or call 911 if anyone is in danger."
)
WITHDRAWAL_CRISIS = gettext_noop(
    "A seizure, hallucinations or severe confusion on stopping before, together with drinking or using "
    "every day now, means stopping suddenly can be dangerous. Don't stop on your own: see a doctor or go "
    "to an emergency room today, and call 911 for a seizure or severe confusion."
)
AFTER_CRISIS = gettext_noop("Once you are safe, the crisis team or hospital can tell you which program to go to next.")
SAFETY_UNSAID = gettext_noop("If you are not safe right now, don't wait for a program: call or text 988, or call 911.")
ASSESSMENT = gettext_noop(
    "This guide is a starting point. A clinician's assessment, usually a phone call or first visit with "
    "the program, decides the right level of care."
)


def recommend(answers: Answers) -> Recommendation:
    """The level of care the answers point to, the reasons in plain words, and the search that shows it."""
    crisis = _crisis_reasons(answers)
    if crisis:
        level, reasons = Level.URGENT, [*crisis, AFTER_CRISIS]
    else:
        level, reasons = _level(answers)
        if answers.safety == Safety.PREFER_NOT:
            reasons.insert(0, SAFETY_UNSAID)
    detox = _needs_detox(answers)
    reasons += _withdrawal_reasons(answers, detox)
    reasons += _circumstance_reasons(answers, level)
    reasons.append(ASSESSMENT)
    # The texts above are only marked for translation (they stay plain English constants); translated here.
    return Recommendation(
        level=level.value,
        headline=gettext(HEADLINES[level]),
        reasons=tuple(gettext(reason) for reason in reasons),
        urgent=level == Level.URGENT,
        search_params=_search_params(answers, level, detox),
    )


def _crisis_reasons(a: Answers) -> list[str]:
    reasons = []
    if a.safety == Safety.YES:
        reasons.append(SAFETY_CRISIS)
    if a.withdrawal == Withdrawal.SEVERE and a.use == Use.DAILY:
        reasons.append(WITHDRAWAL_CRISIS)
    return reasons


def _level(a: Answers) -> tuple[Level, list[str]]:
    """The ASAM-style level from need for supervision, step-down, weekly therapy and home (no crisis)."""
    reasons = []
    if a.coping == Coping.AROUND_THE_CLOCK:
        level = Level.INPATIENT_OR_RESIDENTIAL
        reasons.append(
            gettext_noop(
                "Residential and inpatient programs are usually a fit for people who need support around the "
                "clock. IOPs are for people who need more than weekly therapy but not 24-hour supervision."
            )
        )
    elif a.coping == Coping.HARD:
        level = Level.PHP
        reasons.append(
            gettext_noop(
                "Partial hospitalization (day treatment, usually 20 or more hours a week over five days) is "
                "usually a fit for people who need support most days but can sleep at home."
            )
        )
    else:
        level = Level.OUTPATIENT
        if a.weekly_therapy in (WeeklyTherapy.NOT_ENOUGH, WeeklyTherapy.NOT_HELPING):
            level = Level.IOP
            reasons.append(
                gettext_noop(
                    "IOPs are usually a fit for people who need more support than weekly therapy: about 9 to "
                    "19 hours a week, often three 3-hour sessions, while living at home."
                )
            )
        if a.use == Use.DAILY:
            level = Level.IOP
            reasons.append(
                gettext_noop(
                    "Drinking or using every day or almost every day usually calls for more than a weekly visit; "
                    "IOPs give several sessions a week while you keep your daily routine."
                )
            )
    if a.step_down == StepDown.YES and level != Level.INPATIENT_OR_RESIDENTIAL:
        if level == Level.OUTPATIENT:
            level = Level.IOP
        reasons.append(
            gettext_noop(
                "Stepping down from a hospital, inpatient or residential program to day treatment or an IOP is "
                "common: the structure continues while you return to daily life."
            )
        )
    if level == Level.OUTPATIENT:
        reasons.append(
            gettext_noop(
                "Weekly therapy is helping, and staying with regular outpatient care (under 9 hours a week) is "
                "usually a fit for people who are managing day to day."
            )
            if a.weekly_therapy == WeeklyTherapy.HELPING
            else gettext_noop(
                "Regular outpatient therapy (under 9 hours a week) is a common first step for people who are "
                "managing day to day. If it isn't enough, an IOP is the next step up."
            )
        )
    if a.coping == Coping.NOT_SURE:
        reasons.append(
            gettext_noop(
                "If getting through the days between appointments is hard, say so to the program: day treatment "
                "(PHP) or residential care may fit better."
            )
        )
    if a.home == Home.UNSTABLE and level in (Level.IOP, Level.PHP):
        level = Level.INPATIENT_OR_RESIDENTIAL
        reasons.append(
            gettext_noop(
                "IOPs and day programs work best for people with a stable, safe place to live. When home isn't "
                "safe or steady, residential care, or an IOP together with sober living, is usually a better fit."
            )
        )
    return level, reasons


def _needs_detox(a: Answers) -> bool:
    """Withdrawal that may need medical help: symptoms on stopping before, and still drinking or using."""
    if a.use == Use.NOT_NOW:
        return False
    if a.withdrawal in (Withdrawal.MILD, Withdrawal.SEVERE):
        return True
    return a.withdrawal == Withdrawal.NOT_SURE and a.use == Use.DAILY


def _withdrawal_reasons(a: Answers, detox: bool) -> list[str]:
    if detox and a.withdrawal == Withdrawal.SEVERE:
        if a.use == Use.DAILY:
            return []  # the crisis reason already says it
        return [
            gettext_noop(
                "After a seizure, hallucinations or severe confusion on stopping before, cutting down without "
                "medical help can be dangerous: talk to a doctor first. The search includes programs that "
                "offer detox (medically supervised withdrawal)."
            )
        ]
    if detox:
        return [
            gettext_noop(
                "Withdrawal symptoms are usually managed with medical help (detox) before or alongside other "
                "treatment, so the search includes programs that offer detox."
            )
        ]
    if a.use == Use.NOT_NOW and a.withdrawal in (Withdrawal.MILD, Withdrawal.SEVERE):
        return [
            gettext_noop(
                "IOPs are usually a fit for people who have finished detox and are ready for ongoing treatment."
            )
        ]
    return []


def _circumstance_reasons(a: Answers, level: Level) -> list[str]:
    reasons = []
    if a.concern == Concern.BOTH:
        reasons.append(
            gettext_noop(
                "Programs that treat mental health and substance use together usually fit people who want help "
                "with both better than treating one at a time; the search shows those programs."
            )
        )
    if a.age == AgeGroup.UNDER_18:
        reasons.append(
            gettext_noop(
                "Programs for teenagers differ from adult programs and involve a parent or guardian; the search "
                "shows programs for adolescents."
            )
        )
    elif a.age in AGE_POPULATIONS:
        reasons.append(
            gettext_noop("The search shows programs with groups for your age; you can remove that filter there.")
        )
    if a.pregnancy == Pregnancy.YES:
        reasons.append(
            gettext_noop(
                "Some programs specialise in care during pregnancy and after birth; the search shows those programs."
            )
        )
        if a.use in (Use.DAILY, Use.SOME_DAYS, Use.PREFER_NOT):
            reasons.append(
                gettext_noop(
                    "During pregnancy, stopping alcohol or opioids suddenly can be risky for you and the baby: "
                    "talk with a prenatal care provider or the program before cutting down."
                )
            )
    if a.daytime == Daytime.BUSY:
        if level in FLEXIBLE_LEVELS:
            reasons.append(
                gettext_noop(
                    "IOPs suit people who can't step away from work, school or family; the search shows programs "
                    "with evening or weekend sessions."
                )
            )
        else:
            reasons.append(
                gettext_noop(
                    "This level of care usually takes full days. Tell the program what you can't step away from: "
                    "they can help plan time off, and tell you whether an evening program could be enough."
                )
            )
    if a.travel != Travel.EASY and level in REMOTE_LEVELS:
        reasons.append(
            gettext_noop(
                "Programs usually expect you 3 to 5 times a week, so the search shows programs that offer "
                "telehealth. Also ask about rides: Medicaid and some other plans cover transport to treatment."
            )
        )
    if a.home == Home.SOME_PROBLEMS:
        reasons.append(
            gettext_noop("When home is only partly steady, ask programs about family sessions and sober living.")
        )
    elif a.home == Home.UNSTABLE and level in (Level.OUTPATIENT, Level.URGENT):
        reasons.append(
            gettext_noop("A safe, steady place to live matters: ask programs about sober living or housing help.")
        )
    return reasons


def _search_params(a: Answers, level: Level, detox: bool) -> tuple[tuple[str, str], ...]:
    """Public search parameters only (care_level, schedule, population, telehealth): nothing sensitive."""
    params = [("care_level", slug) for slug in CARE_LEVELS[level]]
    if detox:
        params.append(("care_level", "detox"))
    if a.daytime == Daytime.BUSY and level in FLEXIBLE_LEVELS:
        params += [("schedule", "evening"), ("schedule", "weekend")]
    if a.concern == Concern.BOTH:
        params.append(("population", "co_occurring"))
    if a.age in AGE_POPULATIONS:
        params.append(("population", AGE_POPULATIONS[a.age]))
    if a.pregnancy == Pregnancy.YES:
        params.append(("population", "pregnant_women"))
    if a.travel != Travel.EASY and level in REMOTE_LEVELS:
        params.append(("telehealth", "true"))
    return tuple(params)
