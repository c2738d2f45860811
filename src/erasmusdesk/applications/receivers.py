"""What applications does when lower layers signal: the worker's periodic housekeeping."""

from erasmusdesk.core.tasks import housekeeping


def queue_reminders(sender, **kwargs) -> None:
    """Queue the deadline reminders once an hour (each reminder is sent once: a row per
    application and step records it, so a second worker's run sends nothing)."""
    from erasmusdesk.applications.notifications import queue_hourly_reminders

    queue_hourly_reminders()


def connect() -> None:
    housekeeping.connect(queue_reminders, dispatch_uid="applications.queue_reminders")
