"""Every row of the mapping table in shared/domain/feeds.md section 2, token by token."""

import pytest

from feeds.parsers.samhsa import parse_row
from feeds.records import ProgramRecord

from .samhsa_rows import row, service

# (category code, f3 token, record field, expected slug or True)
MAPPING_TABLE = [
    ("SET", "Regular outpatient treatment", "care_levels", "outpatient"),
    ("SET", "Outpatient", "care_levels", "outpatient"),
    ("FT", "Outpatient mental health facility", "care_levels", "outpatient"),
    ("FT", "Community mental health center", "care_levels", "outpatient"),
    ("SET", "Intensive outpatient treatment", "care_levels", "iop"),
    ("SET", "Partial hospitalization/day treatment", "care_levels", "php"),
    ("SET", "Outpatient day treatment or partial hospitalization", "care_levels", "php"),
    ("FT", "Partial hospitalization/day treatment", "care_levels", "php"),
    ("SET", "Residential", "care_levels", "residential"),
    ("SET", "Short-term residential (30 days or less)", "care_levels", "residential"),
    ("SET", "Short-term residential", "care_levels", "residential"),
    ("SET", "Long-term residential (more than 30 days)", "care_levels", "residential"),
    ("FT", "Residential treatment center (RTC) for adults", "care_levels", "residential"),
    ("SET", "Hospital inpatient", "care_levels", "inpatient"),
    ("FT", "Psychiatric hospital", "care_levels", "inpatient"),
    ("SET", "Outpatient detoxification", "care_levels", "detox"),
    ("SET", "Residential detoxification", "care_levels", "detox"),
    ("DETOX", "Alcohol Detoxification", "care_levels", "detox"),
    ("SET", "Telemedicine/telehealth", "telehealth", True),
    ("SET", "Computerized treatment/telemedicine", "telehealth", True),
    ("TAP", "Telemedicine/telehealth therapy", "telehealth", True),
    ("PAY", "Medicaid", "payment_kinds", "medicaid"),
    ("PAY", "Medicare", "payment_kinds", "medicare"),
    ("PAY", "Private health insurance", "payment_kinds", "private"),
    ("PAY", "Federal military insurance (e.g., TRICARE)", "payment_kinds", "military"),
    ("PAY", "Military insurance (e.g., TRICARE)", "payment_kinds", "military"),
    ("PAY", "U.S. Department of VA funds", "payment_kinds", "va"),
    ("PAY", "Cash or self-payment", "payment_kinds", "self_pay"),
    ("PAY", "Sliding fee scale (fee is based on income and other factors)", "payment_kinds", "sliding_fee"),
    ("PAY", "Sliding fee scale", "payment_kinds", "sliding_fee"),
    ("PYAS", "Sliding fee scale (fee is based on income and other factors)", "payment_kinds", "sliding_fee"),
    ("PAY", "Payment assistance (check with facility for details)", "payment_kinds", "payment_assistance"),
    ("PYAS", "Payment assistance (check with facility for details)", "payment_kinds", "payment_assistance"),
    ("LCA", "The Joint Commission", "accreditations", "joint_commission"),
    ("LCA", "Commission on Accreditation of Rehabilitation Facilities", "accreditations", "carf"),
    ("LCA", "National Committee for Quality Assurance", "accreditations", "ncqa"),
    ("LCA", "Council on Accreditation", "accreditations", "coa"),
    ("LCA", "Healthcare Facilities Accreditation Program", "accreditations", "hfap"),
    ("LCA", "Commission on Accreditation of Rehabilitation Facilities (CARF)", "accreditations", "carf"),
    ("LCA", "Council on Accreditation (COA)", "accreditations", "coa"),
    ("TAP", "Cognitive behavioral therapy", "therapies", "cbt"),
    ("TAP", "Dialectical behavior therapy", "therapies", "dbt"),
    ("TAP", "Motivational interviewing", "therapies", "mi"),
    ("TAP", "12-step facilitation", "therapies", "twelve_step"),
    ("TAP", "Contingency management/motivational incentives", "therapies", "contingency_management"),
    ("TAP", "Couples/family therapy", "therapies", "family"),
    ("TAP", "Group therapy", "therapies", "group"),
    ("TAP", "Individual psychotherapy", "therapies", "individual"),
    ("TAP", "Trauma-related counseling", "therapies", "trauma"),
    ("TAP", "Trauma therapy", "therapies", "trauma"),
    ("TAP", "Eye Movement Desensitization and Reprocessing therapy", "therapies", "emdr"),
    ("SG", "Veterans", "populations", "veterans"),
    ("SG", "Active duty military", "populations", "military"),
    ("SG", "Adolescents", "populations", "adolescents"),
    ("AGE", "Young children; Adolescents", "populations", "adolescents"),
    ("SG", "Young adults", "populations", "young_adults"),
    ("SG", "Transitional age young adults", "populations", "young_adults"),
    ("AGE", "Young adults", "populations", "young_adults"),
    ("SG", "Seniors or older adults", "populations", "seniors"),
    ("AGE", "Seniors (65 or older)", "populations", "seniors"),
    ("SG", "Pregnant/postpartum women", "populations", "pregnant_women"),
    ("SG", "Lesbian, gay, bisexual, transgender, or queer/questioning (LGBTQ)", "populations", "lgbtq"),
    ("SG", "Lesbian, gay, bisexual, or transgender (LGBT) clients", "populations", "lgbtq"),
    ("SG", "Persons with co-occurring mental and substance use disorders", "populations", "co_occurring"),
    ("SG", "Clients with co-occurring mental and substance use disorders", "populations", "co_occurring"),
    ("SG", "Criminal justice (other than DUI/DWI)/Forensic clients", "populations", "criminal_justice"),
    ("SG", "Clients referred from the court/judicial system", "populations", "criminal_justice"),
    ("SG", "Persons who have experienced trauma", "populations", "trauma"),
    ("SG", "Persons with post-traumatic stress disorder (PTSD)", "populations", "trauma"),
    ("OM", "Buprenorphine used in treatment", "medications", "buprenorphine"),
    ("OM", "Naloxone with buprenorphine", "medications", "buprenorphine"),
    ("PHR", "Naltrexone (oral)", "medications", "naltrexone"),
    ("OT", "Methadone maintenance", "medications", "methadone"),
    ("OM", "Methadone", "medications", "methadone"),
    ("OL", "Spanish", "languages", "es"),
    ("LANG", "Spanish", "languages", "es"),
    ("TRSRV", "Aftercare/continuing care", "aftercare", True),
]


def record_for(code: str, token: str) -> ProgramRecord:
    item = parse_row(row(services=[service(code, token)]), 1)
    assert isinstance(item, ProgramRecord), item
    return item


@pytest.mark.parametrize(("code", "token", "field", "expected"), MAPPING_TABLE)
def test_mapping_table_row(code, token, field, expected):
    value = getattr(record_for(code, token), field)
    if expected is True:
        assert value is True
    else:
        assert expected in value


@pytest.mark.parametrize(("code", "token", "field", "expected"), MAPPING_TABLE)
def test_mapping_is_case_and_whitespace_insensitive(code, token, field, expected):
    messy = f"\xa0 {token.upper()}\ufffd  "
    value = getattr(record_for(code, messy), field)
    assert value is True if expected is True else expected in value


@pytest.mark.parametrize(
    ("code", "token", "field", "absent"),
    [
        ("OT", "Does not use medication for opioid addiction (e.g., methadone)", "medications", "methadone"),
        ("OT", "Do not treat opioid addiction with buprenorphine", "medications", "buprenorphine"),
        ("SG", "Persons with traumatic brain injury (TBI)", "populations", "trauma"),
        ("SET", "Intensive outpatient treatment", "care_levels", "outpatient"),
        ("PAY", "Medicaid", "payment_kinds", "medicare"),
        ("TAP", "Cognitive behavioral therapy", "care_levels", "iop"),
        # The category code decides, not the words: an LCA token never makes a payment kind.
        ("LCA", "Medicaid", "payment_kinds", "medicaid"),
    ],
)
def test_tokens_that_must_not_map(code, token, field, absent):
    assert absent not in getattr(record_for(code, token), field)


def test_tokens_are_split_on_semicolons():
    record = record_for("TAP", "Cognitive behavioral therapy; Dialectical behavior therapy;Group therapy ")
    assert record.therapies == {"cbt", "dbt", "group"}


def test_unknown_tokens_and_categories_are_kept_for_display():
    services = [
        service("PAY", "Medicaid", "State-financed health insurance plan other than Medicaid", label="Payment"),
        service("SMP", "Smoking not permitted", label="Smoking Policy"),
    ]
    record = parse_row(row(services=services), 1)
    by_code = {entry["code"]: entry for entry in record.services}
    assert by_code["PAY"]["unmapped"] == ["State-financed health insurance plan other than Medicaid"]
    assert by_code["PAY"]["values"] == ["Medicaid", "State-financed health insurance plan other than Medicaid"]
    assert by_code["SMP"] == {
        "code": "SMP",
        "label": "Smoking Policy",
        "values": ["Smoking not permitted"],
        "unmapped": ["Smoking not permitted"],
    }


def test_facts_the_feed_does_not_mention_stay_unknown():
    record = record_for("SET", "Intensive outpatient treatment")
    assert record.aftercare is None
    assert record.family_involvement is None
    assert record.telehealth is False


def test_family_therapy_counts_as_family_involvement():
    assert record_for("TAP", "Couples/family therapy").family_involvement is True
