"""python -m erasmusdesk remind: send the reminders that are due (run hourly)."""

from django.core.management.base import BaseCommand

from erasmusdesk.applications.notifications import send_all_reminders


class Command(BaseCommand):
    help = (
        "Send the reminders due: to applicants with drafts (7 and 1 days before the deadline), "
        "and those of the apps that answer the reminders_due signal (the mobility's overdue "
        "steps)."
    )

    def handle(self, *args, **options):
        sent = send_all_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
