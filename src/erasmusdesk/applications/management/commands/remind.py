"""python -m erasmusdesk remind: send the deadline reminders that are due (run hourly)."""

from django.core.management.base import BaseCommand

from erasmusdesk.applications.notifications import send_deadline_reminders


class Command(BaseCommand):
    help = "Send the reminders due to applicants with drafts (7 and 1 days before the deadline)."

    def handle(self, *args, **options):
        sent = send_deadline_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
