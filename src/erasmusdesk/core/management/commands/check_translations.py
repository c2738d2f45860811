import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from erasmusdesk.core.translations import catalogue_paths, catalogue_problems


class Command(BaseCommand):
    help = (
        "Fail when a ru/kk catalogue entry is untranslated or fuzzy; with --extract, also when "
        "the code holds strings that the catalogues lack (needs GNU gettext's xgettext)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--extract", action="store_true")

    def handle(self, *args, extract: bool = False, **options):
        problems = [str(problem) for problem in catalogue_problems()]
        if extract:
            problems += self._missing_msgids()
        if problems:
            raise CommandError("Translation problems:\n" + "\n".join(problems))
        self.stdout.write("Translations: complete.")

    def _missing_msgids(self) -> list[str]:
        """Extract the code's msgids into a scratch copy and compare with the catalogues."""
        if shutil.which("xgettext") is None:
            raise CommandError("--extract needs GNU gettext (apt-get install gettext).")
        package = Path(settings.PACKAGE_DIR)
        problems = []
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "erasmusdesk"
            shutil.copytree(package, copy, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "django",
                    "makemessages",
                    "--no-location",
                    "--no-obsolete",
                    "-l",
                    "ru",
                    "-l",
                    "kk",
                ],
                cwd=copy,
                check=True,
                capture_output=True,
                env={"DJANGO_SETTINGS_MODULE": "", "PATH": shutil.os.environ["PATH"]},
            )
            for code, path in catalogue_paths().items():
                extracted = {e.msgid for e in polib.pofile(str(copy / path.relative_to(package)))}
                committed = {e.msgid for e in polib.pofile(str(path)) if not e.obsolete}
                problems += [
                    f"[{code}] {m!r}: in the code, not in the catalogue"
                    for m in sorted(extracted - committed)
                ]
                problems += [
                    f"[{code}] {m!r}: in the catalogue, no longer in the code"
                    for m in sorted(committed - extracted)
                ]
        return problems
