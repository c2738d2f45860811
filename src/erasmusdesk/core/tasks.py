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

Mail is sent with :func:`deliver`, never done twice for one task: the key of a task's work is
the id of its first queued row, carried by each retry; each message is recorded as a row of
:class:`~erasmusdesk.core.models.CompletedTask` (the key and the message's recipients and
subject) in the transaction that sends it. A worker that dies after sending but before
marking the queue's row done, two workers taking the same row, or a retry after the 30th of
50 mails failed, therefore send each mail once; a failed send rolls its row back, so that the
retry sends it. (The one window left is between the SMTP server accepting a message and the
commit of its row.)
"""

from __future__ import annotations

import hashlib
import logging
import threading
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.db import connections, transaction
from django.dispatch import Signal
from django_tasks import TaskContext, task, task_backends
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


# The key of the task being run in this thread (the id of its first queued row), if any.
_work_key: ContextVar[str | None] = ContextVar("erasmusdesk_task_key", default=None)


def background_task(function=None, *, retries: int = len(RETRY_DELAYS)):
    """A django-tasks task that is retried with back-off, ``retries`` times at most.

    The wrapped function receives its own arguments; the attempt number travels in the
    keyword ``_attempt`` (1 for the first run), so that a retry is an ordinary queued task
    (a new row of the queue, its own traceback kept on the failed one). The key of the work
    (the first row's id) travels in ``_key``, so that :func:`deliver` sends each mail once.
    """

    def decorate(inner):
        def run(context=None, *args, _attempt: int = 1, _key: str | None = None, **kwargs):
            if not isinstance(context, TaskContext):  # called directly: ``task.call(...)``
                args = args if context is None else (context, *args)
                context = None
            key = _key or (str(context.task_result.id) if context else None)
            token = _work_key.set(key)
            try:
                return inner(*args, **kwargs)
            except Exception as error:
                retry_kwargs = {**kwargs, "_key": key} if key else kwargs
                _after_failure(wrapped, args, retry_kwargs, _attempt, retries, error)
                raise
            finally:
                _work_key.reset(token)

        # The task's name is the function's (not functools.wraps: django-tasks reads the
        # signature, whose first parameter must be the context).
        for attribute in ("__module__", "__name__", "__qualname__", "__doc__"):
            setattr(run, attribute, getattr(inner, attribute))
        wrapped = task(takes_context=True)(run)
        return wrapped

    if function is not None:
        return decorate(function)
    return decorate


def subtask_key(suffix: str) -> str | None:
    """The key for a task queued by the task being run (``suffix`` names it among that
    task's children), so that a retry of the parent queues children that send nothing twice;
    None outside a task."""
    key = _work_key.get()
    return f"{key}:{suffix}"[:100] if key else None


def _message_key(key: str, message) -> str:
    digest = hashlib.sha256("\n".join([*message.recipients(), message.subject]).encode())
    return f"{key}:{digest.hexdigest()[:24]}"


def deliver(messages, connection=None) -> int:
    """Send ``messages`` (Django ``EmailMessage``s) on one connection, each at most once for
    the task being run (see the module's docstring); returns how many were sent now. Outside
    a task (a management command, a shell) each is simply sent."""
    from django.core.mail import get_connection

    from erasmusdesk.core.models import CompletedTask

    messages = list(messages)
    if not messages:
        return 0
    key = _work_key.get()
    connection = connection or get_connection()
    if key is None:
        with connection:
            return connection.send_messages(messages) or 0
    keyed = {_message_key(key, message): message for message in messages}
    done = set(CompletedTask.objects.filter(key__in=keyed).values_list("key", flat=True))
    pending = [(k, m) for k, m in keyed.items() if k not in done]
    if done:
        logger.info("Task %s: %d mail(s) sent already, not sent again", key, len(done))
    if not pending:
        return 0
    sent = 0
    failure: Exception | None = None
    # The rows of the mails to send are written first, in the transaction that sends them;
    # if a send fails, the rows of those not sent are removed before the commit.
    with transaction.atomic():
        CompletedTask.objects.bulk_create([CompletedTask(key=k) for k, _ in pending])
        with connection:
            for _key, message in pending:
                try:
                    connection.send_messages([message])
                except Exception as error:
                    failure = error
                    break
                sent += 1
        if failure is not None:
            CompletedTask.objects.filter(key__in=[k for k, _ in pending[sent:]]).delete()
    if failure is not None:
        raise failure
    return sent


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
