"""Mail to applicants, sent by background tasks after the change commits.

Rules (issue "Applicant portal", part 7): mail on submission (with the receipt), on return
for completion, on eligibility decisions, and reminders to applicants with drafts seven days
and one day before the deadline. Mail is written in the language the applicant used.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import translation

from erasmusdesk.applications.models import Application, Reminder
from erasmusdesk.applications.states import EDITABLE
from erasmusdesk.calls.models import Call
from erasmusdesk.core import clock
from erasmusdesk.core.tasks import background_task, deliver

KINDS = ("submitted", "returned", "eligible", "ineligible", "reminder", "document_rejected")
REMINDER_DAYS = (7, 1)


def notify(application: Application, kind: str, **extra) -> None:
    """Queue the mail of ``kind`` for when the current transaction commits."""
    assert kind in KINDS
    transaction.on_commit(lambda: send_application_mail.enqueue(application.pk, kind, extra))


def site_url(path: str) -> str:
    base = getattr(settings, "ERASMUSDESK_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    return base + path


@background_task
def send_application_mail(application_id: int, kind: str, extra: dict | None = None) -> None:
    """Write and send one mail about an application (run as a background task)."""
    application = Application.objects.select_related("applicant", "call").get(pk=application_id)
    with translation.override(application.language):
        context = {
            "application": application,
            "url": site_url(application.get_absolute_url()),
            "deadline": next_deadline(application.call, clock.now()),
            **(extra or {}),
        }
        subject = render_to_string(f"applications/mail/{kind}_subject.txt", context)
        body = render_to_string(f"applications/mail/{kind}.txt", context)
        message = EmailMessage(" ".join(subject.split()), body, to=[application.applicant.email])
        if kind == "submitted":
            from erasmusdesk.applications.submission import application_receipt_pdf

            message.attach(
                f"receipt-{application.reference}.pdf",
                application_receipt_pdf(application),
                "application/pdf",
            )
        deliver([message])


def next_deadline(call: Call, now):
    """The deadline applicants are working towards: the normal one, then the late one."""
    if now <= call.deadline or not call.late_deadline:
        return call.deadline
    return call.late_deadline


def due_reminders(now=None) -> list[tuple[Application, object, int]]:
    """Drafts (or returned applications) of calls accepting applications whose deadline in
    force (the normal one, then the late one) is within 7 or 1 days, for which that reminder
    of that deadline was not sent yet: (application, deadline, days)."""
    now = now or clock.now()
    due = []
    for call in Call.objects.accepting(now):
        deadline = next_deadline(call, now)
        steps = [days for days in REMINDER_DAYS if deadline - now <= timedelta(days=days)]
        if not steps:
            continue
        step = min(steps)
        pending = (
            Application.objects.filter(call=call, state__in=[s.value for s in EDITABLE])
            .exclude(
                Exists(
                    Reminder.objects.filter(
                        application=OuterRef("pk"), deadline=deadline, days_before=step
                    )
                )
            )
            .select_related("applicant", "call")
        )
        due.extend((application, deadline, step) for application in pending)
    return due


def send_deadline_reminders(now=None) -> int:
    """Send each due reminder once (a row per application and step records it); returns
    how many were sent. Run it every hour (cron, systemd timer: `python -m erasmusdesk
    remind`)."""
    sent = 0
    for application, deadline, days in due_reminders(now):
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    application=application, deadline=deadline, days_before=days
                )
                notify(application, "reminder", days=days)
            sent += 1
        except IntegrityError:  # another run sent it meanwhile
            continue
    return sent


def send_all_reminders() -> int:
    """The applicants' deadline reminders, then those of the apps that answer the
    ``reminders_due`` signal (the mobility's overdue steps); how many were sent."""
    from erasmusdesk.applications.signals import reminders_due

    sent = send_deadline_reminders()
    for _receiver, count in reminders_due.send(sender=send_all_reminders, now=clock.now()):
        sent += count or 0
    return sent


@background_task
def send_reminders() -> int:
    """The hourly reminders as a background task (the worker queues it every hour)."""
    return send_all_reminders()


_last_queued_hour: list = []


def queue_hourly_reminders() -> bool:
    """Queue ``send_reminders`` once per hour of the clock in this process; True if queued.
    Several workers may each queue it: reminders already sent are never sent again."""
    hour = clock.now().replace(minute=0, second=0, microsecond=0)
    if _last_queued_hour and _last_queued_hour[0] == hour:
        return False
    _last_queued_hour[:] = [hour]
    send_reminders.enqueue()
    return True
