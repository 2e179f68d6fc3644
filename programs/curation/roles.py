"""The staff roles, as Django groups: curators keep listings true, site admins run everything.

Created by a data migration and topped up after every `migrate` (programs.apps), so permissions of
models added later reach the Site admin group. Permissions are only ever added, never taken away."""

from django.apps import apps as global_apps
from django.db.models import Q

CURATOR = "Curator"
SITE_ADMIN = "Site admin"
EDIT = ("view", "add", "change", "delete")
# model -> actions (or custom codenames). Curators edit listings and what hangs off them (but delete
# none: withdraw instead), verify and merge them, work the report queue and read feed runs. Sources
# and users are the site admin's.
CURATOR_PERMISSIONS = {
    "programs.program": ("view", "add", "change", "verify_program", "merge_program"),
    "programs.location": ("view", "add", "change"),
    "programs.provider": ("view", "add", "change"),
    "programs.phone": EDIT,
    "programs.licensedstate": EDIT,
    "insurance.cost": EDIT,
    "insurance.paymentoption": EDIT,
    "insurance.planacceptance": EDIT,
    "insurance.medicaidstate": EDIT,
    "programs.verification": ("view", "add"),
    "programs.problemreport": ("view", "change"),
    "programs.notduplicate": ("view", "add"),
    "programs.sourcealias": ("view",),
    "programs.historicalprogram": ("view",),
    **{f"programs.{vocabulary}": ("view",) for vocabulary in
       ("carelevel", "therapy", "accreditation", "population", "medication", "language")},
    "insurance.paymentkind": ("view",),
    "insurance.payer": ("view",),
    "insurance.insuranceplan": ("view",),
    "feeds.feedrun": ("view",),
    "feeds.source": ("view",),
}  # fmt: skip


def sync_roles(apps=global_apps) -> None:
    """Create the Curator and Site admin groups if missing and add the permissions they lack."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = Q(pk__in=[])
    for label, actions in CURATOR_PERMISSIONS.items():
        app_label, model = label.split(".")
        codenames = [action if "_" in action else f"{action}_{model}" for action in actions]
        wanted |= Q(content_type__app_label=app_label, content_type__model=model, codename__in=codenames)
    curator, _ = Group.objects.get_or_create(name=CURATOR)
    curator.permissions.add(*Permission.objects.filter(wanted))
    site_admin, _ = Group.objects.get_or_create(name=SITE_ADMIN)
    site_admin.permissions.add(*Permission.objects.all())
