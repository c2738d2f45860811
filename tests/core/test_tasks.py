"""Background tasks: retried with back-off on a queue, a failure for good in the audit log;
interrupted imports resumed or failed."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile

from erasmusdesk.applications.notifications import send_application_mail
from erasmusdesk.core import clock
from erasmusdesk.core.models import AuditEntry
from erasmusdesk.core.tasks import RETRY_DELAYS, TASK_FAILED
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
    send_application_mail.enqueue(424242, "submitted")
    waits = []
    for attempt in range(1, len(RETRY_DELAYS) + 2):
        failed = _run_next()
        assert failed.status == "FAILED" and "DoesNotExist" in failed.traceback
        retry = DBTaskResult.objects.filter(status="READY").first()
        if attempt <= len(RETRY_DELAYS):
            assert retry.args_kwargs["kwargs"] == {"_attempt": attempt + 1}
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
