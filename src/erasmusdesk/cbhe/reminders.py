"""Reminders of capacity-building projects' reporting dates: once, a set number of days before
each is due, to the international office (run daily with
``python -m erasmusdesk remind_capacity_building``)."""

from datetime import timedelta

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils.translation import gettext as _

from erasmusdesk.cbhe.models import ReportingDate
from erasmusdesk.core import clock
from erasmusdesk.institutions.models import InternationalOffice

REMINDER_DAYS = 30


def send_report_reminders(today=None) -> int:
    """Mail the office about every report not done, due within REMINDER_DAYS days and not
    reminded yet; return how many were sent."""
    today = today or clock.localdate()
    office = InternationalOffice.objects.filter(institution__is_home=True).first()
    if office is None or not office.email:
        return 0
    due = ReportingDate.objects.filter(
        done=False, reminded_on__isnull=True, due__lte=today + timedelta(days=REMINDER_DAYS)
    ).select_related("project")
    sent = 0
    for report in due:
        with transaction.atomic():
            ReportingDate.objects.filter(pk=report.pk).update(reminded_on=today)
            EmailMessage(
                _("Due on %(due)s: %(title)s") % {"due": report.due, "title": report.title},
                _("The capacity-building project %(project)s has %(title)s due on %(due)s.")
                % {"project": report.project, "title": report.title, "due": report.due},
                to=[office.email],
            ).send()
        sent += 1
    return sent
