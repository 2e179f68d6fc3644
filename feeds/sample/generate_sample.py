"""Generate a synthetic SAMHSA FindTreatment.gov locator sample (feeds/sample/samhsa_sample.json).

The data is SYNTHETIC. The facilities are made up: names, street addresses, websites, ``frid``
ids and phone numbers (all 555-01xx, the range kept for fiction) are not real. The places are
real: every row uses a real, active STANDARD ZIP code from the ``zipcodes`` package and sits at
that ZIP's centroid plus a jitter of under 0.03 degrees. Field names, service category codes
(``f2``), labels (``f1``) and value tokens (``f3``) follow /work/shared/domain/feeds.md sections 1
and 2 (SAMHSA's row format and IOP Finder's token mapping), so every mapped slug comes up many
times. It also has the quirks real data has: 2019-vintage labels, ZIP+4, websites with no
scheme or the bare "http://", ``services: null``, tokens with NBSP/U+FFFD/trailing spaces/
mixed case, unmapped categories and payment values, and organisations listed twice (SA and MH).

Output: a list of listing envelopes (pages of 100 rows), as a paged download would give:
    [{"page": 1, "totalPages": N, "recordCount": TOTAL, "rows": [...]}, ...]
``miles`` is the distance from the metro's anchor ZIP (e.g. 10001, 90012), as though that ZIP
had been the query point.

Deterministic (random.Random(2026), no timestamps): each run writes the same bytes.
Regenerate from the repository root with:
    .venv/bin/python feeds/sample/generate_sample.py
"""

import hashlib
import json
import math
import random
from pathlib import Path

import zipcodes

OUT = Path(__file__).with_name("samhsa_sample.json")
PAGE_SIZE = 100
TWINS = 12  # organisations listed twice, once SA and once MH

# Vocabulary tables: (token, probability) lists keep SAMHSA's token order; tokens come from feeds.md.
# fmt: off
# state -> [(anchor ZIP, ZIPs of that metro)]; the first metro of a state gets most of its rows.
METROS = {
    "NY": [("10001", "10001 10016 10027 10035 11201 11216 10451 10463 11101 11354 10301"),
           ("12207", "12207 12203 12180")],
    "CA": [("90012", "90012 90017 90026 90038 90057 91105 90301 90805 91601 90069"),
           ("94103", "94103 94110 94612"), ("92101", "92101 92103")],
    "TX": [("77002", "77002 77006 77004 77019 77027 77036 77074 77504 77477 77573"),
           ("75201", "75201 75204 75235"), ("78701", "78701 78751")],
    "FL": [("33130", "33130 33131 33135 33127 33134 33146 33144 33016 33009 33314"),
           ("33602", "33602 33609 33701"), ("32801", "32801 32803")],
    "PA": [("19103", "19103 19130 19121 19125 19134 19004 19141 19111 19401 19382"),
           ("15213", "15213 15222 15212")],
    "OH": [("43215", "43215 43201 43205 43210 43223 43214 43081 43016"),
           ("44113", "44113 44106 44102"), ("45202", "45202 45219")],
    "IL": [("60601", "60601 60654 60622 60624 60640 60608 60304 60201 60402 60453"),
           ("62701", "62701 62702"), ("61101", "61101 61107")],
    "WA": [("98101", "98101 98122 98112 98106 98004 98034 98057 98032"),
           ("98402", "98402 98405"), ("99201", "99201 99204")],
    "MA": [("02108", "02108 02116 02121"), ("01608", "01608")],
    "GA": [("30303", "30303 30308 30032 30067")],
}
ORGS = {"NY": 46, "CA": 46, "TX": 38, "FL": 38, "PA": 33, "OH": 31, "IL": 33, "WA": 31, "MA": 6, "GA": 6}

F1 = {
    "TC": "Type of Care", "SET": "Service Setting (e.g., Outpatient, Residential, Inpatient, etc.)",
    "FT": "Facility Type", "FOP": "Facility Operation (e.g., Private, Public)",
    "PAY": "Payment/Insurance/Funding Accepted", "PYAS": "Payment Assistance Available",
    "LCA": "License/Certification/Accreditation", "TAP": "Treatment Approaches",
    "SG": "Special Programs/Groups Offered", "AGE": "Age Groups Accepted", "GN": "Gender Accepted",
    "OL": "Other Languages", "SL": "Language Services", "OM": "Opioid Medications used in Treatment",
    "PHR": "Pharmacotherapies", "OT": "Type of Opioid Treatment",
    "DETOX": "Detoxification (medical withdrawal) Services", "TRSRV": "Transitional Services",
    "ASSES": "Assessment/Pre-treatment", "ECS": "Education and Counseling Services", "EDU": "Education Services",
    "RSS": "Recovery Support Services", "AS": "Ancillary Services", "SMP": "Facility Smoking Policy",
}
MAPPED = ("SET", "FT", "PAY", "PYAS", "LCA", "TAP", "SG", "AGE", "OL")  # categories whose tokens may get blemished

# Archetypes (care-level profiles) with weights, and the SET tokens each one draws from.
SA_KINDS = {"iop": 34, "op": 18, "php": 10, "res": 12, "hosp": 8, "detox": 6, "otp": 7}
MH_KINDS = {"iop": 38, "op": 30, "php": 14, "res": 8, "hosp": 10}
IOP, REG = "Intensive outpatient treatment", "Regular outpatient treatment"
PHP = "Partial hospitalization/day treatment"
MAT = "Outpatient methadone/buprenorphine or naltrexone treatment"
SETTINGS = {
    "iop": [(REG, 0.7), (IOP, 1), (MAT, 0.15)],
    "op": [(REG, 1), ("Brief intervention", 0.3)],
    "php": [(REG, 0.5), (IOP, 1), (PHP, 1)],
    "res": [(IOP, 0.35), ("Residential detoxification", 0.4), ("Residential", 0.8),
            ("Short-term residential (30 days or less)", 0.6), ("Long-term residential (more than 30 days)", 0.4)],
    "hosp": [(IOP, 0.5), (PHP, 0.3), ("Hospital inpatient", 1), ("Hospital inpatient detoxification", 0.5)],
    "detox": [(REG, 0.8), ("Outpatient detoxification", 1), (IOP, 0.3)],
    "otp": [(REG, 0.8), (IOP, 0.3), ("Outpatient detoxification", 0.3), (MAT, 1)],
}
FACILITY_TYPES = {
    "iop": ["Outpatient mental health facility", "Community mental health center"],
    "op": ["Outpatient mental health facility", "Community mental health center"],
    "php": [PHP], "res": ["Residential treatment center for adults", "Residential treatment center for children"],
    "hosp": ["Psychiatric hospital", "Psychiatric hospital", "General hospital with a psychiatric unit"],
}
OPERATION = {"Private non-profit organization": 60, "Private for-profit organization": 25,
             "Local, county, or community government": 12, "State government": 3}
PAY = [("Cash or self-payment", 0.85), ("Medicaid", 0.75), ("Medicare", 0.5),
       ("State-financed health insurance plan other than Medicaid", 0.2), ("Private health insurance", 0.7),
       ("Federal military insurance (e.g., TRICARE)", 0.22), ("Military insurance (e.g., TRICARE)", 0.08),
       ("U.S. Department of VA funds", 0.12), ("IHS/Tribal/Urban (ITU) funds", 0.05), ("AGENCY_FUNDS", 0.25),
       ("SAMHSA funding/block grants", 0.1), ("Sliding fee scale", 0.1),
       ("Payment assistance (check with facility for details)", 0.05)]
PYAS = [("Payment assistance (check with facility for details)", 0.3),
        ("Sliding fee scale (fee is based on income and other factors)", 0.4)]
LCA = [("STATE_AGENCY", 0.8), ("State department of health", 0.35), ("Hospital licensing authority", 0),
       ("The Joint Commission", 0.35), ("Commission on Accreditation of Rehabilitation Facilities", 0.28),
       ("National Committee for Quality Assurance", 0.06), ("Council on Accreditation", 0.07),
       ("Healthcare Facilities Accreditation Program", 0.05)]
TAP_SA = [("Cognitive behavioral therapy", 0.85), ("Dialectical behavior therapy", 0.3),
          ("Motivational interviewing", 0.75), ("12-step facilitation", 0.45),
          ("Contingency management/motivational incentives", 0.25), ("Couples/family therapy", 0.45),
          ("Group therapy", 0.85), ("Individual psychotherapy", 0.85), ("Trauma-related counseling", 0.5),
          ("Eye Movement Desensitization and Reprocessing therapy", 0.1),
          ("Integrated Mental and Substance Use Disorder treatment", 0.35), ("Relapse prevention", 0.7),
          ("Substance use disorder counseling", 0.8), ("Anger management", 0.2), ("Matrix Model", 0.15)]
TAP_MH = [("Cognitive behavioral therapy", 0.85), ("Dialectical behavior therapy", 0.45),
          ("Motivational interviewing", 0.3), ("Couples/family therapy", 0.5), ("Group therapy", 0.8),
          ("Individual psychotherapy", 0.9), ("Trauma therapy", 0.45), ("Trauma-related counseling", 0.1),
          ("Eye Movement Desensitization and Reprocessing therapy", 0.2),
          ("Integrated Mental and Substance Use Disorder treatment", 0.4), ("Psychotropic medication", 0.6),
          ("Activity therapy", 0.2)]
SG = [("Veterans", 0.2), ("Active duty military", 0.08), ("Members of military families", 0.08),
      ("Adolescents", 0.15), ("Young adults", 0.2), ("Seniors or older adults", 0.15), ("Women", 0.25), ("Men", 0.2),
      ("Pregnant/postpartum women", 0.08), ("Lesbian, gay, bisexual, transgender, or queer/questioning (LGBTQ)", 0.2),
      ("Persons with co-occurring mental and substance use disorders", 0.45),
      ("Criminal justice (other than DUI/DWI)/Forensic clients", 0.2), ("Persons who have experienced trauma", 0.25),
      ("Persons with post-traumatic stress disorder (PTSD)", 0.15), ("Persons with eating disorders", 0.04),
      ("Clients with HIV or AIDS", 0.05),
      ("Clients who have experienced intimate partner violence, domestic violence", 0.05)]
AGE = [(("Children/Adolescents", "Adolescents"), 0.2), (("Young adults",), 0.5), (("Adults",), 0.97),
       (("Seniors", "Seniors (65 or older)"), 0.6)]  # (alternatives, probability)
GENDER = {("Female", "Male"): 75, ("Female and Male",): 12, ("Female",): 7, ("Male",): 6}
OL = [("Spanish", 0.25), ("Chinese", 0.05), ("Russian", 0.04), ("Vietnamese", 0.04), ("Arabic", 0.03),
      ("French", 0.03), ("Korean", 0.03), ("Polish", 0.02)]
SL = [("Spanish", 0.5), ("Sign language services for the deaf and hard of hearing", 0.3)]
# medication -> (OM token, PHR tokens, OT tokens); rows without medication may get a NO_MEDS OT token.
MEDS = {
    "buprenorphine": ("Buprenorphine used in treatment",
                      ["Buprenorphine with naloxone", "Buprenorphine without naloxone",
                       "Buprenorphine (extended-release, injectable)"],
                      ["Buprenorphine maintenance", "Prescribes buprenorphine", "Buprenorphine detoxification"]),
    "naltrexone": ("Naltrexone (oral)", ["Naltrexone (oral)", "Naltrexone (extended-release, injectable)"],
                   ["Prescribes naltrexone", "Relapse prevention with naltrexone"]),
    "methadone": ("Methadone", ["Methadone"], ["Methadone maintenance", "Methadone detoxification"]),
}
NO_MEDS = ["Does not use medication for opioid addiction", "Does not use MAT for opioid use disorders",
           "Accepts clients using MAT but prescribed elsewhere", "Do not prescribe buprenorphine or methadone",
           "Does not prescribe naltrexone"]
OTHER_PHR = [("Acamprosate (Campral®)", 0.15), ("Disulfiram", 0.1), ("Nicotine replacement", 0.3)]
DETOX = [("Alcohol Detoxification", 0.9), ("Opioids detoxification", 0.9), ("Benzodiazepines Detoxification", 0.5),
         ("Cocaine Detoxification", 0.3), ("Medication routinely used during detoxification", 0.7)]
TRSRV = [("Aftercare/continuing care", 0.55), ("Discharge Planning", 0.7), ("Naloxone and overdose education", 0.3),
         ("Outcome follow-up after discharge", 0.3)]
UNMAPPED = {
    "ASSES": [("Screening for substance use", 0.6), ("Comprehensive substance use assessment", 0.5),
              ("Screening for mental disorders", 0.5), ("Outreach to persons in the community", 0.2)],
    "ECS": [("Substance use disorder education", 0.5), ("Individual counseling", 0.6), ("Group counseling", 0.6),
            ("Family counseling", 0.3)],
    "EDU": [("Health education services other than HIV/AIDS or hepatitis", 0.2),
            ("Smoking/vaping/tobacco cessation counseling", 0.2)],
    "RSS": [("Self-help groups", 0.3), ("Mentoring/peer support", 0.35), ("Recovery coach", 0.2)],
    "AS": [("Case management service", 0.5), ("Mental health services", 0.3), ("Transportation assistance", 0.15),
           ("Suicide prevention services", 0.3), ("Integrated primary care services", 0.1)],
}
SMOKING = {"Smoking not permitted": 60, "Smoking permitted in designated area": 30,
           "Smoking permitted without restriction": 10}
# 2019-vintage relabels (feeds.md section 1).
OLD = {
    REG: "Outpatient", "Short-term residential (30 days or less)": "Short-term residential",
    "Long-term residential (more than 30 days)": "Long-term residential",
    PHP: "Outpatient day treatment or partial hospitalization",
    "Telemedicine/telehealth": "Computerized treatment/telemedicine", "Men": "Adult men", "Women": "Adult women",
    "Young adults": "Transitional age young adults", "Members of military families": "Military families",
    "Lesbian, gay, bisexual, transgender, or queer/questioning (LGBTQ)":
        "Lesbian, gay, bisexual, or transgender (LGBT) clients",
    "Criminal justice (other than DUI/DWI)/Forensic clients": "Clients referred from the court/judicial system",
    "Persons with co-occurring mental and substance use disorders":
        "Clients with co-occurring mental and substance use disorders",
}
SPANISH = {  # code -> (Spanish label, English token -> Spanish token), for services_spanish
    "SET": ("Entorno de servicio", {REG: "Tratamiento ambulatorio regular", IOP: "Tratamiento ambulatorio intensivo",
                                    PHP: "Hospitalización parcial/tratamiento diurno",
                                    "Telemedicine/telehealth": "Telemedicina/telesalud"}),
    "PAY": ("Pago/seguro/financiación aceptados",
            {"Medicaid": "Medicaid", "Medicare": "Medicare", "Private health insurance": "Seguro de salud privado",
             "Cash or self-payment": "Efectivo o pago propio"}),
    "OL": ("Otros idiomas", {"Spanish": "Español"}),
}

PREFIXES = ["Harbor Point", "New Horizons", "Bridgeway", "Crossroads", "Lighthouse", "Riverside", "Pathways",
            "Northstar", "Clearview", "Summit Ridge", "Cornerstone", "Serenity Point", "Hope Springs",
            "Stepping Stones", "Evergreen", "Lakeshore", "Turning Leaf", "Open Door", "Blue Heron", "Willow Creek",
            "Maple Grove", "Silver Lining", "Beacon Hill", "Granite Path", "Sunrise", "Compass Rose", "Ironwood",
            "True North", "Kindred Oaks"]
SAINTS = ["Brigid", "Luke", "Vincent", "Monica", "Jude", "Clare", "Anthony", "Agnes"]
NAMES = {
    ("SA", "iop"): ["{p} Recovery Center", "{city} Behavioral Health - Intensive Outpatient", "{p} Treatment Services",
                    "Community Counseling Services of {city}", "{p} Wellness and Recovery",
                    "St. {saint} Family Services", "{city} Veterans Recovery Clinic"],
    ("SA", "op"): ["{p} Counseling Associates", "{county} Alcohol and Drug Services", "{p} Addiction Services",
                   "St. {saint} Family Services", "{city} Veterans Recovery Clinic"],
    ("SA", "php"): ["{p} Recovery Center", "{p} Day Treatment Center",
                    "{city} Behavioral Health - Intensive Outpatient"],
    ("SA", "res"): ["{p} Residential Treatment Center", "{p} House", "{p} Recovery Lodge"],
    ("SA", "hosp"): ["{city} General Hospital", "{p} Medical Center", "Mercy {p} Hospital"],
    ("SA", "detox"): ["{p} Withdrawal Management Center", "{county} Detoxification Center"],
    ("SA", "otp"): ["{p} Comprehensive Treatment Center", "{city} Methadone Treatment Program",
                    "{p} Opioid Treatment Program"],
    ("MH", "iop"): ["{county} Mental Health Center", "{city} Community Mental Health Center", "{p} Behavioral Health",
                    "{p} Counseling Center", "{p} Family Guidance Center"],
    ("MH", "op"): ["{county} Mental Health Center", "{p} Counseling Center", "{p} Family Guidance Center",
                   "{city} Community Mental Health Center"],
    ("MH", "php"): ["{p} Day Treatment Center", "{p} Behavioral Health"],
    ("MH", "res"): ["{p} Residential Treatment Center", "{p} Youth Residential Center"],
    ("MH", "hosp"): ["{p} Psychiatric Hospital", "{city} General Hospital", "{p} Behavioral Hospital"],
    "twin": ["{p} Behavioral Health", "Community Counseling Services of {city}",
             "{city} Behavioral Health - Intensive Outpatient", "{county} Behavioral Health Services"],
}
NAME2 = {
    "iop": ["Adult Intensive Outpatient Program", "Adolescent IOP", "Evening IOP",
            "Women's Intensive Outpatient Program", "Co-Occurring IOP"],
    "op": ["Outpatient Services", "Adult Outpatient Clinic"],
    "php": ["Dual Diagnosis PHP", "Partial Hospitalization Program", "Adolescent Day Program"],
    "res": ["Men's Residential Program", "Women and Children's Program"],
    "hosp": ["Behavioral Health Unit", "Chemical Dependency Services", "Inpatient Psychiatry"],
    "detox": ["Withdrawal Management Unit"], "otp": ["Medication Assisted Treatment Program"],
}
STREETS = ["Main Street", "Broad Street", "Market Street", "Oak Avenue", "Park Avenue", "Elm Street",
           "Lincoln Boulevard", "Washington Avenue", "Church Street", "River Road", "Center Street",
           "Highland Avenue", "Union Street", "Maple Avenue", "Franklin Street", "Grand Avenue", "Cedar Lane"]
SUITES = ["Suite 200", "2nd Floor", "Building B", "Suite 110", "3rd Floor", "Unit 4"]
# fmt: on


def pick(rng, weighted):
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


def some(rng, table, sure=()):
    """Tokens drawn from [(token, probability)], in table order; tokens in `sure` are always kept."""
    return [tok for tok, p in table if tok in sure or rng.random() < p]


def phone(rng, area):
    return f"{area}-555-01{rng.randint(0, 99):02d}"


def miles_between(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 3958.8 * math.asin(math.sqrt(h))


def zip_info(code):
    info = zipcodes.matching(code)[0]
    assert info["zip_code_type"] == "STANDARD" and info["active"] and info["city"], code
    return info


def blemish(rng, token):
    """One of the real-data token blemishes an importer must clean up."""
    style = rng.randrange(5)
    if style < 3:
        return [token + "\ufffd", "\u00a0" + token + "\u00a0", token + "  "][style]
    words = token.lower().split(" ")
    i = rng.randrange(len(words)) if style == 3 else len(words) // 2  # e.g. "intensive OUTPATIENT treatment"
    words[i] = words[i].upper()
    return " ".join(words)


def medications(rng, kind):
    """OM/PHR/OT tokens of an SA row; rows without opioid medication may say so with a 'Does not ...' OT token."""
    om, phr, ot = [], [], []
    if rng.random() < {"otp": 1, "hosp": 0.6, "detox": 0.8, "iop": 0.4}.get(kind, 0.3):
        chances = [("buprenorphine", 0.85), ("naltrexone", 0.6), ("methadone", 0.2 if kind == "hosp" else 0)]
        for drug in some(rng, chances, sure=("methadone",) if kind == "otp" else ()) or ["buprenorphine"]:
            om_token, phr_tokens, ot_tokens = MEDS[drug]
            where = some(rng, [("OM", 0.6), ("PHR", 0.5), ("OT", 0.4)]) or ["OM"]
            if "OM" in where:
                om.append(om_token)
            if "PHR" in where:
                phr.append(rng.choice(phr_tokens))
            if "OT" in where:
                ot.append(rng.choice(ot_tokens))
        if kind == "otp":
            ot.append("Federally-certified Opioid Treatment Program")
    elif rng.random() < 0.6:
        ot.append(rng.choice(NO_MEDS))
    return {"OM": om, "PHR": [*phr, *some(rng, OTHER_PHR)], "OT": ot}


def services(rng, ftype, kind, name1, name2, state, old):
    """The `services` list of one row, built from the archetype and the names."""
    veterans = "Veterans" in name1
    tele = pick(rng, {"set": 25, "tap": 20, "both": 15, "": 40})
    cats = {"TC": ["Substance use treatment" if ftype == "SA" else "Mental health treatment"]}
    if rng.random() < 0.4:
        cats["TC"].append(
            "Treatment for co-occurring serious mental illness/serious emotional disturbance and "
            "substance use disorders"
        )
    setting = some(rng, SETTINGS[kind])
    if ftype == "MH":  # mental health rows have no detox or opioid settings
        setting = [tok for tok in setting if "detox" not in tok and tok != MAT] or [REG]
        cats["FT"] = [rng.choice(FACILITY_TYPES[kind]), *some(rng, [("Outpatient mental health facility", 0.2)])]
        cats["FT"] = sorted(set(cats["FT"]), key=cats["FT"].index)
    cats["SET"] = setting + (["Telemedicine/telehealth"] if tele in ("set", "both") else [])
    cats["FOP"] = ["U.S. Department of Veterans Affairs" if veterans else pick(rng, OPERATION)]
    agency = "State mental health agency (or equivalent) funds"
    if ftype == "SA":
        agency = "State substance use treatment agency funds"
    va_pay = ("U.S. Department of VA funds", "Federal military insurance (e.g., TRICARE)") if veterans else ()
    cats["PAY"] = [agency if tok == "AGENCY_FUNDS" else tok for tok in some(rng, PAY, sure=va_pay)]
    if "Federal military insurance (e.g., TRICARE)" in cats["PAY"]:  # one TRICARE wording per row
        cats["PAY"] = [tok for tok in cats["PAY"] if tok != "Military insurance (e.g., TRICARE)"]
    cats["PYAS"] = some(rng, PYAS)
    state_agency = "State mental health department" if ftype == "MH" else "State substance use treatment agency"
    hospital = ("Hospital licensing authority", "The Joint Commission") if kind == "hosp" else ()
    cats["LCA"] = [state_agency if tok == "STATE_AGENCY" else tok for tok in some(rng, LCA, sure=hospital)]
    if kind == "otp":
        cats["LCA"] += ["SAMHSA certification for opioid treatment program (OTP)", "Drug Enforcement Agency (DEA)"]
    cats["TAP"] = some(rng, TAP_SA if ftype == "SA" else TAP_MH)
    cats["TAP"] += ["Telemedicine/telehealth therapy"] if tele in ("tap", "both") else []
    sure = ["Veterans", "Active duty military"] if veterans else []
    sure += ["Adolescents"] if "Adolescent" in name2 else ["Women"] if "Women" in name2 else []
    if "Dual" in name2 or "Co-Occurring" in name2:
        sure.append("Persons with co-occurring mental and substance use disorders")
    cats["SG"] = some(rng, SG, sure)
    cats["AGE"] = [rng.choice(alternatives) for alternatives, p in AGE if rng.random() < p] or ["Adults"]
    if rng.random() < 0.9:
        cats["GN"] = list(pick(rng, GENDER))
    cats["OL"] = some(rng, OL, sure=("Spanish",) if state in ("FL", "TX", "CA") and rng.random() < 0.4 else ())
    cats["SL"] = [tok for tok in some(rng, SL) if tok != "Spanish" or "Spanish" in cats["OL"]]
    if ftype == "SA":
        cats.update(medications(rng, kind))
        if "detoxification" in " ".join(setting) or (kind == "hosp" and rng.random() < 0.5):
            cats["DETOX"] = some(rng, DETOX) or ["Opioids detoxification"]
    cats["TRSRV"] = some(rng, TRSRV)
    for code, table in UNMAPPED.items():
        if ftype == "SA" or code in ("ASSES", "EDU", "AS"):
            cats[code] = some(rng, table)
    if rng.random() < 0.7:
        cats["SMP"] = [pick(rng, SMOKING)]
    if old:
        cats["SET"] = [OLD.get(tok, tok) for tok in cats["SET"]]
        cats["SG"] = [OLD.get(tok, tok) for tok in cats["SG"]]
        cats["SG"] += some(rng, [("Persons with traumatic brain injury (TBI)", 0.4)])
    if IOP in cats["SET"] and rng.random() < 0.05:
        cats["SET"][cats["SET"].index(IOP)] = "intensive OUTPATIENT treatment"
    elif rng.random() < 0.14:
        code = rng.choice([c for c in MAPPED if cats.get(c)])
        i = rng.randrange(len(cats[code]))
        cats[code][i] = blemish(rng, cats[code][i])
    return [{"f1": F1[code], "f2": code, "f3": "; ".join(tokens)} for code, tokens in cats.items() if tokens]


def spanish_services(svc):
    rows = []
    for entry in svc:
        label, words = SPANISH.get(entry["f2"], ("", {}))
        tokens = [words[tok] for tok in entry["f3"].split("; ") if tok in words]
        if tokens:
            rows.append({"f1": label, "f2": entry["f2"], "f3": "; ".join(tokens)})
    return rows


def build():
    rng = random.Random(2026)
    orgs = []  # (state, metro index, anchor ZIP info, ZIP info)
    for state, metros in METROS.items():
        pool = [(m, code) for m, (_, codes) in enumerate(metros) for code in codes.split()]
        pool += [(0, code) for code in metros[0][1].split()] * 2  # weight the main metro
        for _ in range(ORGS[state]):
            m, code = rng.choice(pool)
            orgs.append((state, m, zip_info(metros[m][0]), zip_info(code)))
    twins = set(rng.sample(range(len(orgs)), TWINS))
    rows, seen = [], set()
    for n, (state, m, anchor, info) in enumerate(orgs):
        if n in twins:  # same organisation and address, listed once as SA and once as MH
            kinds = {"SA": rng.choice(["iop", "op", "iop"]), "MH": rng.choice(["iop", "op", "php"])}
            templates = NAMES["twin"]
        else:
            ftype = pick(rng, {"SA": 58, "MH": 42})
            kinds = {ftype: pick(rng, SA_KINDS if ftype == "SA" else MH_KINDS)}
            templates = NAMES[(ftype, kinds[ftype])]
        for _ in range(50):  # avoid two same-named facilities in one city
            values = {"p": rng.choice(PREFIXES), "saint": rng.choice(SAINTS), **info}
            name1 = rng.choice(templates).format(**values)
            if (name1, info["city"]) not in seen:
                break
        seen.add((name1, info["city"]))
        lat = float(info["lat"]) + rng.uniform(-0.025, 0.025)
        lng = float(info["long"]) + rng.uniform(-0.025, 0.025)
        area = info["area_codes"][0]
        slug = "".join(ch for ch in " ".join(name1.split()[:3]).lower() if ch.isalnum())
        website = pick(rng, {f"https://www.{slug}.org": 50, f"www.{slug}.org": 20, "http://": 8, "": 22})
        address = {
            "street1": f"{rng.randint(10, 9999)} {rng.choice(STREETS)}",
            "street2": rng.choice(SUITES) if rng.random() < 0.2 else "",
            "city": info["city"],
            "state": state,
            "zip": info["zip_code"] + (f"-{rng.randint(1, 9999):04d}" if rng.random() < 0.2 else ""),
        }
        main_phone, old = phone(rng, area), rng.random() < 0.15
        for ftype, kind in kinds.items():
            name2 = rng.choice(NAME2[kind]) if rng.random() < (0.7 if kind == "hosp" else 0.25) else ""
            svc = services(rng, ftype, kind, name1, name2, state, old)
            spanish = any(s["f2"] == "OL" and "Spanish" in s["f3"] for s in svc) and rng.random() < 0.12
            rows.append(
                {
                    "_irow": 0,
                    "frid": hashlib.sha1(f"iopfinder-sample|{n}|{ftype}|{name1}".encode()).hexdigest(),
                    "name1": name1,
                    "name2": name2,
                    **address,
                    "phone": main_phone,
                    "intake1": phone(rng, area) if rng.random() < 0.6 else "",
                    "intake2": phone(rng, area) if rng.random() < 0.1 else "",
                    "hotline1": phone(rng, "800") if rng.random() < 0.1 else "",
                    "website": website,
                    "latitude": f"{lat:.6f}",
                    "longitude": f"{lng:.6f}",
                    "miles": round(miles_between(float(anchor["lat"]), float(anchor["long"]), lat, lng), 1),
                    "typeFacility": ftype,
                    "otp_id_number": f"{state}{rng.randint(10000000, 99999999)}" if kind == "otp" else "",
                    "services": None if rng.random() < 0.02 else svc,
                    "services_spanish": spanish_services(svc) if spanish else "",
                    "_sort": (list(METROS).index(state), m),
                }
            )
    rows.sort(key=lambda r: (r["_sort"], r["miles"], r["name1"], r["typeFacility"]))
    for i, row in enumerate(rows, 1):
        row["_irow"] = i
        del row["_sort"]
        if row["services"] is None:
            row["services_spanish"] = ""
    total, size = math.ceil(len(rows) / PAGE_SIZE), PAGE_SIZE
    envelope = {"totalPages": total, "recordCount": len(rows)}
    return [{"page": p + 1, **envelope, "rows": rows[p * size : (p + 1) * size]} for p in range(total)]


if __name__ == "__main__":
    OUT.write_text(json.dumps(build(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
