from django.core.management.base import BaseCommand

from ...models import ApiKey


class Command(BaseCommand):
    help = "Issue an API key for a partner and print it once (only its hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="who the key is for, e.g. the partner's name")

    def handle(self, *args, name: str, **options):
        api_key, key = ApiKey.issue(name=name)
        self.stdout.write(key)
        self.stderr.write(
            f"API key {api_key.pk} issued to {name!r}. Store it now: it cannot be shown again. "
            "Send it as 'Authorization: Api-Key <key>' or 'X-Api-Key: <key>'."
        )
