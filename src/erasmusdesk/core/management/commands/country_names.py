from django.core.management.base import BaseCommand

from erasmusdesk.core.country_names import write_catalogue


class Command(BaseCommand):
    help = "Write the Kazakh country names catalogue from the CLDR (needs Babel, a test extra)."

    def handle(self, *args, **options):
        path = write_catalogue()
        self.stdout.write(f"Country names written to {path}.")
