from pathlib import Path

from django.core.management.base import BaseCommand

from ...hsds_export import export_directory


class Command(BaseCommand):
    help = "Export the published directory as an Open Referral HSDS 3.0 datapackage (datapackage.json + CSVs)."

    def add_arguments(self, parser):
        parser.add_argument("out_dir", help="directory to write; created if missing, its CSVs replaced")

    def handle(self, *args, out_dir: str, **options):
        counts = export_directory(Path(out_dir))
        for table, count in counts.items():
            self.stdout.write(f"{table}: {count}")
        self.stdout.write(self.style.SUCCESS(f"{out_dir}: {counts['service']} programs exported as HSDS 3.0"))
