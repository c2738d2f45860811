"""Import jobs: started by a coordinator, run in the background, with progress."""

import logging
import threading

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from erasmusdesk.core import audit
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


def start_import(upload, *, by) -> AgreementImport:
    """Check that the file is readable, store it as a queued job, audit it, and run it.

    Raises ImportFileError (nothing saved) for a file that cannot be read. The job runs in a
    background thread after commit, or right away when ERASMUSDESK_TASKS_SYNC is set.
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
            job_id = job.pk
            transaction.on_commit(lambda: _start_thread(job_id))
    if tasks_run_synchronously():
        run_import(job.pk)
        job.refresh_from_db()
    return job


def _start_thread(job_id: int) -> None:
    threading.Thread(
        target=_run_in_thread, args=(job_id,), name=f"agreement-import-{job_id}", daemon=True
    ).start()


def _run_in_thread(job_id: int) -> None:
    try:
        run_import(job_id)
    finally:
        connections.close_all()


def run_import(job_id: int) -> None:
    """Process a queued job's rows, committing every PROGRESS_EVERY rows with the counts and
    the report so far; mark it finished, or failed with the reason. Never raises.
    """
    claimed = AgreementImport.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING
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


def _process(job: AgreementImport, table: Table) -> None:
    importer = RowImporter(by=job.started_by, job_id=job.pk)
    job.total_rows = len(table.rows)
    job.report = []
    for start in range(0, len(table.rows), PROGRESS_EVERY):
        with transaction.atomic():
            for number, values in table.rows[start : start + PROGRESS_EVERY]:
                entry = importer.import_row(number, values)
                job.report.append(entry)
                if entry["status"] == RowStatus.ACCEPTED:
                    job.accepted_rows += 1
                else:
                    job.rejected_rows += 1
            job.processed_rows = len(job.report)
            job.save(
                update_fields=[
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
    job.finished = timezone.now()
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
    job.finished = timezone.now()
    job.error = message
    job.save(update_fields=["status", "finished", "error"])
    audit.record(
        "erasmusdesk.agreement_import.finished",
        job,
        by=job.started_by,
        status=job.status,
        error=message,
    )
