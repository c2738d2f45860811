"""The pre-departure checklist: the call's steps (data), ticked by the participant."""

import pytest
from django.urls import reverse

from erasmusdesk.core.errors import DomainError
from erasmusdesk.mobility import checklist
from erasmusdesk.mobility.models import DepartureTick
from tests.factories import mobility as builders


@pytest.fixture
def mobility(db, people):
    return builders.moved_to(builders.selected_mobility(people["owner"]), "accepted")


def test_every_step_applies_without_a_checklist_of_the_call(mobility):
    assert [step for step, _label, _done in checklist.status(mobility)] == [
        "visa",
        "insurance",
        "accommodation",
        "language",
        "grant",
    ]


def test_the_calls_checklist_decides_and_the_participant_ticks(mobility, people, client_as):
    checklist.set_steps(mobility.application.call, ["insurance", "visa"], by=None)
    with pytest.raises(DomainError):
        checklist.tick(mobility, "language", by=None)
    client = client_as(people["owner"])
    client.post(reverse("mobility:tick", args=[mobility.omobility_id]), {"step": "visa"})
    client.post(reverse("mobility:tick", args=[mobility.omobility_id]), {"step": "visa"})
    assert DepartureTick.objects.filter(mobility=mobility).count() == 1
    page = client.get(mobility.get_absolute_url()).content.decode()
    assert "Visa obtained (done)" in page and "Insurance taken out" in page
    other = client_as(people["other_applicant"]).post(
        reverse("mobility:tick", args=[mobility.omobility_id]), {"step": "insurance"}
    )
    assert other.status_code == 404
