"""Deadline reminders to applicants with drafts: seven days and one day before, once each."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from erasmusdesk.applications.notifications import send_deadline_reminders
from tests.factories import applications as builders

pytestmark = pytest.mark.django_db


def sent(django_capture_on_commit_callbacks, now) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return send_deadline_reminders(now)


def test_drafts_get_one_reminder_a_week_and_one_a_day_before(
    people, call, django_capture_on_commit_callbacks
):
    draft = builders.application(people["owner"], call)
    builders.application(people["other_applicant"], call, state="submitted")
    deadline = call.deadline
    assert sent(django_capture_on_commit_callbacks, deadline - timedelta(days=8)) == 0
    assert sent(django_capture_on_commit_callbacks, deadline - timedelta(days=7)) == 1
    message = mail.outbox[-1]
    assert message.to == [people["owner"].email]
    assert "7 days left" in message.subject
    assert draft.reference in message.body
    assert "15 January 2027" in message.body or "Jan. 15, 2027" in message.body
    assert sent(django_capture_on_commit_callbacks, deadline - timedelta(days=6)) == 0
    assert sent(django_capture_on_commit_callbacks, deadline - timedelta(hours=20)) == 1
    assert "1 day left" in mail.outbox[-1].subject
    assert sent(django_capture_on_commit_callbacks, deadline - timedelta(hours=2)) == 0
    assert len(mail.outbox) == 2


def test_the_late_round_has_its_own_reminders(people, call, django_capture_on_commit_callbacks):
    builders.application(people["owner"], call)
    assert sent(django_capture_on_commit_callbacks, call.deadline - timedelta(hours=5)) == 1
    late = call.late_deadline
    assert sent(django_capture_on_commit_callbacks, late - timedelta(days=3)) == 1
    assert "7 days left" in mail.outbox[-1].subject
    assert sent(django_capture_on_commit_callbacks, late - timedelta(hours=3)) == 1
    assert "1 day left" in mail.outbox[-1].subject


def test_the_command_sends_what_is_due(people, call, capsys, frozen):
    builders.application(people["owner"], call)
    call_command("remind")
    assert "reminder(s) sent." in capsys.readouterr().out
