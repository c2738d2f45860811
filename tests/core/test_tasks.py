"""Background tasks: retried with back-off on a queue, a failure for good in the audit log;
interrupted imports resumed or failed."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage

from erasmusdesk.applications.notifications import send_application_mail
from erasmusdesk.core import clock
from erasmusdesk.core.models import AuditEntry
from erasmusdesk.core.tasks import RETRY_DELAYS, TASK_FAILED, background_task, deliver
from erasmusdesk.institutions.agreement_import.jobs import (
    MAX_ATTEMPTS,
    resume_interrupted_imports,
)
from erasmusdesk.institutions.models import AgreementImport
from erasmusdesk.institutions.models.import_job import ImportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _run_next():
    """Run the next ready task as the worker does."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    result = DBTaskResult.objects.ready().first()
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    ).run_task(result)
    result.refresh_from_db()
    return result


def test_a_failing_task_is_retried_with_growing_delays_then_audited(queue, frozen):
    from django_tasks_db.models import DBTaskResult

    frozen(clock.now().replace(microsecond=0))
    first_key = str(send_application_mail.enqueue(424242, "submitted").id)
    waits = []
    for attempt in range(1, len(RETRY_DELAYS) + 2):
        failed = _run_next()
        assert failed.status == "FAILED" and "DoesNotExist" in failed.traceback
        retry = DBTaskResult.objects.filter(status="READY").first()
        if attempt <= len(RETRY_DELAYS):
            # Each retry carries the key of the first row, which makes its mails once-only.
            assert retry.args_kwargs["kwargs"] == {"_attempt": attempt + 1, "_key": first_key}
            waits.append(round((retry.run_after - clock.now()).total_seconds()))
            frozen(retry.run_after + timedelta(seconds=1))
            assert not AuditEntry.objects.filter(action=TASK_FAILED).exists()
        else:
            assert retry is None
    assert waits == list(RETRY_DELAYS)
    entry = AuditEntry.objects.get(action=TASK_FAILED)
    assert entry.data["attempts"] == len(RETRY_DELAYS) + 1
    assert entry.data["task"].endswith("send_application_mail")


def test_in_process_a_failing_task_is_audited_at_once():
    send_application_mail.enqueue(424242, "submitted")
    assert AuditEntry.objects.get(action=TASK_FAILED).data["attempts"] == 1


def _job(**fields) -> AgreementImport:
    return AgreementImport.objects.create(
        file=ContentFile(b"partner_erasmus_code\r\n", name="a.csv"),
        original_name="a.csv",
        total_rows=10,
        **fields,
    )


def test_an_import_without_progress_for_too_long_is_resumed(settings, frozen):
    settings.ERASMUSDESK_TASKS_SYNC = True
    now = frozen(clock.now())
    stale = _job(status=ImportStatus.RUNNING, heartbeat=now - timedelta(minutes=10), attempts=1)
    fresh = _job(status=ImportStatus.RUNNING, heartbeat=now - timedelta(seconds=30), attempts=1)

    assert resume_interrupted_imports() == 1

    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == ImportStatus.QUEUED and stale.heartbeat == now
    assert fresh.status == ImportStatus.RUNNING


def test_an_import_interrupted_too_often_is_marked_failed_with_the_reason(frozen):
    now = frozen(clock.now())
    job = _job(
        status=ImportStatus.RUNNING,
        heartbeat=now - timedelta(hours=1),
        attempts=MAX_ATTEMPTS,
    )

    assert resume_interrupted_imports() == 0

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.error == (
        f"The import was interrupted {MAX_ATTEMPTS} times (the server stopped while it ran). "
        "Start it again."
    )


def _flaky_smtp(monkeypatch, fail_at: int):
    """An SMTP connection that accepts messages until the ``fail_at``-th, which it refuses."""
    from django.core.mail.backends.locmem import EmailBackend

    accepted: list = []
    original = EmailBackend.send_messages

    def send_messages(self, messages):
        for message in messages:
            if len(accepted) + 1 == fail_at:
                raise ConnectionError("SMTP server went away")
            accepted.append(message)
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return accepted


@background_task
def mail_each(addresses: list[str]) -> None:
    """A task that sends one mail to each address (as the publication of results does)."""
    deliver([EmailMessage("Your result", "Hello", to=[address]) for address in addresses])


def test_a_retried_mail_task_sends_nothing_twice(queue, frozen, monkeypatch, mailoutbox):
    """The SMTP server fails on the 2nd of 3 mails; the retry sends the 2nd and 3rd only."""
    from django_tasks_db.models import DBTaskResult

    frozen(clock.now().replace(microsecond=0))
    addresses = ["a@example.org", "b@example.org", "c@example.org"]
    _flaky_smtp(monkeypatch, fail_at=2)
    mail_each.enqueue(addresses)
    failed = _run_next()
    assert failed.status == "FAILED" and "SMTP server went away" in failed.traceback
    assert [m.to for m in mailoutbox] == [["a@example.org"]]
    frozen(DBTaskResult.objects.get(status="READY").run_after + timedelta(seconds=1))
    monkeypatch.undo()
    assert _run_next().status == "SUCCESSFUL"
    assert sorted(m.to[0] for m in mailoutbox) == addresses


def test_outside_a_task_each_mail_is_simply_sent(mailoutbox):
    assert deliver([EmailMessage("Hi", "Body", to=["x@example.org"])]) == 1
    assert deliver([EmailMessage("Hi", "Body", to=["x@example.org"])]) == 1
    assert len(mailoutbox) == 2


def test_a_mail_task_run_twice_by_the_queue_sends_once(queue, mailoutbox, people):
    """A worker that died after sending, before marking its row done, runs the row again."""
    from django_tasks_db.models import DBTaskResult

    from tests.factories import applications as builders

    owner = people["owner"]
    application = builders.application(owner, builders.call_with_places(), state="submitted")
    send_application_mail.enqueue(application.pk, "returned")
    assert _run_next().status == "SUCCESSFUL"
    DBTaskResult.objects.update(status="READY")  # the row as a dead worker left it
    assert _run_next().status == "SUCCESSFUL"
    assert [m.to for m in mailoutbox] == [[owner.email]]
