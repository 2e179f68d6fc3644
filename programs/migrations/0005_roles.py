"""The Curator and Site admin groups with their permissions (programs.curation.roles)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_roles(apps, schema_editor):
    from programs.curation.roles import sync_roles

    # Permissions are normally created after all migrations ran: create them now to hand them out.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps)


def remove_roles(apps, schema_editor):
    from programs.curation.roles import CURATOR, SITE_ADMIN

    apps.get_model("auth", "Group").objects.filter(name__in=[CURATOR, SITE_ADMIN]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0004_curation"),
        ("insurance", "0002_payment_kinds_and_plans"),
        ("feeds", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
