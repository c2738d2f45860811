"""The mobility's stage service, the host's answer, a changed nomination, reminders,
mobilities created by hand and the yearly quota of a place."""

from datetime import date

import pytest
from django.core import mail
from django.test import TestCase

from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.models import AuditEntry
from erasmusdesk.mobility import audit_actions, services
from erasmusdesk.mobility.models import STATE_LABELS, Mobility
from erasmusdesk.mobility.states import MobilityState, Party, move, targets
from erasmusdesk.mobility.timeline import steps
from tests import factories
from tests.factories import mobility as builders


@pytest.fixture
def mobility(db, people):
    return builders.selected_mobility(people["owner"])


def test_every_stage_is_reached_in_order_with_a_row_per_move(mobility, people):
    coordinator = people["coordinator"]
    mobility = builders.moved_to(mobility, "closed", by=coordinator)
    assert [row.to_state for row in mobility.history.all()] == [
        "nominated",
        "accepted",
        "la_approved",
        "arrived",
        "departed",
        "transcript_received",
        "recognised",
        "closed",
    ]
    assert mobility.history.last().by == coordinator
    assert (
        AuditEntry.objects.filter(action=audit_actions.STAGE, object_id=str(mobility.pk)).count()
        == 7
    )


def test_a_stage_cannot_be_skipped(mobility, people):
    with pytest.raises(DomainError, match="cannot become"):
        services.move_stage(
            mobility, MobilityState.CLOSED, by=people["coordinator"], party=Party.OFFICE
        )
    assert Mobility.objects.get(pk=mobility.pk).state == "nominated"


def test_the_host_may_not_approve_the_learning_agreement_stage_alone():
    assert Party.HOST not in move("accepted", "la_approved")[0]
    assert targets("nominated", Party.HOST) == [MobilityState.ACCEPTED, MobilityState.REJECTED]


def test_a_rejection_needs_the_reason(mobility, people):
    with pytest.raises(DomainError) as error:
        services.answer_nomination(
            mobility, accept=False, comment="  ", by=people["partner_contact"]
        )
    assert error.value.field == "reason"
    assert Mobility.objects.get(pk=mobility.pk).state == "nominated"


def test_the_host_accepts_with_a_comment_once(mobility, people):
    services.answer_nomination(
        mobility,
        accept=True,
        comment="Welcome",
        by=people["partner_contact"],
        version=mobility.version,
    )
    mobility.refresh_from_db()
    assert (mobility.state, mobility.host_comment, mobility.nomination_status) == (
        "accepted",
        "Welcome",
        "approved",
    )
    assert mobility.answered_at is not None
    with pytest.raises(DomainError, match="already answered"):
        services.answer_nomination(
            mobility, accept=False, comment="No", by=people["partner_contact"]
        )


def test_an_answer_to_a_nomination_that_changed_meanwhile_is_refused(mobility, people):
    shown = mobility.version
    services.change_nomination(
        mobility, {"comment": "New comment"}, by=people["coordinator"], version=shown
    )
    with pytest.raises(DomainError, match="changed while you were looking"):
        services.answer_nomination(
            mobility, accept=True, by=people["partner_contact"], version=shown
        )
    assert Mobility.objects.get(pk=mobility.pk).state == "nominated"


def test_a_changed_nomination_goes_back_to_pending_and_the_host_is_told(mobility, people):
    services.answer_nomination(mobility, accept=True, by=people["partner_contact"])
    mobility.refresh_from_db()
    builders.contact_on_file(mobility.receiving_hei)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.change_nomination(
            mobility,
            {"planned_departure_date": date(2027, 1, 15)},
            by=people["coordinator"],
            version=mobility.version,
        )
    mobility.refresh_from_db()
    assert mobility.state == "nominated"
    assert mobility.nomination_status == "pending"
    assert mobility.host_comment == "" and mobility.answered_at is None
    assert "planned departure" in mobility.history.last().reason
    host_mail = [m for m in mail.outbox if m.to == ["incoming@partner.example"]]
    assert len(host_mail) == 1
    assert "was changed" in host_mail[0].subject
    assert "/nomination/" in host_mail[0].body


def test_a_nomination_with_dates_out_of_order_is_refused_and_nothing_saved(mobility, people):
    with pytest.raises(DomainError) as error:
        services.change_nomination(
            mobility,
            {"planned_departure_date": date(2026, 8, 1), "comment": "x"},
            by=people["coordinator"],
            version=mobility.version,
        )
    assert error.value.field == "planned_departure_date"
    assert Mobility.objects.get(pk=mobility.pk).comment == ""


def test_reminding_the_host_mails_its_contacts_and_records_when(mobility, people):
    builders.contact_on_file(mobility.receiving_hei, "answerer@partner.example")
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.remind_host(mobility, by=people["coordinator"])
    assert Mobility.objects.get(pk=mobility.pk).reminded_at is not None
    assert [m.to for m in mail.outbox] == [["answerer@partner.example"]]
    assert mail.outbox[0].subject.startswith("Reminder")
    services.answer_nomination(mobility, accept=True, by=people["partner_contact"])
    with pytest.raises(DomainError, match="already answered"):
        services.remind_host(mobility, by=people["coordinator"])


def test_cancelling_needs_a_reason(mobility, people):
    with pytest.raises(DomainError):
        services.cancel_mobility(mobility, by=people["coordinator"], reason="")
    assert Mobility.objects.get(pk=mobility.pk).state == "nominated"


def test_a_closed_mobility_cannot_be_cancelled(mobility, people):
    mobility = builders.moved_to(mobility, "closed", by=people["coordinator"])
    with pytest.raises(DomainError):
        services.cancel_mobility(mobility, by=people["coordinator"], reason="Late")


def _staff(place=None, **fields):
    home = builders.home()
    partner = (
        place.agreement.partner
        if place
        else factories.partner("Uni Staff", erasmus_code="D STAFF01")
    )
    values = dict(
        given_names="Dana",
        family_name="Teacher",
        email="dana@example.org",
        sending_hei=home,
        receiving_hei=partner,
        activity_type="staff-teaching",
        planned_arrival_date=date(2027, 3, 1),
        planned_departure_date=date(2027, 3, 7),
        isced_f_code="0311",
        place=place,
    )
    values.update(fields)
    return services.NewMobility(**values)


def test_the_office_creates_a_staff_mobility_by_hand(db, people):
    mobility = services.create_mobility(_staff(), by=people["coordinator"])
    assert mobility.state == "nominated"
    assert mobility.is_staff_mobility
    assert mobility.receiving_academic_year_id == "2026/2027"
    assert mobility.history.get().reason == "Created by the office."


def test_a_partner_nomination_to_us_is_created_by_hand(db, people):
    home = builders.home()
    partner = factories.partner("Uni Incoming", erasmus_code="D INCOM01")
    mobility = services.create_mobility(
        _staff(sending_hei=partner, receiving_hei=home, activity_type="student-studies"),
        by=people["coordinator"],
    )
    assert mobility.receiving_hei.is_home


def test_a_hand_made_mobility_between_two_partners_is_refused(db, people):
    builders.home()
    first = factories.partner("Uni One", erasmus_code="D ONE01")
    second = factories.partner("Uni Two", erasmus_code="D TWO01")
    with pytest.raises(DomainError) as error:
        services.create_mobility(_staff(sending_hei=first, receiving_hei=second), by=None)
    assert error.value.field == "receiving_hei"


def test_the_yearly_quota_of_a_place_is_kept(db, people):
    partner = factories.partner("Uni Quota", erasmus_code="D QUOTA01")
    agreement = factories.agreement(
        partner, conditions=[factories.staff_condition(mobilities_per_year=2)]
    )
    place = agreement.conditions.get()
    services.create_mobility(_staff(place), by=None)
    second = services.create_mobility(_staff(place), by=None)
    with pytest.raises(DomainError) as error:
        services.create_mobility(_staff(place), by=None)
    assert error.value.field == "place"
    assert "2026/2027" in str(error.value.message)
    # A cancelled mobility frees its place.
    services.cancel_mobility(second, by=None, reason="Ill")
    assert services.create_mobility(_staff(place), by=None).place == place


def test_the_host_contact_of_the_home_university_is_refused(db, people):
    with pytest.raises(DomainError) as error:
        services.set_host_contact(people["partner_contact"], builders.home(), by=None)
    assert error.value.field == "institution"


def test_the_timeline_marks_done_current_and_next(mobility, people):
    mobility = builders.moved_to(mobility, "la_approved", by=people["coordinator"])
    found = steps(mobility.state, STATE_LABELS, {})
    assert [s.status for s in found][:4] == ["done", "done", "current", "todo"]
