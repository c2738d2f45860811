"""Import jobs: started by a coordinator, run in the background, with progress.

The job runs as a background task (core/tasks.py): in a worker with a queue, else in a thread
of the app server. Its progress is committed every PROGRESS_EVERY rows together with those
rows and a heartbeat, so that a job whose process stopped (a restart, a killed worker) is
recognised by its old heartbeat and resumed from the last committed row, by a worker's
housekeeping or when the office opens the import pages; after MAX_ATTEMPTS runs it is marked
failed with the reason instead.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext as _

from erasmusdesk.core import audit, clock
from erasmusdesk.core.tasks import background_task, enqueue_on_commit
from erasmusdesk.institutions.agreement_import.reading import (
    PROGRESS_EVERY,
    ImportFileError,
    Table,
    read_table,
    tasks_run_synchronously,
)
from erasmusdesk.institutions.agreement_import.rows import RowImporter
from erasmusdesk.institutions.models import (
    AgreementImport,
)
from erasmusdesk.institutions.models.import_job import ImportStatus, RowStatus

logger = logging.getLogger(__name__)

# Runs of one job (the first and the resumptions) before an interrupted job is marked failed.
MAX_ATTEMPTS = 3


def start_import(upload, *, by) -> AgreementImport:
    """Check that the file is readable, store it as a queued job, audit it, and run it.

    Raises ImportFileError (nothing saved) for a file that cannot be read. The job is queued
    as a background task after commit, or runs right away when ERASMUSDESK_TASKS_SYNC is set.
    """
    table = read_table(upload, upload.name)
    upload.seek(0)
    with transaction.atomic():
        job = AgreementImport.objects.create(
            file=upload,
            original_name=upload.name[:255],
            started_by=by,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            total_rows=len(table.rows),
            ignored_columns=table.ignored_columns,
        )
        audit.record(
            "erasmusdesk.agreement_import.started",
            job,
            by=by,
            file=job.original_name,
            rows=job.total_rows,
            ignored_columns=table.ignored_columns,
        )
        if not tasks_run_synchronously():
            enqueue_on_commit(import_agreements, job.pk, long=True)
    if tasks_run_synchronously():
        run_import(job.pk)
        job.refresh_from_db()
    return job


@background_task(retries=0)
def import_agreements(job_id: int) -> None:
    """The background task of one import job (idempotent: a job runs only while queued)."""
    run_import(job_id)


def run_import(job_id: int) -> None:
    """Process a queued job's rows, committing every PROGRESS_EVERY rows with the counts and
    the report so far; mark it finished, or failed with the reason. Never raises.

    A job interrupted earlier (``processed_rows`` > 0) goes on after its last committed row:
    the rows before it are saved and in its report already.
    """
    claimed = AgreementImport.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, heartbeat=clock.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return
    job = AgreementImport.objects.select_related("started_by").get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            with job.file.open("rb") as file:
                table = read_table(file, job.original_name)
            _process(job, table)
        except ImportFileError as error:
            _fail(job_id, error.message)
        except Exception as error:
            logger.exception("Agreement import %s failed", job_id)
            _fail(
                job_id, _("The import stopped at an unexpected error: %(error)s") % {"error": error}
            )
        else:
            _finish(job)


def resume_interrupted_imports(now=None) -> int:
    """Queue again every job whose process stopped (running or queued, no heartbeat for
    ERASMUSDESK_IMPORT_STALE_SECONDS); mark failed those that have had MAX_ATTEMPTS runs.
    Safe to call from several processes at once. Returns how many jobs were resumed."""
    now = now or clock.now()
    stale = now - timedelta(seconds=settings.ERASMUSDESK_IMPORT_STALE_SECONDS)
    old = Q(heartbeat__lt=stale) | Q(heartbeat__isnull=True, created__lt=stale)
    resumed = 0
    candidates = AgreementImport.objects.filter(
        old, status__in=[ImportStatus.RUNNING, ImportStatus.QUEUED]
    ).values_list("pk", "attempts", "status", "heartbeat")
    for job_id, attempts, status, heartbeat in candidates:
        if attempts >= MAX_ATTEMPTS:
            if AgreementImport.objects.filter(pk=job_id, status=status, heartbeat=heartbeat).update(
                heartbeat=now
            ):
                logger.warning("Agreement import %s interrupted %d times: failed", job_id, attempts)
                with translation.override(_job_language(job_id)):
                    _fail(
                        job_id,
                        _(
                            "The import was interrupted %(count)d times (the server stopped "
                            "while it ran). Start it again."
                        )
                        % {"count": attempts},
                    )
            continue
        with transaction.atomic():
            taken = AgreementImport.objects.filter(
                pk=job_id, status=status, heartbeat=heartbeat
            ).update(status=ImportStatus.QUEUED, heartbeat=now)
            if taken:
                logger.warning("Agreement import %s was interrupted: resumed", job_id)
                enqueue_on_commit(import_agreements, job_id, long=True)
                resumed += 1
    return resumed


def _job_language(job_id: int) -> str:
    return (
        AgreementImport.objects.filter(pk=job_id).values_list("language", flat=True).first()
        or settings.LANGUAGE_CODE
    )


def _process(job: AgreementImport, table: Table) -> None:
    importer = RowImporter(by=job.started_by, job_id=job.pk)
    job.total_rows = len(table.rows)
    if not job.processed_rows:
        job.report = []
    # Resumed: the rows before processed_rows were committed with their report entries.
    job.report = job.report[: job.processed_rows]
    for start in range(job.processed_rows, len(table.rows), PROGRESS_EVERY):
        with transaction.atomic():
            for number, values in table.rows[start : start + PROGRESS_EVERY]:
                entry = importer.import_row(number, values)
                job.report.append(entry)
                if entry["status"] == RowStatus.ACCEPTED:
                    job.accepted_rows += 1
                else:
                    job.rejected_rows += 1
            job.processed_rows = len(job.report)
            job.heartbeat = clock.now()
            job.save(
                update_fields=[
                    "heartbeat",
                    "total_rows",
                    "processed_rows",
                    "accepted_rows",
                    "rejected_rows",
                    "report",
                ]
            )


@transaction.atomic
def _finish(job: AgreementImport) -> None:
    job.status = ImportStatus.FINISHED
    job.finished = clock.now()
    job.save(update_fields=["status", "finished"])
    audit.record(
        "erasmusdesk.agreement_import.finished",
        job,
        by=job.started_by,
        status=job.status,
        accepted=job.accepted_rows,
        rejected=job.rejected_rows,
    )


@transaction.atomic
def _fail(job_id: int, message: str) -> None:
    job = AgreementImport.objects.select_related("started_by").get(pk=job_id)
    job.status = ImportStatus.FAILED
    job.finished = clock.now()
    job.error = message
    job.save(update_fields=["status", "finished", "error"])
    audit.record(
        "erasmusdesk.agreement_import.finished",
        job,
        by=job.started_by,
        status=job.status,
        error=message,
    )
