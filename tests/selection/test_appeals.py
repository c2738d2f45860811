"""Appeals: filed until the deadline (inclusive), once per run; decided with a reason;
corrections only when upheld; the applicant is told."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import TestCase

from erasmusdesk.core import clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.models import AuditEntry
from erasmusdesk.selection import appeals, publishing
from erasmusdesk.selection.models import AppealStatus, Correction


@pytest.fixture
def published(world):
    applications = [world.apply(grade=g) for g in ("3.9", "3.5", "3.1", "2.7", "2.3")]
    world.assign()
    world.score_all(7)
    publishing.publish_results(
        world.selection,
        by=world.coordinator,
        expected_run=0,
        appeal_deadline=clock.now() + timedelta(days=7),
    )
    return applications


def test_an_appeal_is_possible_up_to_the_last_second_of_the_deadline(world, published, frozen):
    last = published[4]
    deadline = clock.now() + timedelta(days=7)
    frozen(deadline)
    assert appeals.can_appeal(last)
    appeal = appeals.file_appeal(last, text="  Please look again.  ", by=last.applicant)
    assert appeal.text == "Please look again." and appeal.status == AppealStatus.PENDING
    frozen(deadline + timedelta(seconds=1))
    with pytest.raises(DomainError, match="over") as refused:
        appeals.file_appeal(published[3], text="Late", by=published[3].applicant)
    assert refused.value.field == "text"


def test_an_appeal_needs_a_text_and_is_filed_once(world, published):
    last = published[4]
    with pytest.raises(DomainError, match="Say what"):
        appeals.file_appeal(last, text=" ", by=last.applicant)
    appeals.file_appeal(last, text="Wrong", by=last.applicant)
    with pytest.raises(DomainError, match="already appealed"):
        appeals.file_appeal(last, text="Again", by=last.applicant)
    with pytest.raises(DomainError, match="Only the applicant"):
        appeals.file_appeal(published[3], text="For a friend", by=last.applicant)


def test_no_appeal_without_published_results(world):
    application = world.apply()
    with pytest.raises(DomainError, match="no published result"):
        appeals.file_appeal(application, text="Why?", by=application.applicant)


def test_deciding_an_appeal_corrects_points_and_tells_the_applicant(world, published):
    last = published[4]
    appeal = appeals.file_appeal(last, text="My interview was missed", by=last.applicant)
    with TestCase.captureOnCommitCallbacks(execute=True):
        appeals.decide_appeal(
            appeal,
            upheld=True,
            decision="Corrected.",
            corrections={"motivation": Decimal("9.5")},
            by=world.coordinator,
        )
    appeal.refresh_from_db()
    assert (appeal.status, appeal.decided_by, appeal.decision) == (
        AppealStatus.UPHELD,
        world.coordinator,
        "Corrected.",
    )
    correction = Correction.objects.get(application=last)
    assert (correction.criterion.code, correction.points) == ("motivation", Decimal("9.5"))
    entry = AuditEntry.objects.get(action="erasmusdesk.selection.appeal_decided")
    assert entry.data["corrections"] == {"motivation": ["7.00", "9.5"]}
    (message,) = mail.outbox
    assert message.subject == f"Application {last.reference}: your appeal is upheld"
    assert "Corrected." in message.body
    with pytest.raises(DomainError, match="already decided"):
        appeals.decide_appeal(appeal, upheld=False, decision="No", by=world.coordinator)


def test_a_decision_needs_a_reason_and_corrections_only_when_upheld(world, published):
    last = published[4]
    appeal = appeals.file_appeal(last, text="Wrong", by=last.applicant)
    with pytest.raises(DomainError) as refused:
        appeals.decide_appeal(appeal, upheld=False, decision="", by=world.coordinator)
    assert refused.value.field == "decision"
    with pytest.raises(DomainError, match="Only an upheld appeal"):
        appeals.decide_appeal(
            appeal,
            upheld=False,
            decision="No",
            corrections={"motivation": 9},
            by=world.coordinator,
        )
    with pytest.raises(DomainError, match="from 0 to 10") as refused:
        appeals.decide_appeal(
            appeal,
            upheld=True,
            decision="Yes",
            corrections={"motivation": 11},
            by=world.coordinator,
        )
    assert refused.value.field == "points_motivation"
    with pytest.raises(DomainError, match="not a criterion"):
        appeals.decide_appeal(
            appeal, upheld=True, decision="Yes", corrections={"luck": 1}, by=world.coordinator
        )
    assert not Correction.objects.exists()
