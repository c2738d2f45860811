"""The Erasmus Mundus applications a student recorded: in their personal-data download, and
deleted when their personal data is erased (accounts/personal_data.py, accounts/erasure.py)."""

from django.dispatch import receiver

from erasmusdesk.accounts.erasure import erasing_personal_data
from erasmusdesk.accounts.personal_data import collecting_personal_data
from erasmusdesk.mundus.models import MundusApplication


@receiver(collecting_personal_data, dispatch_uid="mundus.personal_data")
def applications_of(sender, user, **kwargs) -> dict:
    return {
        "erasmus_mundus_applications": [
            {
                "programme": str(application.programme),
                "intake_year": application.intake_year,
                "outcome": application.outcome,
                "recorded": application.created.isoformat(),
            }
            for application in MundusApplication.objects.filter(student=user).select_related(
                "programme"
            )
        ]
    }


@receiver(erasing_personal_data, dispatch_uid="mundus.erasure")
def erase_applications(sender, user, **kwargs) -> None:
    MundusApplication.objects.filter(student=user).delete()
