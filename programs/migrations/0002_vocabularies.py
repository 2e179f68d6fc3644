"""The vocabularies the public API speaks (slugs from shared/domain/feeds.md section 2).

Slugs are a public contract: never rename one here, add a new row instead."""

from django.db import migrations

CARE_LEVELS = [
    # slug, label, label_es, ASAM level, description
    ("outpatient", "Outpatient", "Ambulatorio", "1", "Regular therapy visits, usually under 9 hours a week."),
    ("iop", "Intensive outpatient (IOP)", "Ambulatorio intensivo (IOP)", "2.1",
     "Structured treatment 9–19 hours a week (6–19 for adolescents) while living at home."),
    ("php", "Partial hospitalization (PHP)", "Hospitalización parcial (PHP)", "2.5",
     "Day treatment of 20 or more hours a week, usually five days a week."),
    ("residential", "Residential", "Residencial", "3",
     "Living at the program with 24-hour structure and support."),
    ("inpatient", "Inpatient (hospital)", "Hospitalización", "4",
     "Medically managed 24-hour care in a hospital."),
    ("detox", "Detox / withdrawal management", "Desintoxicación", "",
     "Medical help to withdraw safely, before ongoing treatment."),
]  # fmt: skip

THERAPIES = [
    # slug, label, label_es, evidence-based
    ("cbt", "Cognitive behavioral therapy (CBT)", "Terapia cognitivo-conductual (TCC)", True),
    ("dbt", "Dialectical behavior therapy (DBT)", "Terapia dialéctico-conductual (TDC)", True),
    ("mi", "Motivational interviewing", "Entrevista motivacional", True),
    ("twelve_step", "12-step facilitation", "Facilitación de 12 pasos", True),
    ("contingency_management", "Contingency management", "Manejo de contingencias", True),
    ("family", "Couples and family therapy", "Terapia de pareja y familiar", True),
    ("group", "Group therapy", "Terapia de grupo", False),
    ("individual", "Individual therapy", "Terapia individual", False),
    ("trauma", "Trauma-focused counseling", "Consejería centrada en el trauma", True),
    ("emdr", "EMDR", "EMDR (desensibilización y reprocesamiento)", True),
]  # fmt: skip

ACCREDITATIONS = [
    ("joint_commission", "The Joint Commission", "The Joint Commission"),
    ("carf", "CARF", "CARF"),
    ("ncqa", "NCQA", "NCQA"),
    ("coa", "Council on Accreditation (COA)", "Council on Accreditation (COA)"),
    ("hfap", "HFAP", "HFAP"),
]

POPULATIONS = [
    ("veterans", "Veterans", "Veteranos"),
    ("military", "Active-duty military", "Militares en servicio activo"),
    ("adolescents", "Adolescents", "Adolescentes"),
    ("young_adults", "Young adults", "Adultos jóvenes"),
    ("seniors", "Older adults", "Adultos mayores"),
    ("pregnant_women", "Pregnant or postpartum women", "Mujeres embarazadas o en posparto"),
    ("lgbtq", "LGBTQ+ people", "Personas LGBTQ+"),
    ("co_occurring", "Co-occurring mental health and substance use", "Trastornos concurrentes"),
    ("criminal_justice", "People involved with the justice system", "Personas en el sistema judicial"),
    ("trauma", "People who have experienced trauma", "Personas que han vivido trauma"),
]

MEDICATIONS = [
    ("buprenorphine", "Buprenorphine", "Buprenorfina"),
    ("naltrexone", "Naltrexone", "Naltrexona"),
    ("methadone", "Methadone", "Metadona"),
]

LANGUAGES = [
    ("en", "English", "Inglés"),
    ("es", "Spanish", "Español"),
    ("zh", "Chinese", "Chino"),
    ("vi", "Vietnamese", "Vietnamita"),
    ("ko", "Korean", "Coreano"),
    ("ru", "Russian", "Ruso"),
    ("ar", "Arabic", "Árabe"),
    ("fr", "French", "Francés"),
    ("ht", "Haitian Creole", "Criollo haitiano"),
    ("pt", "Portuguese", "Portugués"),
    ("tl", "Tagalog", "Tagalo"),
    ("pl", "Polish", "Polaco"),
]


def load(apps, schema_editor):
    def rows(model_name, data, extra=()):
        model = apps.get_model("programs", model_name)
        for order, row in enumerate(data):
            slug, label, label_es, *rest = row
            defaults = {"label": label, "label_es": label_es, "sort_order": order}
            defaults.update(zip(extra, rest, strict=True))
            model.objects.update_or_create(slug=slug, defaults=defaults)

    rows("CareLevel", CARE_LEVELS, ("asam_level", "description"))
    rows("Therapy", THERAPIES, ("evidence_based",))
    rows("Accreditation", ACCREDITATIONS)
    rows("Population", POPULATIONS)
    rows("Medication", MEDICATIONS)
    rows("Language", LANGUAGES)


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
