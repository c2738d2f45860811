from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
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
        parser.add_argument(
            "--key-file",
            type=Path,
            help="Sign the manifest with the key in this file instead of "
            "ERASMUSDESK_BACKUP_KEY or the key derived from SECRET_KEY.",
        )

    def handle(self, *args, file: Path, database: str, key_file: Path | None, **options):
        summary = create_backup(file, using=database, key=read_key(key_file))
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


def read_key(path: Path | None) -> str | None:
    """The backup key in the file ``path`` (surrounding blanks dropped), None without one."""
    if path is None:
        return None
    try:
        key = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"Cannot read the key file {path}: {error}") from error
    if len(key) < 32:
        raise CommandError(f"The key in {path} is shorter than 32 characters.")
    return key
