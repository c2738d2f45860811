"""python -m erasmusdesk remind_capacity_building: reminders of projects' reporting dates."""

from django.core.management.base import BaseCommand

from erasmusdesk.cbhe.reminders import send_report_reminders


class Command(BaseCommand):
    help = "Send the reminders of capacity-building reports due within 30 days (run daily)."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_report_reminders()} reminder(s) sent.")
