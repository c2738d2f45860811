"""Reminders of a mobility's overdue steps, sent by the hourly ``remind`` command.

Rules (deadlines are data, ``MobilityRules``; the reminder is repeated at most once a week):
- a nomination the host has not answered for 30 days (``office_views.ANSWER_DAYS``): its
  contacts are reminded, with the signed link;
- a Transcript of Records not received ``transcript_weeks_after_end`` weeks after the
  confirmed departure (Learning Agreement for Studies guidelines: 5 weeks): the host's
  contacts are reminded.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q

from erasmusdesk.core import audit
from erasmusdesk.mobility import audit_actions
from erasmusdesk.mobility.mail import notify_host
from erasmusdesk.mobility.models import Mobility, MobilityRules
from erasmusdesk.mobility.states import MobilityState

ANSWER_DAYS = 30
AGAIN_AFTER = timedelta(days=7)


def overdue(now) -> tuple[list[Mobility], list[Mobility]]:
    """(nominations unanswered too long, transcripts overdue) not reminded this week."""
    rules = MobilityRules.current()
    fresh = Q(reminded_at__isnull=True) | Q(reminded_at__lt=now - AGAIN_AFTER)
    nominations = list(
        Mobility.objects.filter(
            fresh, state=MobilityState.NOMINATED, created__lt=now - timedelta(days=ANSWER_DAYS)
        )
    )
    due = now.date() - timedelta(weeks=rules.transcript_weeks_after_end)
    transcripts = list(
        Mobility.objects.filter(fresh, state=MobilityState.DEPARTED, actual_departure_date__lt=due)
    )
    return nominations, transcripts


@transaction.atomic
def send_overdue_reminders(now) -> int:
    nominations, transcripts = overdue(now)
    for mobility, kind in [(m, "reminder") for m in nominations] + [
        (m, "transcript") for m in transcripts
    ]:
        Mobility.objects.filter(pk=mobility.pk).update(reminded_at=now)
        audit.record(audit_actions.HOST_REMINDED, mobility, by=None, kind=kind, automatic=True)
        notify_host(mobility, kind)
    return len(nominations) + len(transcripts)
