"""Staff users in each role, file-backed feed sources, and what a browser posts from a form, for the curation
tests."""

import json
from html.parser import HTMLParser

from django.contrib.auth.models import Group

from feeds.models import Source
from feeds.services import refresh_source
from programs.curation.roles import CURATOR, SITE_ADMIN

from .samhsa_rows import envelope


def staff(django_user_model, role: str, username: str | None = None):
    """A staff user in the Curator or Site admin group (created by the roles migration)."""
    user = django_user_model.objects.create_user(username or role.lower().replace(" ", "_"), password="x",
                                                 is_staff=True)  # fmt: skip
    user.groups.add(Group.objects.get(name=role))
    return user


def curator(django_user_model, username: str = "curator"):
    return staff(django_user_model, CURATOR, username)


def site_admin(django_user_model, username: str = "site_admin"):
    return staff(django_user_model, SITE_ADMIN, username)


class FileFeed:
    """A SAMHSA-format source read from a file the test rewrites between refreshes."""

    def __init__(self, tmp_path, name: str):
        self.path = tmp_path / f"{name}.json"
        self.source = Source.objects.create(name=name, format="samhsa", location=str(self.path),
                                            max_withdraw_share=1.0)  # fmt: skip

    def refresh(self, rows: list[dict]):
        self.path.write_text(json.dumps(envelope(rows)))
        run = refresh_source(source_id=self.source.pk)
        assert run.status == "succeeded", run.error
        return run


class _FormValues(HTMLParser):
    """The values a browser without JavaScript submits from one form of a page."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside = form_id, False
        self.values: list[tuple[str, str]] = []
        self.select: tuple[str, bool, list, list] | None = None  # name, multiple, selected, all options
        self.textarea: list[str] | None = None  # name, text

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        name = attrs.get("name") or ""
        if not self.inside or "__prefix__" in name:  # the inlines' empty template rows are never sent
            return
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "image", "file"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.values.append((name, attrs.get("value") or ("on" if attrs.get("type") == "checkbox" else "")))
        elif tag == "select" and name:
            self.select = (name, "multiple" in attrs, [], [])
        elif tag == "option" and self.select:
            self.select[3].append(attrs.get("value", ""))
            if "selected" in attrs:
                self.select[2].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            name, multiple, selected, options = self.select
            chosen = selected if multiple or selected else options[:1]  # a single select sends its first option
            self.values += [(name, value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea:
            name, text = self.textarea
            self.values.append((name, text.removeprefix("\n")))
            self.textarea = None


def form_values(response, form_id: str) -> dict[str, list[str]]:
    """What submitting the form `form_id` of a page unchanged would post: {name: [values]}."""
    parser = _FormValues(form_id)
    parser.feed(response.content.decode())
    values: dict[str, list[str]] = {}
    for name, value in parser.values:
        values.setdefault(name, []).append(value)
    return values
