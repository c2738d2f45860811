"""python -m erasmusdesk worker: run the queued background tasks (django-tasks-db).

The worker of django-tasks-db (``db_worker``, same options: ``--queue-name``, ``--interval``,
``--batch``, ``--max-tasks``, ``--worker-id``) plus housekeeping about once a minute: tasks
left running by a worker that stopped are marked failed, and the ``housekeeping`` signal
lets the apps resume interrupted imports and queue the hourly reminders. Run one or more on
any machine that reaches the database (README, Deployment); SIGTERM finishes the current task
first.
"""

import logging
import threading
import time
from datetime import timedelta

from django.core.management.base import CommandError
from django.db import connections
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from erasmusdesk.core import clock
from erasmusdesk.core.tasks import housekeeping, uses_database_queue
from erasmusdesk.env import env_int

logger = logging.getLogger("erasmusdesk.worker")


def fail_abandoned_tasks(now=None) -> int:
    """Mark failed the tasks a stopped worker left "running" for longer than
    ERASMUSDESK_TASK_TIMEOUT_SECONDS; returns how many."""
    from django_tasks_db.models import DBTaskResult

    now = now or clock.now()
    limit = now - timedelta(seconds=env_int("ERASMUSDESK_TASK_TIMEOUT_SECONDS", 3600))
    return (
        DBTaskResult.objects.running()
        .filter(started_at__lt=limit)
        .update(
            status="FAILED",
            finished_at=now,
            exception_class_path="erasmusdesk.core.tasks.Interrupted",
            traceback="The worker running this task stopped before it finished.",
        )
    )


def run_housekeeping() -> None:
    """One round: abandoned tasks, then the apps' receivers. Errors are logged, never raised."""
    try:
        count = fail_abandoned_tasks()
        if count:
            logger.warning("%d task(s) left running by a stopped worker marked failed", count)
        for receiver, result in housekeeping.send_robust(sender=Command):
            if isinstance(result, Exception):
                logger.error("Housekeeping %s failed: %s", receiver.__qualname__, result)
    except Exception:
        logger.exception("Housekeeping failed")
    finally:
        connections.close_all()


def _housekeeping_loop(every: int) -> None:
    while True:
        time.sleep(every)
        run_housekeeping()


class Command(DatabaseWorkerCommand):
    help = "Run the queued background tasks (mail, receipts, imports, reminders)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(reload=False)

    def handle(self, *args, **options):
        if not uses_database_queue():
            raise CommandError(
                "Tasks run in-process (ERASMUSDESK_TASK_BACKEND is not 'database'): there is "
                "nothing for a worker to do. Set ERASMUSDESK_TASK_BACKEND=database on the app "
                "servers and the worker."
            )
        run_housekeeping()
        if not options.get("batch"):
            every = env_int("ERASMUSDESK_HOUSEKEEPING_SECONDS", 60)
            threading.Thread(
                target=_housekeeping_loop, args=(every,), name="housekeeping", daemon=True
            ).start()
        super().handle(*args, **options)
