"""python -m erasmusdesk import_joint_masters FILE.csv: the directory's programmes from CSV."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from erasmusdesk.core.errors import DomainError
from erasmusdesk.mundus.services import import_programmes


class Command(BaseCommand):
    help = "Import Erasmus Mundus Joint Masters from a CSV file (see mundus/services.py)."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, **options):
        try:
            saved = import_programmes(Path(options["path"]).read_text("utf-8-sig"), by=None)
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(f"{len(saved)} programme(s) imported.")
