from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ...models import Source
from ...records import FeedFetchError
from ...services import refresh_source
from ...tasks import refresh_source_task


class Command(BaseCommand):
    help = "Refresh provider sources: queue a Celery task per source, or with --now run here and print each run."

    def add_arguments(self, parser):
        parser.add_argument("--source", help="only this source (its name)")
        parser.add_argument("--now", action="store_true", help="run in this process instead of queueing")

    def handle(self, *args, source: str | None, now: bool, **options):
        sources = Source.objects.filter(enabled=True)
        if source:
            sources = Source.objects.filter(name=source)
            if not sources.exists():
                known = ", ".join(Source.objects.values_list("name", flat=True)) or "none yet (add one in the admin)"
                raise CommandError(f"No source named {source!r}. Sources: {known}.")
        if not sources:
            self.stdout.write("No enabled sources to refresh.")
            return
        for item in sources:
            if now:
                try:
                    run = refresh_source(source_id=item.pk, trigger="command")
                except FeedFetchError as exc:
                    self.stderr.write(f"{item.name}: failed: {exc}")
                    continue
                self.stdout.write(f"{item.name}: {run.summary()}")
                for rejected in run.rejected_rows:
                    self.stderr.write(f"  rejected row {rejected['row']} ({rejected['source_id']}): "
                                      + "; ".join(rejected["reasons"]))  # fmt: skip
            else:
                transaction.on_commit(lambda pk=item.pk: refresh_source_task.delay(pk, "command"))
                self.stdout.write(f"{item.name}: refresh queued")
