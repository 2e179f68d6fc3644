"""Every workspace form carries a CSRF token, and a write without one is refused."""

import re
from pathlib import Path

import pytest
from django.test import Client as BrowserLikeClient
from django.urls import reverse

from casework.models import Client

from .casework_helpers import make_world, signed_in
from .factories import ProgramFactory

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "casework"
POST_FORM = re.compile(r'<form method="post".*?</form>', re.S)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def strict():
    """A test client that checks CSRF tokens as a browser's requests are checked."""
    return BrowserLikeClient(enforce_csrf_checks=True)


def test_every_post_form_of_the_workspace_templates_has_a_csrf_token():
    forms = [(path.name, form) for path in TEMPLATES.rglob("*.html") for form in POST_FORM.findall(path.read_text())]
    assert len(forms) > 10
    assert not [name for name, form in forms if "{% csrf_token %}" not in form]


def test_creating_a_client_without_the_token_is_refused(strict):
    world = make_world()
    signed_in(strict, world.a)
    response = strict.post(reverse("casework:client_new"), {"alias": "N.B."})
    assert response.status_code == 403
    assert "CSRF" in response.text
    assert not Client.objects.filter(alias="N.B.").exists()


def test_creating_a_client_with_the_forms_token_works(strict):
    world = make_world()
    signed_in(strict, world.a)
    token = TOKEN.search(strict.get(reverse("casework:client_new")).text).group(1)
    response = strict.post(reverse("casework:client_new"), {"alias": "N.B.", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Client.objects.filter(alias="N.B.").exists()


def test_adding_to_a_shortlist_from_the_search_needs_the_token(strict):
    world = make_world()
    program = ProgramFactory()
    signed_in(strict, world.a)
    page = strict.get(reverse("programs:search")).text
    form = next(form for form in POST_FORM.findall(page) if "shortlist/add/" in form)
    data = {"client": str(world.client.pk), "program": program.pk}
    assert strict.post(reverse("casework:shortlist_add"), data).status_code == 403
    data["csrfmiddlewaretoken"] = TOKEN.search(form).group(1)
    assert strict.post(reverse("casework:shortlist_add"), data).status_code == 302
    assert world.client.items.filter(program=program).exists()


def test_every_form_on_the_shortlist_page_carries_the_token(strict):
    world = make_world()
    signed_in(strict, world.a)
    page = strict.get(reverse("casework:client", args=[world.client.pk])).text
    forms = POST_FORM.findall(page)
    assert len(forms) >= 6  # share, revoke, referral, note, move, remove, sign out
    assert all(TOKEN.search(form) for form in forms)
