"""The selection's signals create and cancel mobilities; the applications' signal frees a
withdrawn applicant's place (no import of the selection in the applications)."""

from datetime import timedelta
from pathlib import Path

from django.core import mail
from django.test import TestCase

from erasmusdesk.applications.models import Application
from erasmusdesk.applications.submission import withdraw
from erasmusdesk.core import clock
from erasmusdesk.mobility import services
from erasmusdesk.mobility.models import Mobility
from erasmusdesk.selection import offers, publishing
from erasmusdesk.selection.models import Result
from tests.factories import mobility as mobility_builders
from tests.factories.selection import World


def _published(people, grades=("3.9", "3.5", "3.1", "2.7", "2.3", "2.0")):
    mobility_builders.home()
    world = World.create(people)
    applications = [world.apply(grade=grade) for grade in grades]
    world.assign()
    world.score_all(7)
    with TestCase.captureOnCommitCallbacks(execute=True):
        publishing.publish_results(
            world.selection,
            by=world.coordinator,
            expected_run=0,
            appeal_deadline=clock.now() + timedelta(days=7),
        )
    return world, applications


def test_the_applications_app_no_longer_imports_the_selection():
    source = Path(__file__).parents[2] / "src/erasmusdesk/applications"
    importing = [
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if "erasmusdesk.selection" in path.read_text()
    ]
    assert importing == []


def test_publishing_creates_one_nominated_mobility_per_selected_applicant(db, people):
    world, applications = _published(people)
    selected = Application.objects.filter(call=world.call, state="selected")
    mobilities = Mobility.objects.filter(application__in=selected)
    assert mobilities.count() == selected.count() == 4
    mobility = mobilities.select_related("place__agreement__partner").first()
    result = Result.objects.get(application=mobility.application)
    assert mobility.state == "nominated"
    assert mobility.place_id == result.place_id
    assert mobility.receiving_hei_id == result.place.agreement.partner_id
    assert mobility.sending_hei.is_home
    assert mobility.isced_f_code == "0311"
    assert mobility.eqf_level_studied_at_departure == "6"
    assert mobility.receiving_academic_year_id == world.call.academic_year_label
    assert [(row.from_state, row.to_state) for row in mobility.history.all()] == [("", "nominated")]
    # The reserves and the not selected have none.
    assert not Mobility.objects.exclude(application__in=selected).exists()


def test_publishing_without_a_home_institution_creates_no_mobility(db, people):
    world = World.create(people)
    for grade in ("3.9", "3.5"):
        world.apply(grade=grade)
    world.assign()
    world.score_all(7)
    publishing.publish_results(
        world.selection,
        by=world.coordinator,
        expected_run=0,
        appeal_deadline=clock.now() + timedelta(days=7),
    )
    assert Application.objects.filter(state="selected").count() == 2
    assert Mobility.objects.count() == 0


def test_a_withdrawal_cancels_the_mobility_and_the_reserve_who_accepts_gets_one(db, people):
    world, applications = _published(people)
    first = Application.objects.filter(call=world.call, state="selected").first()
    first_mobility = Mobility.objects.get(application=first)
    withdraw(first, by=first.applicant, reason="Family reasons")
    first_mobility.refresh_from_db()
    assert first_mobility.state == "cancelled"
    assert first_mobility.history.last().reason == "The applicant withdrew the application."
    offered = Application.objects.get(call=world.call, state="offered")
    assert not Mobility.objects.filter(application=offered).exists()
    offers.accept_offer(offered, by=offered.applicant)
    created = Mobility.objects.get(application=offered)
    assert created.state == "nominated"
    assert created.place_id == Result.objects.get(application=offered).place_id


def test_cancelling_a_mobility_frees_its_seat_for_the_next_reserve(db, people):
    world, applications = _published(people)
    mobility = Mobility.objects.filter(application__call=world.call).first()
    seat_place = Result.objects.get(application=mobility.application).place_id
    mail.outbox.clear()
    services.cancel_mobility(mobility, by=people["coordinator"], reason="Visa refused")
    mobility.refresh_from_db()
    assert mobility.state == "cancelled"
    assert Application.objects.get(pk=mobility.application_id).state == "withdrawn"
    offered = Application.objects.get(call=world.call, state="offered")
    assert Result.objects.get(application=offered).place_id == seat_place


def test_publishing_takes_a_constant_number_of_queries_with_mobilities(
    db, people, django_assert_max_num_queries
):
    mobility_builders.home()
    world = World.create(people)
    for index in range(12):
        world.apply(grade=f"{2 + index / 10:.2f}")
    world.assign()
    world.score_all(7)
    with django_assert_max_num_queries(40):
        publishing.publish_results(
            world.selection,
            by=world.coordinator,
            expected_run=0,
            appeal_deadline=clock.now() + timedelta(days=7),
        )
    assert Mobility.objects.count() == 4
