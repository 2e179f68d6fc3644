"""Payment kinds (public slugs from shared/domain/feeds.md section 2), payers and common plans.

Medicaid is state-run, so every state gets its own Medicaid plan (slug medicaid_<state>)."""

from django.db import migrations

PAYMENT_KINDS = [
    ("medicaid", "Medicaid", "Medicaid"),
    ("medicare", "Medicare", "Medicare"),
    ("private", "Private health insurance", "Seguro médico privado"),
    ("military", "Military insurance (TRICARE)", "Seguro militar (TRICARE)"),
    ("va", "VA (Veterans Affairs) funds", "Fondos del VA (Asuntos de Veteranos)"),
    ("self_pay", "Cash or self-pay", "Pago en efectivo o por cuenta propia"),
    ("sliding_fee", "Sliding fee scale", "Tarifa según ingresos"),
    ("payment_assistance", "Payment assistance", "Ayuda para el pago"),
]

STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico", "VI": "U.S. Virgin Islands", "GU": "Guam", "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}  # fmt: skip

# Named federal and private plans: (payer slug, payer name, kind, [(plan slug, plan name)]).
PAYERS = [
    ("medicare", "Medicare", "medicare",
     [("medicare", "Medicare (Original)"), ("medicare_advantage", "Medicare Advantage")]),
    ("tricare", "TRICARE", "military", [("tricare", "TRICARE")]),
    ("va", "U.S. Department of Veterans Affairs", "va", [("va_community_care", "VA Community Care")]),
    ("aetna", "Aetna", "private", [("aetna", "Aetna")]),
    ("bcbs", "Blue Cross Blue Shield", "private", [("bcbs", "Blue Cross Blue Shield")]),
    ("cigna", "Cigna", "private", [("cigna", "Cigna")]),
    ("unitedhealthcare", "UnitedHealthcare", "private", [("unitedhealthcare", "UnitedHealthcare")]),
    ("humana", "Humana", "private", [("humana", "Humana")]),
    ("kaiser", "Kaiser Permanente", "private", [("kaiser", "Kaiser Permanente")]),
]  # fmt: skip


def load(apps, schema_editor):
    PaymentKind = apps.get_model("insurance", "PaymentKind")
    Payer = apps.get_model("insurance", "Payer")
    InsurancePlan = apps.get_model("insurance", "InsurancePlan")
    for order, (slug, label, label_es) in enumerate(PAYMENT_KINDS):
        PaymentKind.objects.update_or_create(
            slug=slug, defaults={"label": label, "label_es": label_es, "sort_order": order}
        )
    for code, name in STATES.items():
        payer, _ = Payer.objects.update_or_create(
            slug=f"medicaid_{code.lower()}", defaults={"name": f"{name} Medicaid", "kind": "medicaid", "state": code}
        )
        InsurancePlan.objects.update_or_create(
            slug=f"medicaid_{code.lower()}", defaults={"payer": payer, "name": f"Medicaid ({code})", "state": code}
        )
    for payer_slug, payer_name, kind, plans in PAYERS:
        payer, _ = Payer.objects.update_or_create(slug=payer_slug, defaults={"name": payer_name, "kind": kind})
        for plan_slug, plan_name in plans:
            InsurancePlan.objects.update_or_create(slug=plan_slug, defaults={"payer": payer, "name": plan_name})


class Migration(migrations.Migration):
    dependencies = [("insurance", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
