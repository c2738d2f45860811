"""python -m erasmusdesk remind_jean_monnet: reminders of awarded projects' deliverables."""

from django.core.management.base import BaseCommand

from erasmusdesk.jeanmonnet.reminders import send_deliverable_reminders


class Command(BaseCommand):
    help = "Send the reminders of Jean Monnet deliverables due within 14 days (run daily)."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_deliverable_reminders()} reminder(s) sent.")
