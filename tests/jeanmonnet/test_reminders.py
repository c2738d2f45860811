"""Reminders of awarded Jean Monnet projects' deliverables: once, 14 days before."""

from datetime import timedelta

from django.core import mail

from erasmusdesk.core import clock
from erasmusdesk.core.demo import load_demo
from erasmusdesk.jeanmonnet.models import Deliverable, ProposalState
from erasmusdesk.jeanmonnet.reminders import send_deliverable_reminders
from tests.factories import jeanmonnet as builders


def test_a_deliverable_due_in_14_days_is_reminded_once_and_one_in_15_days_not(people):
    load_demo()
    proposal = builders.proposal(people["owner"], state=ProposalState.AWARDED)
    today = clock.localdate()
    Deliverable.objects.create(
        proposal=proposal, title="Interim report", due=today + timedelta(days=14)
    )
    Deliverable.objects.create(
        proposal=proposal, title="Final report", due=today + timedelta(days=15)
    )
    assert send_deliverable_reminders() == 1
    assert send_deliverable_reminders() == 0
    (message,) = mail.outbox
    assert "Interim report" in message.subject
    assert people["owner"].email in message.to
    assert "international@atyrau-university.example" in message.to
