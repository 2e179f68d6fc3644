import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from programs.models import Program

from ...fetch import read_source
from ...parsers import PARSERS
from ...records import FeedFetchError, FeedFormatError
from ...services import import_records


class Command(BaseCommand):
    help = "Import a provider feed file or URL: upserts listings by upstream id and prints a summary."

    def add_arguments(self, parser):
        parser.add_argument("format", choices=sorted(PARSERS), help="feed format")
        parser.add_argument("location", help="file path or http(s) URL of the feed")
        parser.add_argument(
            "--if-empty", action="store_true", help="only import when the directory has no programs yet"
        )

    def handle(self, *args, format: str, location: str, if_empty: bool, **options):
        if if_empty and Program.objects.exists():
            self.stdout.write("The directory already has programs; nothing imported.")
            return
        parser = PARSERS[format]
        try:
            rows = parser.read_rows(read_source(location))
        except (FeedFetchError, FeedFormatError) as exc:
            raise CommandError(f"{location}: {exc}. Nothing was imported.") from None
        progress = tqdm(
            parser.parse_rows(rows),
            total=len(rows),
            unit="row",
            desc="Importing",
            file=sys.stderr,
            disable=not sys.stderr.isatty() or options["verbosity"] == 0,
        )
        result = import_records(records=progress)
        for rejected in result.rejected:
            self.stderr.write(f"Rejected {rejected}")
        self.stdout.write(self.style.SUCCESS(f"{location}: {len(rows)} rows: {result.summary()}"))
