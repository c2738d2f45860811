"""Change notifications (CNR): carrying ids only, answered at once, the object fetched after.

Received: one row per notified id, then a background task fetches the object from the
notifier's node. Sent: a persistent queue (``Notification`` rows) on the task backend; a
repeat of a waiting notification merges into it; failures are retried with back-off (1, 2,
4 ... minutes) and a notification expires 24 hours after it was made (the CNR
specifications leave the policy to the sender and advise against retrying for ever).
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Min

from erasmusdesk.core import clock
from erasmusdesk.core.tasks import background_task, enqueue_on_commit
from erasmusdesk.ewp.models import ExchangeDirection, Notification, NotificationState

EXPIRY = timedelta(hours=24)
# The id parameter of each CNR API (IIA CNR v3, IIA Approval CNR v2, Outgoing Mobility CNR
# v2, Outgoing Mobility LA CNR v1.1, Incoming Mobility ToRs CNR v2).
PARAMETER = {
    "iia-cnr": "iia_id",
    "iia-approval-cnr": "iia_id",
    "omobility-cnr": "omobility_id",
    "omobility-la-cnr": "omobility_id",
    "imobility-tor-cnr": "omobility_id",
}


def parameters(api: str, object_id: str) -> list[tuple[str, str]]:
    """The form parameters of one notification. OMobility LA CNR v1.1 also names the
    sending HEI (``sending_hei_id``, required): we are the one sending the student."""
    from erasmusdesk.ewp import node

    params = [(PARAMETER[api], object_id)]
    if api == "omobility-la-cnr":
        params.insert(0, ("sending_hei_id", node.hei_id()))
    return params


def receive(*, api: str, sender_heis: list[str], object_ids: list[str]):
    """Record the notification of the caller's HEI (from its key); fetch afterwards."""
    if not sender_heis:
        return []
    notifier_hei_id = sender_heis[0]
    now = clock.now()
    rows = [
        Notification.objects.create(
            direction=ExchangeDirection.INCOMING,
            api=api,
            partner_hei_id=notifier_hei_id,
            object_id=object_id[:64],
            created_at=now,
            next_attempt_at=now,
        )
        for object_id in object_ids
    ]
    enqueue_on_commit(process_received, [row.pk for row in rows])
    return rows


@background_task
def process_received(notification_ids: list[int]) -> None:
    from erasmusdesk.ewp import sync

    for notification in Notification.objects.filter(
        pk__in=notification_ids, state=NotificationState.PENDING
    ):
        sync.handle_notification(notification)


def queue(*, api: str, partner_hei_id: str, object_id: str) -> Notification:
    """Queue a notification to a partner; a waiting one for the same object absorbs it."""
    now = clock.now()
    notification, created = Notification.objects.get_or_create(
        direction=ExchangeDirection.OUTGOING,
        api=api,
        partner_hei_id=partner_hei_id,
        object_id=object_id,
        state=NotificationState.PENDING,
        defaults={"created_at": now, "next_attempt_at": now},
    )
    if not created:
        notification.next_attempt_at = now
        notification.save(update_fields=["next_attempt_at"])
    enqueue_on_commit(send_due)
    return notification


@background_task(retries=0)
def send_due() -> int:
    """Send every outgoing notification that is due; returns how many were sent."""
    from erasmusdesk.ewp import client

    now = clock.now()
    sent = 0
    for notification in Notification.objects.filter(
        direction=ExchangeDirection.OUTGOING,
        state=NotificationState.PENDING,
        next_attempt_at__lte=now,
    ):
        if now - notification.created_at > EXPIRY:
            notification.state = NotificationState.EXPIRED
            notification.save(update_fields=["state"])
            continue
        notification.attempts += 1
        try:
            url = client.endpoint(notification.partner_hei_id, notification.api, "url")
            client.call(
                hei_id=notification.partner_hei_id,
                api=notification.api,
                url=url,
                params=parameters(notification.api, notification.object_id),
            )
        except client.ExchangeError as failure:
            notification.last_error = str(failure)
            notification.next_attempt_at = now + timedelta(minutes=2 ** (notification.attempts - 1))
            notification.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            continue
        notification.state = NotificationState.DONE
        notification.save(update_fields=["attempts", "state"])
        sent += 1
    _schedule_retry()
    return sent


def _schedule_retry() -> None:
    """With a queue that can defer (the database backend), run again when the earliest
    waiting notification is due; in-process, the next notification or ``ewp_sync`` does."""
    backend = send_due.get_backend()
    if not backend.supports_defer:
        return
    due = Notification.objects.filter(
        direction=ExchangeDirection.OUTGOING, state=NotificationState.PENDING
    ).aggregate(first=Min("next_attempt_at"))["first"]
    if due is not None:
        send_due.using(run_after=due).enqueue()
