"""Reminders of an awarded Jean Monnet project's reports and deliverables: once, a set number
of days before each is due, to the teacher and the international office (run daily with
``python -m erasmusdesk remind_jean_monnet``)."""

from datetime import timedelta

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils.translation import gettext as _

from erasmusdesk.core import clock
from erasmusdesk.institutions.models import InternationalOffice
from erasmusdesk.jeanmonnet.models import Deliverable

REMINDER_DAYS = 14  # days before the due date


def _office_address() -> list[str]:
    office = InternationalOffice.objects.filter(institution__is_home=True).first()
    return [office.email] if office and office.email else []


def send_deliverable_reminders(today=None) -> int:
    """Mail every deliverable not done, due within REMINDER_DAYS days and not reminded yet;
    return how many were sent. Each is marked, so a second run sends nothing."""
    today = today or clock.localdate()
    due = Deliverable.objects.filter(
        done=False, reminded_on__isnull=True, due__lte=today + timedelta(days=REMINDER_DAYS)
    ).select_related("proposal__owner")
    sent = 0
    for deliverable in due:
        proposal = deliverable.proposal
        recipients = [address for address in [proposal.owner.email, *_office_address()] if address]
        with transaction.atomic():
            Deliverable.objects.filter(pk=deliverable.pk).update(reminded_on=today)
            EmailMessage(
                _("Due on %(due)s: %(title)s")
                % {"due": deliverable.due, "title": deliverable.title},
                _("The Jean Monnet project %(project)s has %(title)s due on %(due)s.")
                % {"project": proposal.title, "title": deliverable.title, "due": deliverable.due},
                to=recipients,
            ).send()
        sent += 1
    return sent
