"""A place freed by a withdrawal goes to the next reserve; offers accepted or declined."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import TestCase

from erasmusdesk.applications.models import Application, StateChange
from erasmusdesk.applications.submission import withdraw
from erasmusdesk.core import clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.selection import offers, publishing
from erasmusdesk.selection.models import Result


def published(world, grades=("3.9", "3.5", "3.1", "2.7", "2.3", "2.0"), **extra):
    applications = [world.apply(grade=grade, **extra) for grade in grades]
    world.assign()
    world.score_all(7)
    with TestCase.captureOnCommitCallbacks(execute=True):
        publishing.publish_results(
            world.selection,
            by=world.coordinator,
            expected_run=0,
            appeal_deadline=clock.now() + timedelta(days=7),
        )
    mail.outbox.clear()
    return applications


def state(application) -> str:
    return Application.objects.get(pk=application.pk).state


def result(application) -> Result:
    return Result.objects.get(application=application)


def test_a_selected_applicant_withdraws_and_the_first_reserve_is_offered_the_seat(world):
    applications = published(world)
    held = result(applications[0])
    with TestCase.captureOnCommitCallbacks(execute=True):
        withdraw(applications[0], by=applications[0].applicant)
    assert state(applications[0]) == "withdrawn"
    assert result(applications[0]).seat is None
    offered = result(applications[4])
    assert state(applications[4]) == "offered"
    assert (offered.place_id, offered.seat) == (held.place_id, held.seat)
    assert offered.offered_at == clock.now()
    assert state(applications[5]) == "reserve"
    change = StateChange.objects.get(application=applications[4], to_state="offered")
    assert "became free" in change.reason and change.by is None
    (message,) = mail.outbox
    assert message.to == [applications[4].applicant.email]
    assert message.subject == f"Application {applications[4].reference}: a place is offered to you"


def test_offers_follow_the_partner_and_skip_reserves_who_did_not_choose_it(db, people):
    from tests.factories.selection import World

    world = World.create(people)
    top = [world.apply(grade=g, choices=(0,)) for g in ("3.9", "3.8")]
    second_place = [world.apply(grade=g, choices=(1,)) for g in ("3.7", "3.6")]
    reserve_other = world.apply(grade="3.5", choices=(1,))  # wants only place 1
    reserve_first = world.apply(grade="3.4", choices=(0, 1))
    world.assign()
    world.score_all(7)
    publishing.publish_results(
        world.selection,
        by=world.coordinator,
        expected_run=0,
        appeal_deadline=clock.now() + timedelta(days=7),
    )
    assert [state(a) for a in top + second_place] == ["selected"] * 4
    withdraw(top[0], by=top[0].applicant)  # a seat of place 0 frees
    assert state(reserve_other) == "reserve"
    assert state(reserve_first) == "offered"
    assert result(reserve_first).place_id == world.places[0].pk


def test_an_accepted_offer_selects_the_applicant(world):
    applications = published(world)
    withdraw(applications[1], by=applications[1].applicant)
    offers.accept_offer(applications[4], by=applications[4].applicant)
    assert state(applications[4]) == "selected"
    with pytest.raises(DomainError, match="No place is on offer"):
        offers.accept_offer(applications[4], by=applications[4].applicant)


def test_a_declined_offer_goes_to_the_next_reserve(world):
    applications = published(world)
    withdraw(applications[1], by=applications[1].applicant)
    seat = (result(applications[4]).place_id, result(applications[4]).seat)
    offers.decline_offer(applications[4], by=applications[4].applicant)
    assert state(applications[4]) == "reserve"
    assert result(applications[4]).seat is None
    assert result(applications[4]).declined == [seat[0]]
    assert state(applications[5]) == "offered"
    assert (result(applications[5]).place_id, result(applications[5]).seat) == seat


def test_withdrawing_an_offer_passes_it_on(world):
    applications = published(world)
    withdraw(applications[0], by=applications[0].applicant)
    withdraw(applications[4], by=applications[4].applicant)
    assert state(applications[5]) == "offered"


def test_a_reserve_withdrawing_frees_nothing(world):
    applications = published(world)
    withdraw(applications[4], by=applications[4].applicant)
    assert [state(a) for a in applications] == ["selected"] * 4 + ["withdrawn", "reserve"]


def test_nobody_left_on_the_reserve_list_leaves_the_seat_free(world):
    applications = published(world, grades=("3.9", "3.5", "3.1"))
    withdraw(applications[0], by=applications[0].applicant)
    assert not Result.objects.filter(seat__isnull=False, application=applications[0]).exists()
    assert Application.objects.filter(state="offered").count() == 0


def test_no_seat_is_ever_held_twice(world):
    applications = published(world)
    withdraw(applications[0], by=applications[0].applicant)
    withdraw(applications[1], by=applications[1].applicant)
    held = list(Result.objects.filter(seat__isnull=False).values_list("place_id", "seat"))
    assert len(held) == len(set(held)) == 4
    assert [state(a) for a in applications[4:]] == ["offered", "offered"]
