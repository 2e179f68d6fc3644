"""The level-of-care guide's decision table (programs.matching.recommend), row by row."""

import itertools
from dataclasses import fields, replace

import pytest

from programs.matching import (
    ASSESSMENT,
    SAFETY_CRISIS,
    SAFETY_UNSAID,
    WITHDRAWAL_CRISIS,
    AgeGroup,
    Answers,
    Concern,
    Coping,
    Daytime,
    Home,
    Pregnancy,
    Safety,
    StepDown,
    Travel,
    Use,
    WeeklyTherapy,
    Withdrawal,
    recommend,
)

# Someone managing day to day with weekly therapy that helps: the row every other row changes.
BASE = Answers(
    safety=Safety.NO,
    concern=Concern.MENTAL_HEALTH,
    use=Use.NOT_NOW,
    withdrawal=Withdrawal.NOT_APPLICABLE,
    coping=Coping.MANAGING,
    step_down=StepDown.NO,
    weekly_therapy=WeeklyTherapy.HELPING,
    home=Home.STABLE,
    travel=Travel.EASY,
    daytime=Daytime.FREE,
    pregnancy=Pregnancy.NO,
    age=AgeGroup.FROM_26_TO_64,
)
NEEDS_MORE = {"weekly_therapy": WeeklyTherapy.NOT_ENOUGH}
OUTPATIENT = (("care_level", "outpatient"),)
IOP = (("care_level", "iop"),)
PHP = (("care_level", "php"),)
RESIDENTIAL = (("care_level", "residential"), ("care_level", "inpatient"))
DETOX = (("care_level", "detox"),)
EVENINGS = (("schedule", "evening"), ("schedule", "weekend"))
TELEHEALTH = (("telehealth", "true"),)

SEARCH_SLUGS = {
    "care_level": {"outpatient", "iop", "php", "residential", "inpatient", "detox"},
    "schedule": {"evening", "weekend"},
    "population": {"adolescents", "young_adults", "seniors", "pregnant_women", "co_occurring", "veterans"},
    "telehealth": {"true"},
}
DIAGNOSTIC_PHRASES = ("you have", "you've", "you suffer", "you are addicted", "addict", "disorder", "diagnosed")


def answers(**changes) -> Answers:
    return replace(BASE, **changes)


# (changes, level, fragments some reason must contain, search_params)
DECISION_TABLE = {
    # How much weekly therapy helps, need for daily support, stepping down
    "weekly therapy helping -> outpatient": ({}, "outpatient", ["Weekly therapy is helping"], OUTPATIENT),
    "weekly therapy not tried -> outpatient first": (
        {"weekly_therapy": WeeklyTherapy.NOT_TRIED},
        "outpatient",
        ["common first step", "an IOP is the next step up"],
        OUTPATIENT,
    ),
    "weekly therapy not enough -> iop": (NEEDS_MORE, "iop", ["more support than weekly therapy"], IOP),
    "weekly therapy not helping -> iop": (
        {"weekly_therapy": WeeklyTherapy.NOT_HELPING},
        "iop",
        ["more support than weekly therapy"],
        IOP,
    ),
    "daily use, no therapy yet -> iop": (
        {"concern": Concern.SUBSTANCE_USE, "use": Use.DAILY, "withdrawal": Withdrawal.NONE},
        "iop",
        ["every day or almost every day"],
        IOP,
    ),
    "stepping down, therapy helping -> iop": ({"step_down": StepDown.YES}, "iop", ["Stepping down"], IOP),
    "support needed most days -> php": ({"coping": Coping.HARD}, "php", ["Partial hospitalization"], PHP),
    "support most days and stepping down -> php": (
        {"coping": Coping.HARD, "step_down": StepDown.YES},
        "php",
        ["Partial hospitalization", "Stepping down"],
        PHP,
    ),
    "support around the clock -> residential or inpatient": (
        {"coping": Coping.AROUND_THE_CLOCK},
        "inpatient_or_residential",
        ["support around the clock", "not 24-hour supervision"],
        RESIDENTIAL,
    ),
    "around the clock while stepping down stays residential": (
        {"coping": Coping.AROUND_THE_CLOCK, "step_down": StepDown.YES, **NEEDS_MORE},
        "inpatient_or_residential",
        ["support around the clock"],
        RESIDENTIAL,
    ),
    "unsure about coping keeps the level and says when to go higher": (
        {"coping": Coping.NOT_SURE},
        "outpatient",
        ["say so to the program"],
        OUTPATIENT,
    ),
    # Home
    "iop need with unsafe home -> residential": (
        {"home": Home.UNSTABLE, **NEEDS_MORE},
        "inpatient_or_residential",
        ["stable, safe place to live", "sober living"],
        RESIDENTIAL,
    ),
    "php need with unsafe home -> residential": (
        {"home": Home.UNSTABLE, "coping": Coping.HARD},
        "inpatient_or_residential",
        ["stable, safe place to live"],
        RESIDENTIAL,
    ),
    "outpatient need with unsafe home stays outpatient, asks about housing": (
        {"home": Home.UNSTABLE},
        "outpatient",
        ["housing help"],
        OUTPATIENT,
    ),
    "home with some problems: ask about family sessions": (
        {"home": Home.SOME_PROBLEMS, **NEEDS_MORE},
        "iop",
        ["family sessions"],
        IOP,
    ),
    # Withdrawal and detox
    "mild withdrawal while using some days adds detox": (
        {"use": Use.SOME_DAYS, "withdrawal": Withdrawal.MILD, **NEEDS_MORE},
        "iop",
        ["medical help (detox)"],
        IOP + DETOX,
    ),
    "mild withdrawal while using daily adds detox": (
        {"use": Use.DAILY, "withdrawal": Withdrawal.MILD},
        "iop",
        ["every day or almost every day", "medical help (detox)"],
        IOP + DETOX,
    ),
    "severe withdrawal before, using some days: doctor first, detox": (
        {"use": Use.SOME_DAYS, "withdrawal": Withdrawal.SEVERE, **NEEDS_MORE},
        "iop",
        ["talk to a doctor first", "detox"],
        IOP + DETOX,
    ),
    "severe withdrawal before, use unsaid: doctor first, detox": (
        {"use": Use.PREFER_NOT, "withdrawal": Withdrawal.SEVERE},
        "outpatient",
        ["talk to a doctor first"],
        OUTPATIENT + DETOX,
    ),
    "unsure about withdrawal while using daily adds detox": (
        {"use": Use.DAILY, "withdrawal": Withdrawal.NOT_SURE},
        "iop",
        ["medical help (detox)"],
        IOP + DETOX,
    ),
    "unsure about withdrawal while using some days: no detox": (
        {"use": Use.SOME_DAYS, "withdrawal": Withdrawal.NOT_SURE},
        "outpatient",
        [],
        OUTPATIENT,
    ),
    "no withdrawal while using daily: no detox": (
        {"use": Use.DAILY, "withdrawal": Withdrawal.NONE},
        "iop",
        [],
        IOP,
    ),
    "detox finished, not using now -> iop without detox": (
        {"use": Use.NOT_NOW, "withdrawal": Withdrawal.SEVERE, **NEEDS_MORE},
        "iop",
        ["finished detox"],
        IOP,
    ),
    # Who the program serves
    "mental health and substance use: co-occurring programs": (
        {"concern": Concern.BOTH, **NEEDS_MORE},
        "iop",
        ["mental health and substance use together"],
        (*IOP, ("population", "co_occurring")),
    ),
    "under 18: adolescent programs": (
        {"age": AgeGroup.UNDER_18, **NEEDS_MORE},
        "iop",
        ["teenagers", "parent or guardian"],
        (*IOP, ("population", "adolescents")),
    ),
    "18 to 25: young adult programs": (
        {"age": AgeGroup.FROM_18_TO_25},
        "outpatient",
        ["groups for your age"],
        (*OUTPATIENT, ("population", "young_adults")),
    ),
    "65 or older: programs for older adults": (
        {"age": AgeGroup.FROM_65},
        "outpatient",
        ["groups for your age"],
        (*OUTPATIENT, ("population", "seniors")),
    ),
    "age unsaid: no age filter": ({"age": AgeGroup.PREFER_NOT}, "outpatient", [], OUTPATIENT),
    "pregnant: programs for pregnant or postpartum women": (
        {"pregnancy": Pregnancy.YES, **NEEDS_MORE},
        "iop",
        ["during pregnancy and after birth"],
        (*IOP, ("population", "pregnant_women")),
    ),
    "pregnant and using: talk to prenatal care before cutting down": (
        {"pregnancy": Pregnancy.YES, "use": Use.SOME_DAYS, "withdrawal": Withdrawal.NONE},
        "outpatient",
        ["prenatal care provider"],
        (*OUTPATIENT, ("population", "pregnant_women")),
    ),
    "pregnancy unsaid: no filter": ({"pregnancy": Pregnancy.PREFER_NOT}, "outpatient", [], OUTPATIENT),
    # Work, school, family and getting there
    "busy days at iop: evening or weekend sessions": (
        {"daytime": Daytime.BUSY, **NEEDS_MORE},
        "iop",
        ["can't step away from work, school or family", "evening or weekend"],
        IOP + EVENINGS,
    ),
    "busy days at outpatient: evening or weekend sessions": (
        {"daytime": Daytime.BUSY},
        "outpatient",
        ["evening or weekend"],
        OUTPATIENT + EVENINGS,
    ),
    "busy days at php: no schedule filter, plan time off": (
        {"daytime": Daytime.BUSY, "coping": Coping.HARD},
        "php",
        ["usually takes full days", "plan time off"],
        PHP,
    ),
    "busy days at residential: no schedule filter": (
        {"daytime": Daytime.BUSY, "coping": Coping.AROUND_THE_CLOCK},
        "inpatient_or_residential",
        ["usually takes full days"],
        RESIDENTIAL,
    ),
    "hard to travel at iop: telehealth": (
        {"travel": Travel.HARD, **NEEDS_MORE},
        "iop",
        ["telehealth", "rides"],
        IOP + TELEHEALTH,
    ),
    "cannot travel at php: telehealth": (
        {"travel": Travel.NOT_POSSIBLE, "coping": Coping.HARD},
        "php",
        ["telehealth"],
        PHP + TELEHEALTH,
    ),
    "cannot travel at residential: no telehealth filter": (
        {"travel": Travel.NOT_POSSIBLE, "coping": Coping.AROUND_THE_CLOCK},
        "inpatient_or_residential",
        [],
        RESIDENTIAL,
    ),
    # Safety unsaid is not a crisis, but the crisis line comes first
    "safety unsaid: crisis line first, level unchanged": (
        {"safety": Safety.PREFER_NOT, **NEEDS_MORE},
        "iop",
        [SAFETY_UNSAID],
        IOP,
    ),
    "everything that shapes the search at once, in a stable order": (
        {
            "concern": Concern.BOTH,
            "use": Use.DAILY,
            "withdrawal": Withdrawal.MILD,
            "daytime": Daytime.BUSY,
            "travel": Travel.HARD,
            "age": AgeGroup.UNDER_18,
            "pregnancy": Pregnancy.YES,
        },
        "iop",
        ["every day", "detox", "teenagers", "evening or weekend", "telehealth"],
        (
            *IOP,
            *DETOX,
            *EVENINGS,
            ("population", "co_occurring"),
            ("population", "adolescents"),
            ("population", "pregnant_women"),
            *TELEHEALTH,
        ),
    ),
}


@pytest.mark.parametrize(("changes", "level", "fragments", "params"), DECISION_TABLE.values(), ids=DECISION_TABLE)
def test_decision_table(changes, level, fragments, params):
    result = recommend(answers(**changes))

    assert result.level == level
    assert result.urgent is False
    text = " ".join(result.reasons)
    for fragment in fragments:
        assert fragment in text
    assert result.search_params == params
    assert result.reasons[-1] == ASSESSMENT


# (changes, reasons in order at the top, search_params)
CRISIS_PATHS = {
    "thoughts of harm": ({"safety": Safety.YES}, [SAFETY_CRISIS], (("care_level", "inpatient"),)),
    "severe withdrawal before and using daily": (
        {"use": Use.DAILY, "withdrawal": Withdrawal.SEVERE},
        [WITHDRAWAL_CRISIS],
        (("care_level", "inpatient"), *DETOX),
    ),
    "both at once": (
        {"safety": Safety.YES, "use": Use.DAILY, "withdrawal": Withdrawal.SEVERE},
        [SAFETY_CRISIS, WITHDRAWAL_CRISIS],
        (("care_level", "inpatient"), *DETOX),
    ),
    "severe withdrawal and using daily, safety unsaid": (
        {"safety": Safety.PREFER_NOT, "use": Use.DAILY, "withdrawal": Withdrawal.SEVERE},
        [WITHDRAWAL_CRISIS],
        (("care_level", "inpatient"), *DETOX),
    ),
    "thoughts of harm with milder withdrawal while using: detox too": (
        {"safety": Safety.YES, "use": Use.DAILY, "withdrawal": Withdrawal.MILD},
        [SAFETY_CRISIS],
        (("care_level", "inpatient"), *DETOX),
    ),
    "thoughts of harm overrides a residential need": (
        {"safety": Safety.YES, "coping": Coping.AROUND_THE_CLOCK, "home": Home.UNSTABLE},
        [SAFETY_CRISIS],
        (("care_level", "inpatient"),),
    ),
    "thoughts of harm overrides an outpatient fit, no schedule or telehealth filter": (
        {"safety": Safety.YES, "daytime": Daytime.BUSY, "travel": Travel.NOT_POSSIBLE},
        [SAFETY_CRISIS],
        (("care_level", "inpatient"),),
    ),
    "thoughts of harm, under 18: adolescent programs": (
        {"safety": Safety.YES, "age": AgeGroup.UNDER_18},
        [SAFETY_CRISIS],
        (("care_level", "inpatient"), ("population", "adolescents")),
    ),
    "severe withdrawal, using daily, pregnant": (
        {"use": Use.DAILY, "withdrawal": Withdrawal.SEVERE, "pregnancy": Pregnancy.YES},
        [WITHDRAWAL_CRISIS],
        (("care_level", "inpatient"), *DETOX, ("population", "pregnant_women")),
    ),
}


@pytest.mark.parametrize(("changes", "first_reasons", "params"), CRISIS_PATHS.values(), ids=CRISIS_PATHS)
def test_every_crisis_path_is_urgent_with_the_crisis_reasons_first(changes, first_reasons, params):
    result = recommend(answers(**changes))

    assert result.level == "urgent"
    assert result.urgent is True
    assert list(result.reasons[: len(first_reasons)]) == first_reasons
    assert "988" in result.reasons[0] or "911" in result.reasons[0]
    assert result.search_params == params
    assert result.reasons[-1] == ASSESSMENT


@pytest.mark.parametrize(
    "changes",
    [
        {"safety": Safety.PREFER_NOT},
        {"use": Use.SOME_DAYS, "withdrawal": Withdrawal.SEVERE},
        {"use": Use.PREFER_NOT, "withdrawal": Withdrawal.SEVERE},
        {"use": Use.NOT_NOW, "withdrawal": Withdrawal.SEVERE},
        {"use": Use.DAILY, "withdrawal": Withdrawal.NOT_SURE},
        {"coping": Coping.AROUND_THE_CLOCK, "home": Home.UNSTABLE},
    ],
    ids=["safety unsaid", "severe, some days", "severe, use unsaid", "severe, stopped", "daily, unsure", "24-hour"],
)
def test_near_misses_are_not_crises(changes):
    assert recommend(answers(**changes)).urgent is False


def _combinations():
    """Every combination of the answers that decide the level, with the rest from BASE."""
    deciding = ["safety", "use", "withdrawal", "coping", "step_down", "weekly_therapy", "home"]
    choices = {f.name: list(f.type) for f in fields(Answers)}
    for values in itertools.product(*(choices[name] for name in deciding)):
        yield answers(**dict(zip(deciding, values, strict=True)))


def _every_single_answer():
    for f in fields(Answers):
        for value in f.type:
            for base in (BASE, answers(use=Use.DAILY, concern=Concern.BOTH, daytime=Daytime.BUSY, travel=Travel.HARD)):
                yield replace(base, **{f.name: value})


def test_reasons_never_use_diagnostic_wording_and_always_defer_to_a_clinician():
    for given in itertools.chain(_combinations(), _every_single_answer()):
        result = recommend(given)
        for reason in result.reasons:
            lowered = reason.lower()
            assert not any(phrase in lowered for phrase in DIAGNOSTIC_PHRASES), (given, reason)
        assert result.reasons[-1] == ASSESSMENT
    assert "clinician's assessment" in ASSESSMENT


def test_every_answer_gives_a_known_level_and_only_public_search_slugs():
    for given in itertools.chain(_combinations(), _every_single_answer()):
        result = recommend(given)
        assert result.level in {"urgent", "inpatient_or_residential", "php", "iop", "outpatient"}
        assert result.urgent == (result.level == "urgent")
        assert result.urgent == (
            given.safety == Safety.YES or (given.withdrawal == Withdrawal.SEVERE and given.use == Use.DAILY)
        )
        assert any(name == "care_level" for name, _ in result.search_params)
        assert len(set(result.search_params)) == len(result.search_params)
        for name, value in result.search_params:
            assert value in SEARCH_SLUGS[name], (given, name, value)
