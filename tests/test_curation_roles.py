"""The two staff roles: a curator edits listings, verifies them and reads feed runs, but cannot edit sources
or users; a site admin can do everything."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from feeds.models import FeedRun, Source
from programs.curation.roles import CURATOR, SITE_ADMIN
from programs.models import Program

from .curation_helpers import curator, site_admin
from .factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return Source.objects.create(name="samhsa", format="samhsa", location="/tmp/none.json")


def test_the_roles_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= {CURATOR, SITE_ADMIN}


def test_a_curator_can_edit_a_listing(client, django_user_model):
    program = ProgramFactory()
    client.force_login(curator(django_user_model))
    url = reverse("admin:programs_program_change", args=[program.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:programs_program_changelist")).status_code == 200


def test_a_curator_can_verify_and_merge(django_user_model):
    user = curator(django_user_model)
    assert user.has_perm("programs.verify_program")
    assert user.has_perm("programs.merge_program")
    assert user.has_perm("insurance.change_cost")
    assert not user.has_perm("programs.delete_program")  # withdraw instead


def test_a_curator_can_read_feed_runs_but_not_edit_sources(client, django_user_model, source):
    run = FeedRun.objects.create(source=source)
    client.force_login(curator(django_user_model))
    assert client.get(reverse("admin:feeds_feedrun_change", args=[run.pk])).status_code == 200
    assert client.get(reverse("admin:feeds_source_add")).status_code == 403
    response = client.post(reverse("admin:feeds_source_change", args=[source.pk]), {"name": "renamed"})
    assert response.status_code == 403
    assert Source.objects.get(pk=source.pk).name == "samhsa"


def test_a_curator_cannot_manage_users(client, django_user_model):
    client.force_login(curator(django_user_model))
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_a_site_admin_can_edit_sources_and_users(client, django_user_model, source):
    admin = site_admin(django_user_model)
    client.force_login(admin)
    assert client.get(reverse("admin:feeds_source_add")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    assert admin.has_perm("feeds.change_source")
    assert admin.has_perm("auth.change_user")
    assert admin.has_perm("programs.delete_program")


def test_staff_without_a_role_sees_no_curation_screens(client, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x", is_staff=True)
    client.force_login(nobody)
    assert client.get(reverse("admin:programs_program_quality")).status_code == 403
    assert client.get(reverse("admin:programs_program_duplicates")).status_code == 403
    program = ProgramFactory()
    assert client.get(reverse("admin:programs_program_verify", args=[program.pk])).status_code == 403


def test_a_curator_opens_every_curation_screen(client, django_user_model):
    first, second = ProgramFactory.create_batch(2)
    client.force_login(curator(django_user_model))
    for url in [
        reverse("admin:programs_program_quality"),
        reverse("admin:programs_program_duplicates"),
        reverse("admin:programs_program_verify", args=[first.pk]),
        reverse("admin:programs_program_history", args=[first.pk]),
        reverse("admin:programs_program_merge", args=[first.pk, second.pk]),
        reverse("admin:programs_problemreport_changelist"),
        reverse("admin:feeds_feedrun_changelist"),
    ]:
        assert (url, client.get(url).status_code) == (url, 200)


def test_a_curator_withdraws_listings_rather_than_deleting_them(client, django_user_model):
    program = ProgramFactory()
    client.force_login(curator(django_user_model))
    response = client.post(reverse("admin:programs_program_delete", args=[program.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Program.objects.filter(pk=program.pk).exists()


def test_a_site_admin_may_delete_a_listing_and_the_deletion_is_in_its_history(client, django_user_model):
    program = ProgramFactory()
    admin = site_admin(django_user_model)
    client.force_login(admin)
    response = client.post(reverse("admin:programs_program_delete", args=[program.pk]), {"post": "yes"})
    assert response.status_code == 302
    deleted = Program.history.get(id=program.pk, history_type="-")
    assert deleted.history_user == admin


def test_staff_who_may_only_view_listings_cannot_restore_or_merge(client, django_user_model):
    first, second = ProgramFactory.create_batch(2)
    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_program"))
    client.force_login(viewer)
    history = reverse("admin:programs_program_history", args=[first.pk])
    assert client.get(history).status_code == 200
    entry = first.history.latest()
    assert client.post(history, {"history_id": entry.history_id, "field": "name"}).status_code == 403
    assert client.get(reverse("admin:programs_program_merge", args=[first.pk, second.pk])).status_code == 403
