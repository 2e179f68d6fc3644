from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate


class ProgramsConfig(AppConfig):
    name = "programs"

    def ready(self):
        from . import pagecache

        post_migrate.connect(_sync_roles, dispatch_uid="programs.sync_roles")
        pagecache.connect_signals()


def _sync_roles(sender, apps=None, **kwargs):
    # Every app's permissions exist only once its own post_migrate ran: topping up after each is cheap.
    from .curation.roles import sync_roles

    sync_roles(apps or global_apps)
