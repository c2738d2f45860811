from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from erasmusdesk.core.demo import DEMO_PASSWORD, DEMO_USERNAME, load_demo


class Command(BaseCommand):
    help = (
        "Load demo data (home university, office, staff account, catalogue, partners, calls, "
        "accounts, applications). Idempotent."
    )

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
        from erasmusdesk.accounts.demo import DEMO_DOMAIN, load_demo_accounts
        from erasmusdesk.applications.demo import load_demo_applications
        from erasmusdesk.jeanmonnet.demo import load_demo_proposals
        from erasmusdesk.mundus.demo import load_demo_programmes

        accounts = load_demo_accounts()
        applications = load_demo_applications()
        joint_masters = load_demo_programmes()
        proposals = load_demo_proposals()
        from erasmusdesk.mobility.demo import load_demo_mobilities

        mobilities = load_demo_mobilities()
        from erasmusdesk.ewp.demo import load_demo_ewp

        ewp_catalogue = load_demo_ewp()
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
        if accounts:
            created.append(f"{accounts} account(s)")
        if applications:
            created.append(f"{applications} application(s) with their documents")
        if proposals:
            created.append(f"{proposals} Jean Monnet proposal(s)")
        if joint_masters:
            created.append(f"{joint_masters} Erasmus Mundus programme(s)")
        if mobilities:
            created.append(f"{mobilities} mobilities at every stage")
        if ewp_catalogue:
            created.append("the local EWP catalogue")
        summary = ", ".join(created) + " created." if created else "already complete."
        self.stdout.write(f"Demo data: {summary}")
        self.stdout.write(
            f"Back office: /en/admin/  user {DEMO_USERNAME!r}  password {DEMO_PASSWORD!r}"
        )
        self.stdout.write(
            f"Site sign-in (/en/account/login/), password {DEMO_PASSWORD!r}: the office's "
            f"address, student@{DEMO_DOMAIN}, evaluator1@{DEMO_DOMAIN} to evaluator3@..., "
            f"partner@{DEMO_DOMAIN}, teacher@{DEMO_DOMAIN} (Jean Monnet proposals), "
            f"applicant01@{DEMO_DOMAIN} to applicant12@..."
        )
