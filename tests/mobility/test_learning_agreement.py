"""The learning agreement: drafting, the three signatures with the SHA-256 of the version
signed, refusals of a stale version, changes during the mobility, totals and the diff."""

from decimal import Decimal

import pytest

from erasmusdesk.core.errors import DomainError
from erasmusdesk.mobility import learning
from erasmusdesk.mobility.credits import diff, totals
from erasmusdesk.mobility.models import Mobility, Signature
from tests.factories import mobility as builders


@pytest.fixture
def mobility(db, people):
    return builders.selected_mobility(people["owner"])


def test_no_learning_agreement_before_the_host_accepts(mobility, people):
    with pytest.raises(DomainError, match="once the host has accepted"):
        learning.start_learning_agreement(mobility, by=people["owner"])


def test_the_three_approvals_approve_the_version_and_move_the_mobility(mobility, people):
    agreement = builders.approved_agreement(mobility, by=people["owner"])
    assert agreement.status == "approved"
    digest = learning.content_digest(agreement)
    signatures = list(agreement.signatures.all())
    assert [s.party for s in signatures] == ["student", "sending", "receiving"]
    assert {s.sha256 for s in signatures} == {digest}
    assert signatures[0].signer_name == "Asel Kurmangazykyzy"
    assert signatures[1].signer_email == "sending@example.org"
    assert Mobility.objects.get(pk=mobility.pk).state == "la_approved"


def test_approving_a_version_that_changed_meanwhile_is_refused(mobility, people):
    agreement = builders.learning_agreement(mobility, by=people["owner"])
    shown = learning.content_digest(agreement)
    learning.add_component(
        agreement, table="A", title="Extra", term_id="2026/2027 autumn", credits=Decimal(2), by=None
    )
    with pytest.raises(DomainError, match="changed while you were reading"):
        learning.submit(agreement, by=people["owner"], digest=shown)
    assert Signature.objects.count() == 0


def test_two_approvals_for_the_same_party_leave_one(mobility, people):
    agreement = builders.learning_agreement(mobility, by=people["owner"])
    learning.submit(agreement, by=people["owner"], digest=learning.content_digest(agreement))
    digest = learning.content_digest(agreement)
    values = dict(party="sending", approve=True, signer_email="a@example.org", digest=digest)
    learning.sign(agreement, signer_name="First", by=people["coordinator"], **values)
    with pytest.raises(DomainError, match="already signed"):
        learning.sign(agreement, signer_name="Second", by=people["coordinator"], **values)
    assert agreement.signatures.filter(party="sending").count() == 1


def test_a_comment_sends_the_draft_back_to_the_participant(mobility, people):
    agreement = builders.learning_agreement(mobility, by=people["owner"])
    learning.submit(agreement, by=people["owner"], digest=learning.content_digest(agreement))
    with pytest.raises(DomainError) as error:
        learning.sign(
            agreement,
            party="receiving",
            approve=False,
            comment="",
            signer_name="Host",
            signer_email="h@example.org",
            by=None,
            digest=learning.content_digest(agreement),
        )
    assert error.value.field == "comment"
    learning.sign(
        agreement,
        party="receiving",
        approve=False,
        comment="ECO404 is not offered in autumn",
        signer_name="Host",
        signer_email="h@example.org",
        by=None,
        digest=learning.content_digest(agreement),
    )
    agreement.refresh_from_db()
    assert (agreement.status, agreement.comment) == ("draft", "ECO404 is not offered in autumn")


def test_studies_need_tables_a_and_b(mobility, people):
    agreement = builders.learning_agreement(
        mobility, by=people["owner"], components=[("A", "X1", "Only A", "30")]
    )
    with pytest.raises(DomainError, match="Table B"):
        learning.submit(agreement, by=people["owner"], digest=learning.content_digest(agreement))


@pytest.mark.parametrize("credits", ["0", "60.1", "-1"])
def test_credits_out_of_range_are_refused(mobility, people, credits):
    agreement = builders.learning_agreement(mobility, by=people["owner"], components=[])
    with pytest.raises(DomainError) as error:
        learning.add_component(
            agreement, table="A", title="T", term_id="t", credits=Decimal(credits), by=None
        )
    assert error.value.field == "credits"


def test_a_change_proposal_inserts_and_deletes_with_reasons_and_keeps_versions(mobility, people):
    first = builders.approved_agreement(mobility, by=people["owner"])
    mobility.refresh_from_db()
    proposal = learning.propose_change(mobility, by=people["owner"])
    assert proposal.number == 2 and proposal.components.count() == 5
    old = proposal.components.get(los_code="ECO404")
    with pytest.raises(DomainError) as error:
        learning.remove_component(old, by=None)
    assert error.value.field == "reason_code"
    learning.remove_component(old, reason_code="not-available", by=None)
    with pytest.raises(DomainError):
        learning.add_component(
            proposal, table="A", title="Polish B1", term_id="2026/2027 autumn", credits=8, by=None
        )
    learning.add_component(
        proposal,
        table="A",
        los_code="PL-B1",
        title="Polish B1",
        term_id="2026/2027 autumn",
        credits=Decimal(8),
        reason_code="substituting-deleted",
        by=None,
    )
    learning.submit(proposal, by=people["owner"], digest=learning.content_digest(proposal))
    for party in ("sending", "receiving"):
        learning.sign(
            proposal,
            party=party,
            approve=True,
            signer_name="C",
            signer_email="c@example.org",
            by=None,
            digest=learning.content_digest(proposal),
        )
    first.refresh_from_db()
    proposal.refresh_from_db()
    assert (first.status, proposal.status) == ("superseded", "approved")
    changes = diff(list(first.components.all()), list(proposal.components.all()))
    assert [(c.kind, c.title) for c in changes] == [
        ("deleted", "Polish for foreigners"),
        ("inserted", "Polish B1"),
    ]
    assert Mobility.objects.get(pk=mobility.pk).state == "la_approved"


def test_a_term_load_far_from_thirty_is_flagged(mobility, people):
    agreement = builders.learning_agreement(mobility, by=people["owner"])
    found = totals(agreement.components.all(), per_term=Decimal(30), tolerance=Decimal(5))
    assert found.by_table == {"A": Decimal(30), "B": Decimal(30)}
    assert found.flagged == []
    learning.add_component(
        agreement,
        table="A",
        title="More",
        term_id="2026/2027 autumn",
        credits=Decimal("5.1"),
        by=None,
    )
    found = totals(agreement.components.all(), per_term=Decimal(30), tolerance=Decimal(5))
    assert found.flagged == ["2026/2027 autumn"]


def _staff_mobility(people, last_day: int = 7):
    """A staff teaching mobility of ``last_day`` days, starting four weeks from today."""
    from datetime import timedelta

    from erasmusdesk.core import clock
    from erasmusdesk.mobility import services
    from tests import factories

    mobility = services.create_mobility(
        services.NewMobility(
            given_names="Dana",
            family_name="Teacher",
            email="dana@example.org",
            participant=people["owner"],
            sending_hei=builders.home(),
            receiving_hei=factories.partner("Uni Staff", erasmus_code="D STAFF01"),
            activity_type="staff-teaching",
            planned_arrival_date=clock.localdate() + timedelta(days=28),
            planned_departure_date=clock.localdate() + timedelta(days=28 + last_day - 1),
            isced_f_code="0311",
        ),
        by=None,
    )
    return builders.moved_to(mobility, "accepted")


@pytest.mark.parametrize(
    "last_day, hours, refused, minimum",
    [
        (7, "7.9", True, "8"),  # one week: 8 hours
        (7, "8", False, ""),
        (2, "7.9", True, "8"),  # a shorter stay still needs the week's 8 hours
        (2, "8", False, ""),
        (10, "11.4", True, "11.5"),  # 8 + 8 x 3/7 = 11.43, rounded up to a tenth
        (10, "11.5", False, ""),
        (14, "15.9", True, "16"),  # two full weeks
        (14, "16", False, ""),
    ],
)
def test_staff_teaching_needs_the_minimum_teaching_hours_pro_rata(
    db, people, last_day, hours, refused, minimum
):
    mobility = _staff_mobility(people, last_day=last_day)
    agreement = learning.start_learning_agreement(mobility, by=None)
    agreement = learning.save_details(
        agreement,
        {"work_plan": "Lectures on econometrics", "teaching_hours": Decimal(hours)},
        by=None,
    )
    digest = learning.content_digest(agreement)
    if refused:
        with pytest.raises(DomainError) as error:
            learning.submit(agreement, by=None, digest=digest)
        assert error.value.field == "teaching_hours"
        assert f"a stay of {last_day} days needs at least {minimum} teaching hours" in str(
            error.value.message
        )
    else:
        assert learning.submit(agreement, by=None, digest=digest).status == "proposed"


def test_staff_teaching_without_its_hours_names_the_field_on_the_page(db, people, client_as):
    from django.urls import reverse

    mobility = _staff_mobility(people)
    agreement = learning.start_learning_agreement(mobility, by=None)
    client = client_as(people["owner"])
    page = client.get(reverse("mobility:la", args=[mobility.omobility_id])).content.decode()
    assert "Teaching hours in total" in page
    client.post(
        reverse("mobility:la_details", args=[mobility.omobility_id]), {"work_plan": "Lectures"}
    )
    agreement.refresh_from_db()
    response = client.post(
        reverse("mobility:la_submit", args=[mobility.omobility_id]),
        {"digest": learning.content_digest(agreement)},
        follow=True,
    )
    assert "a stay of 7 days needs at least 8 teaching hours" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == "draft"


def test_staff_details_are_saved_on_the_page(db, people, client_as):
    from django.urls import reverse

    mobility = _staff_mobility(people)
    learning.start_learning_agreement(mobility, by=None)
    client = client_as(people["owner"])
    client.post(
        reverse("mobility:la_details", args=[mobility.omobility_id]),
        {"work_plan": "Three lectures", "teaching_hours": "8"},
    )
    page = client.get(reverse("mobility:la", args=[mobility.omobility_id])).content.decode()
    assert "Three lectures" in page
