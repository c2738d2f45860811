from django.core.management.base import BaseCommand

from erasmusdesk.catalogue.seed import load_catalogue


class Command(BaseCommand):
    help = "Load the shipped catalogue pages (en/ru/kk) that do not exist yet; never overwrites."

    def handle(self, *args, **options):
        result = load_catalogue()
        created, kept = len(result.created), len(result.kept)
        self.stdout.write(f"Catalogue: {created} page(s) created, {kept} kept as they are.")
