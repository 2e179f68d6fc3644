import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from programs.models import Program

from ...parsers import PARSERS
from ...records import FeedFetchError, FeedFormatError
from ...services import import_feed


class Command(BaseCommand):
    help = "Import a provider feed file or URL: upserts listings by upstream id and prints a summary."

    def add_arguments(self, parser):
        parser.add_argument("format", choices=sorted(PARSERS), help="feed format")
        parser.add_argument("location", help="file path or http(s) URL of the feed")
        parser.add_argument(
            "--if-empty", action="store_true", help="only import when the directory has no programs yet"
        )

    def handle(self, *args, format: str, location: str, if_empty: bool, verbosity: int, **options):
        if if_empty and Program.objects.exists():
            self.stdout.write("The directory already has programs; nothing imported.")
            return
        show_progress = sys.stderr.isatty() and verbosity > 0

        def progress(records, total):
            return tqdm(records, total=total, unit="row", desc="Importing", file=sys.stderr, disable=not show_progress)

        try:
            result = import_feed(format=format, location=location, progress=progress)
        except (FeedFetchError, FeedFormatError) as exc:
            raise CommandError(f"{location}: {exc}. Nothing was imported.") from None
        for rejected in result.rejected:
            self.stderr.write(f"Rejected {rejected}")
        self.stdout.write(self.style.SUCCESS(f"{location}: {result.summary()}"))
