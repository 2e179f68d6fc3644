"""Spanish: the public pages follow the browser's language or the header switch; English stays the default,
the API stays English, and the committed translations are complete and compiled."""

import ast
import gettext
import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from insurance.models import PaymentKind, PaymentOption

from .casework_helpers import make_world
from .factories import ProgramFactory
from .test_match_page import ANSWERS, URGENT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
MESSAGES = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"
LIFELINE = "988 Línea de Prevención del Suicidio y Crisis"


def text(response) -> str:
    """The page as a person reads it: entities unescaped and whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def spanish(client, url: str, data=None, status: int = 200) -> str:
    response = client.post(url, data, **SPANISH) if data is not None else client.get(url, **SPANISH)
    assert response.status_code == status
    page = text(response)
    assert '<html lang="es">' in page
    assert "¿Está en crisis o piensa en el suicidio? Llame o envíe un mensaje de texto al" in page  # the banner
    assert LIFELINE in page  # the footer
    return page


@pytest.fixture
def program():
    program = ProgramFactory(
        name="Harbor IOP",
        care_levels=["iop"],
        therapies=["cbt"],
        populations=["veterans"],
        accreditations=["carf"],
        languages=["es"],
        hours_per_week=9,
        accepting_new_clients=True,
        wait_days=3,
    )
    PaymentOption.objects.create(program=program, kind=PaymentKind.objects.get(slug="medicaid"))
    PaymentOption.objects.create(program=program, kind=PaymentKind.objects.get(slug="sliding_fee"))
    return program


# --- choosing the language ---------------------------------------------------------------------------


def test_english_is_the_default_language(client, program):
    page = text(client.get(reverse("programs:home")))

    assert '<html lang="en">' in page
    assert "Find an intensive outpatient program that fits your life" in page
    assert "Intensive outpatient (IOP)" in page


def test_the_browsers_language_picks_spanish(client, program):
    page = spanish(client, reverse("programs:home"))

    assert "Encuentre un programa ambulatorio intensivo que se adapte a su vida" in page
    assert "1 programa en el directorio" in page


def test_the_header_switch_posts_to_set_language_and_comes_back_to_the_same_search(client, program):
    search = f"{reverse('programs:search')}?care_level=iop&near=10001"
    page = text(client.get(search))
    assert f'action="{reverse("set_language")}"' in page
    assert f'name="next" value="{search}"' in page.replace("&amp;", "&")

    response = client.post(reverse("set_language"), {"language": "es", "next": search})

    assert response.status_code == 302
    assert response["Location"] == search
    page = text(client.get(search))  # the choice is remembered without Accept-Language
    assert '<html lang="es">' in page
    assert "1 programa a menos de 25 millas de New York, NY 10001" in page


def test_the_switch_back_to_english_wins_over_the_browsers_spanish(client, program):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert '<html lang="en">' in text(client.get(reverse("programs:home"), **SPANISH))


# --- the public pages in Spanish -----------------------------------------------------------------------


def test_search_results_show_spanish_labels_of_the_feed_values(client, program):
    page = spanish(client, f"{reverse('programs:search')}?near=10001")

    assert "Encontrar un programa" in page
    assert "Ambulatorio intensivo (IOP)" in page  # care level tag and filter
    assert "Tarifa según ingresos" in page  # payment kind
    assert "Acepta pacientes nuevos · espera habitual de 3 días" in page
    assert "9 horas por semana" in page
    assert "Por la tarde o noche" in page  # schedule filter option
    assert "Intensive outpatient (IOP)" not in page


def test_search_errors_are_explained_in_spanish(client, program):
    page = spanish(client, f"{reverse('programs:search')}?care_level=daily", status=400)

    assert "No pudimos usar parte de esta búsqueda" in page
    assert "'daily' no es un valor válido para care_level. Valores permitidos: outpatient, iop" in page


def test_the_api_answers_in_english_whatever_the_browser_asks(client, api_unthrottled):
    response = client.get(f"{reverse('api:programs')}?care_level=daily", **SPANISH)

    assert response.status_code == 400
    assert response["Content-Language"] == "en"
    assert response.json()["errors"]["care_level"][0].startswith("'daily' is not a valid care_level.")


def test_program_page_in_spanish(client, program):
    page = spanish(client, program.get_absolute_url())

    assert "Terapia cognitivo-conductual (TCC)" in page
    assert "Veteranos" in page
    assert "Español" in page  # the language the program speaks
    assert "Señales de calidad" in page
    assert "Terapias basadas en la evidencia:</strong> sí — Terapia cognitivo-conductual (TCC)" in page
    assert "¿Cuántas semanas suele durar el programa?" in page
    assert "Del localizador de tratamiento de SAMHSA" in page
    assert "Reportar información incorrecta" in page


def test_compare_page_in_spanish(client, program):
    client.post(reverse("programs:compare_toggle", args=[program.pk]))

    page = spanish(client, reverse("programs:compare"))

    assert "Comparar programas" in page
    assert "Niveles de atención</th><td>Ambulatorio intensivo (IOP)" in page
    assert "Medicaid, Tarifa según ingresos" in page


def test_coverage_page_and_fit_in_spanish(client, program):
    page = spanish(client, reverse("insurance:coverage"))
    assert "¿Qué cobertura médica tiene?" in page
    assert "Sin seguro / pago por mi cuenta" in page

    client.post(reverse("insurance:coverage"), {"kind": "medicaid", "state": "NY"})

    assert "Acepta su Medicaid (NY)" in spanish(client, reverse("programs:search"))


def test_the_guide_asks_and_answers_in_spanish_without_diagnosing(client):
    page = spanish(client, reverse("programs:match"))
    assert "¿Con qué quiere ayuda?" in page
    assert "Esto no es un diagnóstico" in page

    page = spanish(client, reverse("programs:match"), ANSWERS)
    assert "Un programa ambulatorio intensivo (IOP) puede ser un buen punto de partida" in page
    assert "Esta guía es solo un punto de partida." in page
    assert "Ver programas que coinciden" in page


def test_the_guide_sends_people_in_crisis_to_988_in_spanish(client):
    page = spanish(client, reverse("programs:match"), URGENT)

    assert "Busque ayuda urgente ahora, antes de buscar un programa" in page
    assert f"El <strong>988</strong> es la {LIFELINE}" in page
    assert "Llamar al 988" in page


def test_the_clients_shared_shortlist_in_spanish(client):
    world = make_world()
    program = world.item.program
    program.hours_per_week, program.schedule_evening = 9, True
    program.save()

    page = spanish(client, reverse("casework:shared", args=[world.share_token]))

    assert "Programas que su administrador de casos eligió para usted" in page
    assert "Llamar al 988" in page
    assert "9 horas por semana; por la tarde o noche" in page
    assert "Preguntas para hacer cuando llame" in page


# --- the translation files -------------------------------------------------------------------------------


def po_catalog(path: Path) -> tuple[dict, list[str]]:
    """The .po file as gettext's catalog ({msgid: msgstr}, plural forms keyed (msgid, n), context as
    "context\\x04msgid"), and the msgids that are fuzzy or untranslated."""
    catalog, problems = {}, []
    for block in path.read_text().split("\n\n"):
        fields, current, fuzzy = {}, None, False
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (".*")$', line):
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if not fields.get("msgid"):
            continue  # the header
        key = f"{fields['msgctxt']}\x04{fields['msgid']}" if "msgctxt" in fields else fields["msgid"]
        translations = {name: value for name, value in fields.items() if name.startswith("msgstr")}
        if fuzzy or not all(translations.values()):
            problems.append(fields["msgid"])
        if "msgid_plural" in fields:
            catalog.update({(key, int(name[7:-1])): value for name, value in translations.items()})
        else:
            catalog[key] = translations["msgstr"]
    return catalog, problems


def test_every_spanish_entry_is_translated_and_none_is_fuzzy():
    catalog, problems = po_catalog(MESSAGES / "django.po")

    assert len(catalog) > 300
    assert problems == []


def test_the_compiled_mo_matches_the_po_so_nobody_forgets_compilemessages():
    with (MESSAGES / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    compiled = {key: value for key, value in compiled.items() if key != ""}  # "" is the header

    assert compiled == po_catalog(MESSAGES / "django.po")[0], "run: make compilemessages"
