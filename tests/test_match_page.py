"""The level-of-care guide's pages: /match/ asks, answers by POST, and links to a filtered search."""

import html
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from programs.forms import MatchForm

pytestmark = pytest.mark.django_db

URL = reverse("programs:match")
# Weekly therapy is not enough, days are busy, getting there is hard, and help is wanted for both.
ANSWERS = {
    "safety": "no",
    "concern": "both",
    "use": "some_days",
    "withdrawal": "none",
    "coping": "managing",
    "step_down": "no",
    "weekly_therapy": "not_enough",
    "home": "stable",
    "travel": "hard",
    "daytime": "busy",
    "pregnancy": "no",
    "age": "26_64",
    "near": "",
}
URGENT = {**ANSWERS, "safety": "yes"}


def search_link(text: str) -> str:
    match = re.search(r'<a class="button guide-cta" href="([^"]+)">See matching programs</a>', text)
    assert match, "no 'See matching programs' link"
    return html.unescape(match.group(1))


def test_guide_asks_every_question_with_the_crisis_line_first(client):
    response = client.get(URL)

    assert response.status_code == 200
    text = response.text
    assert 'href="tel:988"' in text
    assert "If yes, please don't wait: call or text 988, or call 911." in html.unescape(text)
    for field in MatchForm():
        assert html.escape(field.label) in text
    assert 'name="csrfmiddlewaretoken"' in text
    assert 'method="post"' in text


def test_guide_is_linked_from_the_home_page_and_the_header(client):
    text = client.get(reverse("programs:home")).text
    assert f'href="{URL}">Not sure what you need? Take the 2-minute guide</a>' in text
    assert f'href="{URL}">Which care fits me?</a>' in text


def test_answers_open_a_search_with_the_suggested_level_and_what_they_imply(client):
    response = client.post(URL, ANSWERS)

    assert response.status_code == 200
    assert "An intensive outpatient program (IOP) may be the place to start" in response.text
    assert "more support than weekly therapy" in response.text
    link = urlsplit(search_link(response.text))
    assert link.path == reverse("programs:search")
    assert parse_qsl(link.query) == [
        ("care_level", "iop"),
        ("schedule", "evening"),
        ("schedule", "weekend"),
        ("population", "co_occurring"),
        ("telehealth", "true"),
    ]
    assert "crisis-box" not in response.text


def test_zip_code_is_added_to_the_search_link(client):
    response = client.post(URL, {**ANSWERS, "near": "10001"})
    assert ("near", "10001") in parse_qsl(urlsplit(search_link(response.text)).query)


def test_urgent_answer_shows_988_and_emergency_guidance_before_the_recommendation(client):
    response = client.post(URL, URGENT)

    assert response.status_code == 200
    text = response.text
    crisis = text.index('class="crisis-box"')
    assert crisis < text.index("<h1>Get urgent help now, before looking for a program</h1>")
    assert crisis < text.index("See matching programs")
    box = text[crisis : text.index("</section>", crisis)]
    assert 'href="tel:988"' in box
    assert 'href="sms:988"' in box
    assert 'href="tel:911"' in box
    assert "emergency room" in box
    assert parse_qsl(urlsplit(search_link(text)).query) == [("care_level", "inpatient"), ("population", "co_occurring")]


def test_missing_answer_shows_the_form_again_with_the_error(client):
    response = client.post(URL, {**ANSWERS, "coping": ""})

    assert response.status_code == 400
    assert "Please check your answers" in response.text
    assert "Please choose an answer." in response.text
    assert re.search(r'value="not_enough"[^>]*checked', response.text)  # the answers given are kept


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"age": "ancient"}, "Please choose one of the answers."), ({"near": "00000"}, "is not a US ZIP code we know")],
)
def test_invalid_answer_is_400(client, changes, message):
    response = client.post(URL, {**ANSWERS, **changes})
    assert response.status_code == 400
    assert message in response.text


def test_answers_are_not_stored_anywhere(client, django_assert_num_queries):
    with django_assert_num_queries(0):  # no session row, no database row
        response = client.post(URL, {**URGENT, "near": "10001"})

    assert response.status_code == 200
    assert dict(client.session) == {}
    assert "sessionid" not in response.cookies
    assert "no-store" in response["Cache-Control"]


def test_answers_need_the_csrf_token():
    assert Client(enforce_csrf_checks=True).post(URL, ANSWERS).status_code == 403


def test_guide_takes_only_get_and_post(client):
    assert client.put(URL).status_code == 405


@pytest.mark.parametrize(
    ("changes", "levels"),
    [
        ({"weekly_therapy": "helping", "daytime": "free", "travel": "easy"}, ["outpatient"]),
        ({}, ["iop"]),
        ({"coping": "hard", "age": "under_18"}, ["php"]),
        ({"coping": "around_the_clock", "pregnancy": "yes"}, ["residential", "inpatient"]),
        ({"use": "daily", "withdrawal": "mild", "age": "18_25", "near": "10001"}, ["iop", "detox"]),
        ({"use": "daily", "withdrawal": "severe", "age": "65_plus"}, ["inpatient", "detox"]),
    ],
    ids=["outpatient", "iop", "php", "residential", "iop with detox", "urgent withdrawal"],
)
def test_one_click_from_the_guide_to_a_search_showing_the_level(client, changes, levels):
    result = client.post(URL, {**ANSWERS, **changes})

    search = client.get(search_link(result.text))

    assert search.status_code == 200
    chosen = re.search(r'<p class="chosen-levels">(.*?)</p>', search.text).group(1)
    for level in levels:
        assert f'name="care_level" value="{level}" checked>' in search.text
        assert f'class="tag tag-{level}"' in chosen
