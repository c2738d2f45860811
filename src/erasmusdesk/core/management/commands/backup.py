from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from erasmusdesk.core.backup import create_backup


class Command(BaseCommand):
    help = (
        "Write one backup archive (ZIP) with the database content, every uploaded file and a "
        "manifest of counts and SHA-256 hashes. An existing file of that name is replaced once "
        "the new archive is complete."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The archive to write, e.g. backup.zip.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias.")

    def handle(self, *args, file: Path, database: str, **options):
        summary = create_backup(file, using=database)
        for item in summary.missing:
            self.stderr.write(
                self.style.WARNING(
                    f"Missing from the file storage: {item['name']} "
                    f"({item['model']} {item['pk']}, {item['field']})"
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {summary.path}: {summary.objects} objects of {summary.models} models, "
                f"{summary.files} files ({summary.file_bytes} bytes)"
                + (f", {len(summary.missing)} files missing" if summary.missing else "")
                + "."
            )
        )
