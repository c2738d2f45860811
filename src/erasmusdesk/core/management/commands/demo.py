from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from erasmusdesk.core.demo import DEMO_PASSWORD, DEMO_USERNAME, load_demo


class Command(BaseCommand):
    help = "Load demo data (home university, office, staff account, catalogue). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off (the demo account has a published password).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: its staff password is public. "
                "Use --force for a throw-away installation."
            )
        result = load_demo()
        created = [
            name
            for name, flag in [
                ("home institution", result.institution_created),
                ("international office", result.office_created),
                ("staff account", result.user_created),
            ]
            if flag
        ]
        if result.pages_created:
            created.append(f"{result.pages_created} catalogue page(s)")
        if result.partners_created:
            created.append(f"{result.partners_created} partner(s) with agreements")
        if result.calls_created:
            created.append(f"{result.calls_created} call(s)")
        summary = ", ".join(created) + " created." if created else "already complete."
        self.stdout.write(f"Demo data: {summary}")
        self.stdout.write(
            f"Back office: /en/admin/  user {DEMO_USERNAME!r}  password {DEMO_PASSWORD!r}"
        )
