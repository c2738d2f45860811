from django.core.management.base import BaseCommand

from erasmusdesk.accounts.erasure import erase_personal_data, expired_applicants
from erasmusdesk.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Erase the personal data of every applicant whose calls are all past their retention "
        "period, keeping anonymous statistics (see accounts/erasure.py). Each erasure is one "
        "transaction with an audit entry."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only list the applicants whose data would be erased.",
        )

    def handle(self, *args, dry_run: bool, **options):
        people = list(expired_applicants())
        if dry_run:
            for person in people:
                self.stdout.write(f"would erase: account {person.pk} ({person.email})")
            self.stdout.write(f"Would erase the personal data of {len(people)} applicant(s).")
            return
        erased = refused = 0
        for person in people:
            try:
                result = erase_personal_data(person, by=None)
            except DomainError as error:
                refused += 1
                self.stderr.write(f"account {person.pk}: not erased: {error.message}")
                continue
            erased += 1
            self.stdout.write(
                f"erased: account {person.pk} ({result.applications} applications kept "
                f"anonymously, {result.documents} files deleted)"
            )
        self.stdout.write(
            self.style.SUCCESS(f"Erased the personal data of {erased} applicant(s).")
            + (f" {refused} refused." if refused else "")
        )
