from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from casework.forms import InviteForm
from casework.models import Agency, Membership
from casework.services import invitation_create


class Command(BaseCommand):
    help = "Invite a case manager (or an agency's first admin) and print the one-time link to hand to them."

    def add_arguments(self, parser):
        parser.add_argument("agency", help="The agency's name")
        parser.add_argument("email")
        parser.add_argument("--role", choices=Membership.Role.values, default=Membership.Role.MEMBER)
        parser.add_argument("--create-agency", action="store_true", help="Create the agency if it does not exist")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="Where the site is served")

    def handle(self, *args, agency, email, role, create_agency, base_url, **options):
        form = InviteForm({"email": email, "role": role})
        if not form.is_valid():
            raise CommandError(" ".join(message for errors in form.errors.values() for message in errors))
        if create_agency:
            found, _ = Agency.objects.get_or_create(name=agency)
        else:
            found = Agency.objects.filter(name=agency).first()
            if found is None:
                raise CommandError(f"No agency named {agency!r}: check the name, or add --create-agency.")
        invitation, token = invitation_create(agency=found, by=None, **form.cleaned_data)
        self.stdout.write(
            f"Invitation for {invitation.email} ({invitation.get_role_display()}, {found.name}), "
            f"valid until {invitation.expires_at:%Y-%m-%d %H:%M} UTC. Hand them this link:\n"
            f"{base_url.rstrip('/')}{reverse('casework:join', args=[token])}"
        )
