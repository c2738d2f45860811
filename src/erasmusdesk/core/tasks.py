"""Background work: tasks on django-tasks, run in-process or by a worker from a queue.

Two set-ups (``ERASMUSDESK_TASK_BACKEND``, see README "Background work"):

- ``immediate`` (the embedded default, nothing to install or run): a task runs in the
  process that queued it, right after its transaction commits; a long one (the agreement
  import) in a thread of that process;
- ``database`` (production): tasks are rows of a table in the site's own database
  (django-tasks-db), run by ``python -m erasmusdesk worker`` on any machine that reaches the
  database; one queue serves every app server.

Rules for a task (django-tasks' own: arguments and results are JSON): it takes ids, never
objects, and is idempotent, so that running it again after a retry or an interrupted worker
does no harm. A task made with :func:`background_task` is retried on failure with an
exponential back-off (``RETRY_DELAYS``); after the last attempt the failure stays in the
queue's table (back office: "Task results", with the traceback), is counted by
``/metrics`` (``erasmusdesk_tasks_failed``) and is written to the audit log
(``TASK_FAILED``), which the office reads.
"""

from __future__ import annotations

import functools
import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import connections, transaction
from django.dispatch import Signal
from django_tasks import task, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from erasmusdesk.core import audit, clock

logger = logging.getLogger(__name__)

TASK_FAILED = "erasmusdesk.task.failed"

# Seconds before the 2nd, 3rd, 4th and 5th attempt: 30 s, 2 min, 10 min, 1 h (an SMTP
# server down for a while, a database restarted). After the 5th the task has failed.
RETRY_DELAYS = (30, 120, 600, 3600)

# Sent by the worker about once a minute (``sender`` is the worker's command): receivers do
# periodic work that must survive restarts (resume interrupted imports, queue the hourly
# reminders). Each receiver is idempotent: several workers may send it at once.
housekeeping = Signal()


def runs_in_process() -> bool:
    """True when tasks run in the process that queues them (no worker)."""
    return isinstance(task_backends["default"], ImmediateBackend)


def uses_database_queue() -> bool:
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def background_task(function=None, *, retries: int = len(RETRY_DELAYS)):
    """A django-tasks task that is retried with back-off, ``retries`` times at most.

    The wrapped function receives its own arguments; the attempt number travels in the
    keyword ``_attempt`` (1 for the first run), so that a retry is an ordinary queued task
    (a new row of the queue, its own traceback kept on the failed one).
    """

    def decorate(inner):
        @functools.wraps(inner)
        def run(*args, _attempt: int = 1, **kwargs):
            try:
                return inner(*args, **kwargs)
            except Exception as error:
                _after_failure(wrapped, args, kwargs, _attempt, retries, error)
                raise

        wrapped = task()(run)
        return wrapped

    if function is not None:
        return decorate(function)
    return decorate


def _after_failure(wrapped, args, kwargs, attempt: int, retries: int, error: Exception) -> None:
    name = wrapped.module_path
    backend = wrapped.get_backend()
    if attempt <= retries and backend.supports_defer:
        delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]
        logger.warning(
            "Task %s failed (attempt %d: %s); retried in %d s", name, attempt, error, delay
        )
        wrapped.using(run_after=clock.now() + timedelta(seconds=delay)).enqueue(
            *args, _attempt=attempt + 1, **kwargs
        )
        return
    logger.error("Task %s failed for good after %d attempt(s): %s", name, attempt, error)
    try:
        with transaction.atomic():
            audit.record(
                TASK_FAILED,
                None,
                by=None,
                task=name,
                attempts=attempt,
                error=f"{type(error).__name__}: {error}"[:500],
            )
    except Exception:  # the database itself may be what failed
        logger.exception("Could not record the failure of task %s", name)


def enqueue_on_commit(wrapped, *args, long: bool = False, **kwargs) -> None:
    """Queue ``wrapped(*args, **kwargs)`` once the current transaction commits.

    In-process (``immediate``), a ``long`` task runs in a thread of this process, so that the
    request that queued it answers at once; a short one runs right after the commit. With a
    queue, the task is a row that a worker picks up.
    """

    def send():
        if long and runs_in_process() and not getattr(settings, "ERASMUSDESK_TASKS_SYNC", False):
            threading.Thread(
                target=_run_in_thread,
                args=(wrapped, args, kwargs),
                name=f"task-{wrapped.name}-{'-'.join(map(str, args))}",
                daemon=True,
            ).start()
        else:
            wrapped.enqueue(*args, **kwargs)

    transaction.on_commit(send)


def _run_in_thread(wrapped, args, kwargs) -> None:
    try:
        wrapped.enqueue(*args, **kwargs)
    finally:
        connections.close_all()
