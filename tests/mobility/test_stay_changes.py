"""Changes of the stay: the participant proposes an extension or an interruption with a
reason; the receiving and the sending institution approve it; then the planned departure
moves and the grant is estimated again, explained on the mobility's pages."""

from datetime import timedelta

import pytest
from django.urls import reverse

from erasmusdesk.core.errors import DomainError
from erasmusdesk.mobility import stay_changes
from erasmusdesk.mobility.links import make_token
from erasmusdesk.mobility.models import Mobility
from tests.factories import mobility as builders


@pytest.fixture
def running(db, people):
    mobility = builders.selected_mobility(people["owner"])
    builders.host_contact(people["partner_contact"], mobility.receiving_hei)
    builders.approved_agreement(mobility)
    return Mobility.objects.get(pk=mobility.pk)


def _propose(mobility, kind, days, reason="The host offers a second term"):
    return stay_changes.propose_stay_change(
        mobility,
        kind=kind,
        new_departure=mobility.planned_departure_date + timedelta(days=days),
        reason=reason,
        by=None,
    )


def test_an_extension_approved_by_both_moves_the_departure_and_raises_the_grant(running, people):
    old = running.planned_departure_date
    change = _propose(running, "extension", 30)
    assert change.grant_after > change.grant_before
    stay_changes.decide_stay_change(
        change, party="receiving", approve=True, by=people["partner_contact"]
    )
    assert Mobility.objects.get(pk=running.pk).planned_departure_date == old  # one approval
    change = stay_changes.decide_stay_change(
        change, party="sending", approve=True, by=people["coordinator"]
    )
    mobility = Mobility.objects.get(pk=running.pk)
    assert change.status == "approved"
    assert mobility.planned_departure_date == old + timedelta(days=30)
    assert mobility.version == running.version + 1


def test_an_interruption_lowers_the_grant(running, people):
    change = _propose(running, "interruption", -30)
    assert change.grant_after < change.grant_before
    assert change.new_days == change.old_days - 30


def test_a_refusal_needs_a_comment_and_closes_the_change(running, people):
    change = _propose(running, "extension", 30)
    with pytest.raises(DomainError) as error:
        stay_changes.decide_stay_change(change, party="sending", approve=False, by=None)
    assert error.value.field == "comment"
    change = stay_changes.decide_stay_change(
        change, party="sending", approve=False, comment="No budget left", by=people["coordinator"]
    )
    assert change.status == "refused"
    assert Mobility.objects.get(pk=running.pk).planned_departure_date == change.old_departure
    with pytest.raises(DomainError, match="already decided"):
        stay_changes.decide_stay_change(change, party="receiving", approve=True, by=None)


@pytest.mark.parametrize(
    "kind, days, field",
    [
        ("extension", 0, "new_departure"),  # the same day extends nothing
        ("extension", -1, "new_departure"),
        ("interruption", 0, "new_departure"),
        ("interruption", 1, "new_departure"),
        ("sabbatical", 5, "kind"),
    ],
)
def test_a_change_that_does_not_change_the_end_is_refused(running, kind, days, field):
    with pytest.raises(DomainError) as error:
        _propose(running, kind, days)
    assert error.value.field == field
    assert not running.stay_changes.exists()


def test_an_interruption_before_the_first_day_is_refused(running):
    days = (running.planned_arrival_date - running.planned_departure_date).days - 1
    with pytest.raises(DomainError) as error:
        _propose(running, "interruption", days)
    assert error.value.field == "new_departure"
    # The first day itself is the shortest stay an interruption leaves.
    change = _propose(running, "interruption", days + 1)
    assert change.new_days == 1


def test_one_change_at_a_time_and_only_during_the_stay(running, people):
    _propose(running, "extension", 10)
    with pytest.raises(DomainError, match="already waits"):
        _propose(running, "extension", 20)
    accepted = builders.selected_mobility(people["other_applicant"], call=running.application.call)
    with pytest.raises(DomainError, match="between the approval of the learning agreement"):
        _propose(accepted, "extension", 10)


def test_the_participant_proposes_on_the_page_and_bad_input_names_the_field(
    running, people, client_as
):
    owner = client_as(people["owner"])
    url = reverse("mobility:stay_change", args=[running.omobility_id])
    response = owner.post(
        url,
        {
            "kind": "extension",
            "new_departure": running.planned_departure_date.isoformat(),
            "reason": "More courses",
            "version": running.version,
        },
    )
    assert response.status_code == 400
    assert "An extension ends after the planned departure" in response.content.decode()
    response = owner.post(url, {"kind": "extension", "version": running.version})
    assert "Give the new day of departure." in response.content.decode()
    assert "Give the reason of the change." in response.content.decode()
    assert not running.stay_changes.exists()
    new = running.planned_departure_date + timedelta(days=30)
    response = owner.post(
        url,
        {
            "kind": "extension",
            "new_departure": new.isoformat(),
            "reason": "More courses",
            "version": running.version,
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Your change is proposed" in page
    assert "The grant follows the days abroad" in page
    assert "Grant before and after the change (EUR)" in page  # the chart


def test_the_host_by_link_and_the_office_approve_on_their_pages(running, people, client_as, client):
    change = _propose(running, "extension", 30)
    builders.contact_on_file(running.receiving_hei, "noaccount@partner.example")
    token = make_token(running, "noaccount@partner.example")
    page = client.get(reverse("mobility:link", args=[token])).content.decode()
    assert "Approve the change" in page
    client.post(reverse("mobility:link_stay_change", args=[token]), {"decision": "approve"})
    change.refresh_from_db()
    assert change.receiving_decision == ""  # the link's holder gives a name first
    client.post(
        reverse("mobility:link_stay_change", args=[token]),
        {"decision": "approve", "name": "Jan Kowalski"},
    )
    change.refresh_from_db()
    assert (change.receiving_decision, change.receiving_by_name) == ("approved", "Jan Kowalski")
    office = client_as(people["coordinator"])
    office.post(
        reverse("mobility_office:stay_change", args=[running.omobility_id]),
        {"decision": "approve"},
    )
    change.refresh_from_db()
    assert change.status == "approved"
    assert Mobility.objects.get(pk=running.pk).planned_departure_date == change.new_departure


@pytest.mark.parametrize(
    "role, name, status",
    [
        ("owner", "mobility:stay_change", 400),
        ("other_applicant", "mobility:stay_change", 404),
        ("evaluator", "mobility:stay_change", 404),
        ("coordinator", "mobility:stay_change", 404),
        ("partner_contact", "mobility:stay_change", 404),
        ("anonymous", "mobility:stay_change", 302),
        ("owner", "mobility:host_stay_change", 404),
        ("other_applicant", "mobility:host_stay_change", 404),
        ("evaluator", "mobility:host_stay_change", 404),
        ("coordinator", "mobility:host_stay_change", 404),
        ("partner_contact", "mobility:host_stay_change", 302),
        ("anonymous", "mobility:host_stay_change", 302),
        ("owner", "mobility_office:stay_change", 404),
        ("other_applicant", "mobility_office:stay_change", 404),
        ("evaluator", "mobility_office:stay_change", 404),
        ("coordinator", "mobility_office:stay_change", 302),
        ("partner_contact", "mobility_office:stay_change", 404),
        ("anonymous", "mobility_office:stay_change", 302),
    ],
)
def test_who_may_propose_and_decide(running, people, client_as, role, name, status):
    _propose(running, "extension", 30)
    response = client_as(people[role]).post(
        reverse(name, args=[running.omobility_id]), {"decision": "approve"}
    )
    assert response.status_code == status
