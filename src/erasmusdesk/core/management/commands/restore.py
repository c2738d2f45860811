from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from erasmusdesk.core.backup import BackupError, restore_backup, verify_backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty installation (migrated, no data): every hash "
        "is checked first, then the data and files are loaded all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The archive written by `backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the data this installation holds (and stored files of the same "
            "names) instead of refusing. Everyone is signed out.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check the archive against its manifest; change nothing.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias.")

    def handle(self, *args, file: Path, force: bool, check: bool, database: str, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            if check:
                manifest = verify_backup(file)
                objects = sum(entry["count"] for entry in manifest["models"])
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{file} matches its manifest: {objects} objects, "
                        f"{len(manifest['files'])} files, made {manifest['created_at']}."
                    )
                )
                return
            summary = restore_backup(file, force=force, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {file}: {summary.objects} objects of {summary.models} models, "
                f"{summary.files} files ({summary.file_bytes} bytes), every hash checked."
            )
        )
