"""The grant agreement issued from the mobility, recalculated on the actual dates, and the
payment rules (nothing beyond what is due without a confirmed reason; no future dates)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from erasmusdesk.core import clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.models import AuditEntry
from erasmusdesk.grants import grant_services
from erasmusdesk.mobility import audit_actions, funding, services
from erasmusdesk.mobility.states import Party
from tests.factories import mobility as builders


@pytest.fixture
def accepted(db, people):
    mobility = builders.selected_mobility(people["owner"])
    return builders.moved_to(mobility, "accepted")


def test_the_grant_agreement_takes_everything_from_the_mobility(accepted, people, client_as):
    response = client_as(people["coordinator"]).post(
        reverse("mobility_office:grant", args=[accepted.omobility_id]),
        {"payer": "home", "prefinancing_percent": "80", "travel_days": "0"},
    )
    link = accepted.__class__.objects.get(pk=accepted.pk).grant
    agreement = link.grant_agreement
    assert response["Location"] == reverse("grants_office:agreement_detail", args=[agreement.pk])
    assert agreement.participant_name == "Asel Kurmangazykyzy"
    assert agreement.participant == people["owner"]
    assert agreement.host_institution == accepted.receiving_hei
    assert (agreement.start, agreement.end) == (
        accepted.planned_arrival_date,
        accepted.planned_departure_date,
    )
    assert agreement.activity == "study" and link.payer == "home"
    with pytest.raises(DomainError, match="already has"):
        funding.issue_grant(accepted, payer="home", by=None)


def test_no_grant_before_the_host_accepts(db, people):
    mobility = builders.selected_mobility(people["owner"])
    with pytest.raises(DomainError, match="once the host has accepted"):
        funding.issue_grant(mobility, payer="home", by=None)


def test_the_confirmed_departure_recalculates_the_grant(accepted, people, frozen):
    link = funding.issue_grant(accepted, payer="host", by=people["coordinator"])
    builders.approved_agreement(accepted, by=people["owner"])
    frozen(clock.now() + timedelta(days=300))
    services.confirm_arrival(
        accepted, on=clock.localdate() - timedelta(days=150), by=None, party=Party.HOST
    )
    services.confirm_departure(accepted, on=clock.localdate(), by=None, party=Party.HOST)
    agreement = link.grant_agreement.__class__.objects.get(pk=link.grant_agreement_id)
    assert agreement.actual_end == clock.localdate()
    assert agreement.final_total is not None


def test_a_stay_too_short_to_fund_still_confirms_the_departure(accepted, people):
    funding.issue_grant(accepted, payer="host", by=None)
    builders.approved_agreement(accepted, by=people["owner"])
    mobility = builders.moved_to(accepted, "departed")  # 21 days: too short for studies
    assert mobility.state == "departed"
    assert AuditEntry.objects.filter(action=audit_actions.GRANT_NOT_RECALCULATED).exists()


def test_payments_beyond_what_is_due_or_in_the_future_are_refused(accepted, people):
    agreement = funding.issue_grant(accepted, payer="home", by=None).grant_agreement
    with pytest.raises(DomainError) as error:
        grant_services.record_payment(
            agreement,
            kind="prefinancing",
            amount=Decimal(10),
            paid_on=clock.localdate() + timedelta(days=1),
            by=None,
        )
    assert error.value.field == "paid_on"
    too_much = agreement.total + Decimal("0.01")
    with pytest.raises(DomainError) as error:
        grant_services.record_payment(
            agreement, kind="prefinancing", amount=too_much, paid_on=clock.localdate(), by=None
        )
    assert error.value.field == "override_reason"
    payment = grant_services.record_payment(
        agreement,
        kind="prefinancing",
        amount=too_much,
        paid_on=clock.localdate(),
        override_reason="Bank fee refunded",
        by=None,
    )
    assert "Bank fee refunded" in payment.note
