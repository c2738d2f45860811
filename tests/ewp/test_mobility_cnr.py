"""The change notifications of the mobility APIs: Outgoing Mobility CNR v2, Outgoing
Mobility LA CNR v1.1 and Incoming Mobility ToRs CNR v2 are answered at once (valid, empty)
and the changed object is fetched afterwards; our own changes are queued to the partner."""

import pytest
from lxml import etree

from erasmusdesk.ewp import client, notifications, schemas, sync
from erasmusdesk.ewp.models import Notification, NotificationState, PartnerLearningAgreement
from erasmusdesk.mobility.models import Mobility
from tests.ewp.test_las import _mobility, proposed
from tests.ewp.test_tors import _departed, _enter

pytestmark = pytest.mark.django_db


def _notify(caller, endpoint: str, api: str, params):
    """``caller`` (A) notifies B."""
    with caller.active():
        return client.call(
            hei_id="b.example", api=api, url=f"https://b.example/ewp/{endpoint}", params=params
        )


@pytest.mark.parametrize(
    ("endpoint", "api", "schema", "extra"),
    [
        ("omobilities/cnr", "omobility-cnr", schemas.OMOBILITY_CNR, []),
        (
            "las/cnr",
            "omobility-la-cnr",
            schemas.OMOBILITY_LA_CNR,
            [("sending_hei_id", "a.example")],
        ),
        ("tors/cnr", "imobility-tor-cnr", schemas.IMOBILITY_TOR_CNR, []),
    ],
)
def test_a_notification_is_answered_at_once_and_recorded(nodes, endpoint, api, schema, extra):
    a, b = nodes
    answer = _notify(a, endpoint, api, [*extra, ("omobility_id", "x-1"), ("omobility_id", "x-2")])
    assert schemas.errors(etree.tostring(answer), *schema) == []
    received = Notification.objects.filter(direction="in", api=api)
    assert sorted(received.values_list("partner_hei_id", "object_id")) == [  # the caller's
        ("a.example", "x-1"),
        ("a.example", "x-2"),
    ]


def test_an_la_notification_naming_another_sending_hei_gets_400(nodes):
    a, b = nodes
    with pytest.raises(client.ExchangeError) as refusal:
        _notify(
            a,
            "las/cnr",
            "omobility-la-cnr",
            [("sending_hei_id", "c.example"), ("omobility_id", "x-1")],
        )
    assert "HTTP 400" in str(refusal.value)
    assert not Notification.objects.exists()


def test_a_signed_learning_agreement_is_notified_and_fetched_by_the_host(nodes):
    a, b = nodes
    mobility = _mobility()
    with a.active():
        agreement = proposed(mobility)
        queued = Notification.objects.get(direction="out", api="omobility-la-cnr")
        assert (queued.partner_hei_id, queued.object_id) == (
            "b.example",
            str(mobility.omobility_id),
        )
        notifications.send_due.call()
    queued.refresh_from_db()
    assert queued.state == NotificationState.DONE
    received = Notification.objects.get(direction="in", api="omobility-la-cnr")
    with b.active():
        sync.handle_notification(received)
    received.refresh_from_db()
    assert received.state == NotificationState.DONE
    copy = PartnerLearningAgreement.objects.get()
    assert copy.omobility_id == str(mobility.omobility_id)
    assert copy.proposal_id.startswith(str(agreement.proposal_id))


def test_a_transcript_entered_by_the_host_is_notified_and_pulled_by_the_sender(nodes):
    a, b = nodes
    mobility = _departed()
    with b.active():
        _enter(mobility)
        queued = Notification.objects.get(direction="out", api="imobility-tor-cnr")
        assert queued.partner_hei_id == "a.example"
        notifications.send_due.call()
    received = Notification.objects.get(direction="in", api="imobility-tor-cnr")
    assert received.partner_hei_id == "b.example"
    with a.active():
        sync.handle_notification(received)
    received.refresh_from_db()
    assert received.state == NotificationState.DONE, received.last_error
    assert Mobility.objects.get(pk=mobility.pk).transcript.results.count() == 2


def test_a_changed_nomination_is_notified_to_the_host(nodes):
    a, b = nodes
    with a.active():
        mobility = _mobility()
    queued = Notification.objects.get(direction="out", api="omobility-cnr")
    assert (queued.partner_hei_id, queued.object_id) == ("b.example", str(mobility.omobility_id))


def test_the_periodic_pull_keeps_the_senders_learning_agreements(nodes):
    """A notification may never arrive: B's nightly pull reads A's indexes."""
    a, b = nodes
    mobility = _mobility()
    proposed(mobility)
    with b.active():
        assert sync.pull_from_sender("a.example") == (1, 1)
    copy = PartnerLearningAgreement.objects.get()
    assert copy.omobility_id == str(mobility.omobility_id)
