"""Background tasks under the database queue, run by a real worker process that the test
starts and stops: mail is sent, a failing task is retried later, and an agreement import
whose worker is killed half-way resumes from its last committed rows after a restart."""

import json
import signal
import time

import pytest

from tests.factories.operations import Installation


@pytest.fixture(scope="module")
def installation(tmp_path_factory) -> Installation:
    site = Installation(tmp_path_factory.mktemp("worker"))
    site.run("migrate", "--no-input", "-v", "0")
    return site


def _wait(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def _stop(worker) -> str:
    worker.send_signal(signal.SIGTERM)
    output, _ = worker.communicate(timeout=60)
    assert worker.returncode == 0, output
    return output


TASKS = """
import json
from django_tasks_db.models import DBTaskResult
print(json.dumps([
    {"task": r.task_path.rsplit(".", 1)[1], "status": r.status, "kwargs": r.args_kwargs["kwargs"],
     "later": r.run_after.year < 9000 and r.run_after > r.enqueued_at}
    for r in DBTaskResult.objects.order_by("enqueued_at")
]))
"""


def test_a_worker_process_runs_the_queue_and_retries_a_failure(installation):
    installation.python(
        "from erasmusdesk.accounts.mail import send_account_mail\n"
        "from erasmusdesk.applications.notifications import send_application_mail\n"
        "send_account_mail.enqueue('Confirm your address', 'Open the link.', "
        "['ayan@example.org'], 'desk@example.org')\n"
        "send_application_mail.enqueue(987654, 'submitted')\n"
    )
    queued = json.loads(installation.python(TASKS))
    assert [t["status"] for t in queued] == ["READY", "READY"]

    worker = installation.start("worker", "--interval", "0.2", "--no-startup-delay")
    try:
        mail_folder = installation.folder / "mail"
        _wait(lambda: mail_folder.exists() and any(mail_folder.iterdir()), 60, "the mail")
        tasks = _wait(
            lambda: (t := json.loads(installation.python(TASKS))) and len(t) == 4 and t,
            60,
            "the failure and its retry",
        )
    finally:
        output = _stop(worker)

    sent = next(mail_folder.iterdir()).read_text()
    assert "Subject: Confirm your address" in sent and "To: ayan@example.org" in sent
    by_task = {}
    for entry in tasks:
        by_task.setdefault(entry["task"], []).append(entry)
    assert [t["status"] for t in by_task["send_account_mail"]] == ["SUCCESSFUL"]
    first, retry = by_task["send_application_mail"]
    assert first["status"] == "FAILED"
    # The retry waits (back-off) and knows it is the second attempt.
    assert (retry["status"], retry["kwargs"]["_attempt"], retry["later"]) == ("READY", 2, True)
    assert retry["kwargs"]["_key"]  # the first row's key, which makes its mail once-only
    assert "gracefully" in output or output == "" or "shutting down" in output


IMPORT = """
import json
from erasmusdesk.institutions.models import AgreementImport, MobilityCondition
job = AgreementImport.objects.get()
print(json.dumps({"status": job.status, "processed": job.processed_rows,
    "total": job.total_rows, "accepted": job.accepted_rows, "report": len(job.report),
    "rows": sorted({e["row"] for e in job.report}) == list(range(2, len(job.report) + 2)),
    "attempts": job.attempts, "conditions": MobilityCondition.objects.count()}))
"""


def test_an_import_whose_worker_is_killed_resumes_after_a_restart(installation):
    installation.python(
        "from django.core.files.uploadedfile import SimpleUploadedFile\n"
        "from erasmusdesk.institutions.agreement_import import start_import\n"
        "from tests.factories.operations import agreement_csv, make_partners\n"
        "make_partners(60)\n"
        "content, rows = agreement_csv(60, 50)\n"
        "start_import(SimpleUploadedFile('many.csv', content), by=None)\n"
    )
    worker = installation.start("worker", "--interval", "0.1", "--no-startup-delay")
    try:
        _wait(
            lambda: (
                installation.query("SELECT processed_rows FROM institutions_agreementimport")[0][0]
                >= 200
            ),
            120,
            "the first committed rows",
        )
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    stopped = json.loads(installation.python(IMPORT))
    assert stopped["status"] == "running"
    assert 200 <= stopped["processed"] < stopped["total"] == 6000
    assert stopped["conditions"] == stopped["accepted"] == stopped["processed"]

    # The restarted worker finds the job without progress (stale at once here) and resumes it.
    worker = installation.start(
        "worker",
        "--interval",
        "0.1",
        "--no-startup-delay",
        ERASMUSDESK_IMPORT_STALE_SECONDS="0",
    )
    try:
        _wait(
            lambda: (
                installation.query("SELECT status FROM institutions_agreementimport")[0][0]
                in ("finished", "failed")
            ),
            180,
            "the resumed import",
        )
    finally:
        _stop(worker)
    done = json.loads(installation.python(IMPORT))
    assert done["status"] == "finished"
    assert done["attempts"] == 2
    # Every row once: none lost, none saved twice, the report in file order.
    assert done["processed"] == done["accepted"] == done["report"] == 6000
    assert done["conditions"] == 6000
    assert done["rows"] is True
