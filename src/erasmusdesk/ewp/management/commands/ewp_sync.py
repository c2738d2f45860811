from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from erasmusdesk.ewp import node, notifications, services, sync


class Command(BaseCommand):
    help = (
        "Pull every EWP partner's agreements and approvals, send the notifications due and "
        "prune the communication log (nightly, cron)."
    )

    def handle(self, *args, **options):
        if not node.enabled():
            raise CommandError("EWP is off: set ERASMUSDESK_EWP_HEI_ID.")
        for hei_id, result in sync.sync_all().items():
            self.stdout.write(f"{hei_id}: {result}")
        self.stdout.write(f"notifications sent: {notifications.send_due.call()}")
        pruned = services.prune_exchanges(days=settings.ERASMUSDESK_EWP_LOG_DAYS)
        self.stdout.write(f"log entries pruned: {pruned}")
