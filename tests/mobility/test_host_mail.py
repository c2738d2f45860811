"""Mail to the host's contacts goes in each contact's language of correspondence (the
account's, or the contact's on file), and in English where none is known."""

import pytest
from django.core import mail
from django.test import TestCase

from erasmusdesk.mobility import services
from tests.factories import mobility as builders


@pytest.fixture
def mobility(db, people):
    return builders.selected_mobility(people["owner"])


def _remind(mobility, by):
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.remind_host(mobility, by=by)
    return {message.to[0]: message for message in mail.outbox}


def test_each_host_contact_is_written_to_in_their_language(mobility, people):
    builders.contact_on_file(mobility.receiving_hei, "ru@partner.example", language="ru")
    builders.contact_on_file(mobility.receiving_hei, "kk@partner.example", language="kk")
    builders.contact_on_file(mobility.receiving_hei, "unknown@partner.example")
    sent = _remind(mobility, people["coordinator"])
    assert sent["ru@partner.example"].subject == (
        "Напоминание: номинация Asel Kurmangazykyzy ждёт вашего ответа"
    )
    assert "/ru/nomination/" in sent["ru@partner.example"].body
    assert sent["kk@partner.example"].subject.startswith("Еске салу")
    assert "/kk/nomination/" in sent["kk@partner.example"].body
    assert sent["unknown@partner.example"].subject.startswith("Reminder")
    assert "/en/nomination/" in sent["unknown@partner.example"].body


def test_a_host_account_gets_its_own_language(mobility, people):
    people["partner_contact"].email = "account@partner.example"
    people["partner_contact"].save()
    builders.host_contact(people["partner_contact"], mobility.receiving_hei, language="ru")
    sent = _remind(mobility, people["coordinator"])
    body = sent["account@partner.example"].body
    assert "Примите или отклоните номинацию" in body
    assert f"/ru/host/nominations/{mobility.omobility_id}/" in body


def test_a_proposed_change_of_the_stay_asks_the_host_in_its_language(mobility, people):
    from datetime import timedelta

    from erasmusdesk.mobility import stay_changes
    from erasmusdesk.mobility.models import Mobility

    builders.approved_agreement(mobility)
    mobility = Mobility.objects.get(pk=mobility.pk)
    builders.contact_on_file(mobility.receiving_hei, "ru@partner.example", language="ru")
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        stay_changes.propose_stay_change(
            mobility,
            kind="extension",
            new_departure=mobility.planned_departure_date + timedelta(days=30),
            reason="A second term",
            by=people["owner"],
        )
    sent = [m for m in mail.outbox if m.to == ["ru@partner.example"]]
    assert len(sent) == 1
    assert "Asel Kurmangazykyzy" in sent[0].subject
    assert "/ru/nomination/" in sent[0].body
