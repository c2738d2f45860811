from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from erasmusdesk.core.backup import BackupError, restore_backup, verify_backup
from erasmusdesk.core.management.commands.backup import read_key


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
        parser.add_argument(
            "--key-file",
            type=Path,
            help="Check the manifest's signature with the key in this file (the key the "
            "backup was made with) instead of ERASMUSDESK_BACKUP_KEY or SECRET_KEY's.",
        )
        parser.add_argument(
            "--trust-unsigned",
            action="store_true",
            help="Accept an archive without a valid signature (an archive of an earlier "
            "version, or of an installation whose key is lost). Anyone who could write the "
            "archive could have changed it.",
        )

    def handle(self, *args, file: Path, force: bool, check: bool, database: str, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        key = read_key(options["key_file"])
        trust = options["trust_unsigned"]
        try:
            if check:
                checked = verify_backup(file, key=key, trust_unsigned=trust)
                manifest = checked.manifest
                objects = sum(entry["count"] for entry in manifest["models"])
                self._warn_unsigned(checked.signed_by)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{file} matches its manifest: {objects} objects, "
                        f"{len(manifest['files'])} files, made {manifest['created_at']}"
                        f"{self._signed(checked.signed_by)}."
                    )
                )
                return
            summary = restore_backup(
                file, force=force, using=database, key=key, trust_unsigned=trust
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self._warn_unsigned(summary.signed_by)
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {file}: {summary.objects} objects of {summary.models} models, "
                f"{summary.files} files ({summary.file_bytes} bytes), every hash checked"
                f"{self._signed(summary.signed_by)}."
            )
        )

    def _signed(self, signed_by: str) -> str:
        return f", signature checked ({signed_by})" if signed_by else ", NOT signed"

    def _warn_unsigned(self, signed_by: str) -> None:
        if not signed_by:
            self.stderr.write(
                self.style.WARNING(
                    "The archive's signature was not checked (--trust-unsigned): its content "
                    "is only as trustworthy as where it comes from."
                )
            )
