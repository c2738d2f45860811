"""The proof: two installations on one test process (A, our university; B, a European
partner), each with its own HEI id, key pair and address, in one catalogue made from both
manifests, exchanging through signed requests end to end."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model

from erasmusdesk.core import clock
from erasmusdesk.ewp import notifications, serving, sync
from erasmusdesk.ewp.models import (
    Exchange,
    IiaApproval,
    Notification,
    NotificationState,
    PartnerIia,
    PartnerIiaState,
)
from erasmusdesk.ewp.services import approve_partner_iia
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_agreement_made_at_a_is_fetched_and_approved_at_b_and_the_approval_seen_at_a(nodes):
    a, b = nodes
    partner_b = factories.Institution.objects.get(ewp_hei_id="b.example")
    agreement = factories.agreement(partner_b, ewp_iia_id="atyrau-b-2026")
    office_b = get_user_model().objects.create_user("office-b", "office@b.example", "x")

    # A notifies B (IIA CNR v3); B answers at once and fetches the agreement afterwards.
    with a.active():
        queued = notifications.queue(
            api="iia-cnr", partner_hei_id="b.example", object_id="atyrau-b-2026"
        )
        notifications.send_due.call()
    queued.refresh_from_db()
    assert queued.state == NotificationState.DONE
    received = Notification.objects.get(direction="in")
    assert (received.partner_hei_id, received.object_id) == ("a.example", "atyrau-b-2026")
    with b.active():
        sync.handle_notification(received)
    copy = PartnerIia.objects.get()
    assert (copy.partner_hei_id, copy.partner_iia_id) == ("a.example", "atyrau-b-2026")
    with a.active():
        assert copy.iia_hash == serving.current_hash(agreement)

    # B approves; its IIA Approval CNR (v2) tells A, which pulls B's approvals.
    with b.active():
        approve_partner_iia(copy, by=office_b)
        notifications.send_due.call()
    told = Notification.objects.get(direction="in", api="iia-approval-cnr")
    assert (told.partner_hei_id, told.object_id) == ("b.example", "atyrau-b-2026")
    with a.active():
        sync.handle_notification(told)
    approval = IiaApproval.objects.get()
    assert (approval.agreement, approval.iia_hash) == (agreement, copy.iia_hash)
    with a.active():
        assert sync.pull_approvals("b.example") == []  # already recorded
    # Every request in and out is logged, each answered 200.
    assert Exchange.objects.exclude(status=200).count() == 0
    assert set(Exchange.objects.values_list("api", flat=True)) == {
        "iia-cnr",
        "iias",
        "iia-approval-cnr",
        "iias-approval",
    }


def test_a_changed_agreement_is_no_longer_approved_at_its_old_hash(nodes):
    a, b = nodes
    partner_b = factories.Institution.objects.get(ewp_hei_id="b.example")
    agreement = factories.agreement(partner_b, ewp_iia_id="atyrau-b-2027")
    with b.active():
        (copy,) = sync.pull_iias("a.example")
        approve_partner_iia(copy, by=None)
    condition = agreement.conditions.get()
    condition.mobilities_per_year = 3
    condition.save()
    with a.active():
        assert sync.pull_approvals("b.example") == []
    with b.active():
        (copy,) = sync.pull_iias("a.example")
    assert copy.state == PartnerIiaState.FETCHED
    assert copy.iia_hash != copy.approved_hash


def test_a_saved_agreement_is_queued_for_its_partner_once(nodes):
    a, _ = nodes
    partner_b = factories.Institution.objects.get(ewp_hei_id="b.example")
    other = factories.partner("Not on EWP", ewp_hei_id="c.example")
    with a.active():
        agreement = factories.agreement(partner_b, ewp_iia_id="q-1")
        factories.agreement(other)
        agreement.notes = "changed"
        agreement.save()
    (queued,) = Notification.objects.filter(direction="out")
    assert (queued.partner_hei_id, queued.object_id, queued.state) == (
        "b.example",
        "q-1",
        NotificationState.PENDING,
    )


def test_nothing_is_queued_while_ewp_is_off(db, settings):
    settings.ERASMUSDESK_EWP_HEI_ID = ""
    partner = factories.partner("Universität Beispiel", ewp_hei_id="b.example")
    factories.agreement(partner)
    assert not Notification.objects.exists()


def test_a_notification_is_retried_with_back_off_and_expires_after_a_day(nodes, settings, frozen):
    a, _ = nodes
    start = frozen(factories.local(2026, 12, 4, 9))
    settings.ERASMUSDESK_EWP_REGISTRY = ""
    with a.active():
        queued = notifications.queue(api="iia-cnr", partner_hei_id="b.example", object_id="9")
        notifications.send_due.call()
        queued.refresh_from_db()
        assert (queued.attempts, queued.next_attempt_at - start) == (1, timedelta(minutes=1))
        frozen(start + timedelta(minutes=1))
        notifications.send_due.call()
        queued.refresh_from_db()
        assert queued.attempts == 2
        assert queued.next_attempt_at - clock.now() == timedelta(minutes=2)
        frozen(start + timedelta(hours=24, minutes=1))
        notifications.send_due.call()
    queued.refresh_from_db()
    assert queued.state == NotificationState.EXPIRED


def test_an_invalid_iias_answer_is_refused_and_stored_nowhere(nodes, monkeypatch):
    """A partner whose node serves an iia-hash that is not hex (its builder is broken)."""
    a, b = nodes
    partner_b = factories.Institution.objects.get(ewp_hei_id="b.example")
    factories.agreement(partner_b, ewp_iia_id="bad-1")
    from erasmusdesk.ewp import documents

    real = documents.iias_get_response

    def without_hash(iias, hash_of=None):
        return real(iias, hash_of=hash_of).replace(b"<iia-hash>", b"<iia-hash>zz")

    monkeypatch.setattr(documents, "iias_get_response", without_hash)
    with b.active(), pytest.raises(sync.client.ExchangeError) as refusal:
        sync.pull_iias("a.example")
    assert "not valid against get-response.xsd" in str(refusal.value)
    assert not PartnerIia.objects.exists()
