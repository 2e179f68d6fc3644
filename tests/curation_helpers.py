"""Staff users in each role, and file-backed feed sources, for the curation tests."""

import json

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
