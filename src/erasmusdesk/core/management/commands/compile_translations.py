from django.core.management.base import BaseCommand

from erasmusdesk.core.translations import compile_catalogues


class Command(BaseCommand):
    help = "Compile the ru/kk .po catalogues to .mo with polib (no GNU gettext needed)."

    def handle(self, *args, **options):
        written = compile_catalogues()
        self.stdout.write(f"Translations: {len(written)} catalogue(s) compiled.")
