"""Previewing, publishing and re-running a call's results, from the database."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import TestCase

from erasmusdesk.applications.models import Application, StateChange
from erasmusdesk.core import clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.models import AuditEntry
from erasmusdesk.selection import appeals, publishing
from erasmusdesk.selection.inputs import inputs_from_run
from erasmusdesk.selection.models import Criterion, Outcome, PartnerRule, Result, Run
from erasmusdesk.selection.outcomes import compute
from tests.factories.selection import World


def publish(world, *, expected_run=0, places=None, days=7):
    """Publish, running the mails queued for after the commit (tests run in a transaction)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return publishing.publish_results(
            world.selection,
            by=world.coordinator,
            expected_run=expected_run,
            appeal_deadline=clock.now() + timedelta(days=days),
            places=places,
        )


def five(world, **extra):
    """Five applicants ranked by grade (3.9 best), all wanting place 0 then place 1."""
    applications = [
        world.apply(grade=grade, **extra) for grade in ("3.9", "3.5", "3.1", "2.7", "2.3")
    ]
    world.assign()
    world.score_all(7)
    return applications


def states(applications):
    found = dict(
        Application.objects.filter(pk__in=[a.pk for a in applications]).values_list("pk", "state")
    )
    return [found[a.pk] for a in applications]


def test_publishing_gives_each_application_its_result_and_state(world):
    applications = five(world)
    run = publish(world)
    assert states(applications) == ["selected", "selected", "selected", "selected", "reserve"]
    results = {r.application_id: r for r in Result.objects.filter(run=run)}
    first, *_, last = applications
    assert results[first.pk].position == 1 and results[first.pk].place_id == world.places[0].pk
    assert results[applications[2].pk].place_id == world.places[1].pk
    assert results[applications[2].pk].preference == 2
    assert results[last.pk].outcome == Outcome.RESERVE and results[last.pk].reserve_position == 1
    assert sorted((r.place_id, r.seat) for r in results.values() if r.seat) == [
        (world.places[0].pk, 1),
        (world.places[0].pk, 2),
        (world.places[1].pk, 1),
        (world.places[1].pk, 2),
    ]
    world.selection.refresh_from_db()
    assert world.selection.run == 1 and world.selection.published_at == clock.now()
    change = StateChange.objects.get(application=first, to_state="selected")
    assert (change.from_state, change.by) == ("eligible", world.coordinator)
    entry = AuditEntry.objects.get(action="erasmusdesk.selection.published")
    assert (entry.data["selected"], entry.data["reserve"], entry.data["not_selected"]) == (4, 1, 0)
    assert AuditEntry.objects.filter(action="erasmusdesk.selection.result").count() == 5


def test_publishing_mails_each_applicant_in_their_language(world):
    applications = five(world)
    Application.objects.filter(pk=applications[4].pk).update(language="ru")
    publish(world)
    assert len(mail.outbox) == 5
    by_address = {message.to[0]: message for message in mail.outbox}
    selected = by_address[applications[0].applicant.email]
    assert selected.subject == f"Application {applications[0].reference}: you are selected"
    assert "Uniwersytet Testowy" in selected.body
    assert f"/en/applications/{applications[0].reference}/result/" in selected.body
    reserve = by_address[applications[4].applicant.email]
    assert f"/ru/applications/{applications[4].reference}/result/" in reserve.body


def test_publishing_waits_for_every_assignment_to_be_scored(world):
    applications = [world.apply(), world.apply()]
    world.assign()
    world.score(applications[0], 7)
    with pytest.raises(DomainError, match="3 assignments are not scored yet"):
        publish(world)
    assert states(applications) == ["eligible", "eligible"]
    assert not Run.objects.exists()


def test_a_second_coordinator_publishing_the_same_run_is_refused(world):
    five(world)
    publish(world)
    with pytest.raises(DomainError, match="meanwhile"):
        publish(world, expected_run=0)
    assert Run.objects.count() == 1
    assert Result.objects.count() == 5
    assert len(mail.outbox) == 5


def test_the_appeal_deadline_must_be_after_now(world):
    five(world)
    with pytest.raises(DomainError) as refused:
        publishing.publish_results(
            world.selection, by=world.coordinator, expected_run=0, appeal_deadline=clock.now()
        )
    assert refused.value.field == "appeal_deadline"
    publishing.publish_results(
        world.selection,
        by=world.coordinator,
        expected_run=0,
        appeal_deadline=clock.now() + timedelta(seconds=1),
    )


def test_not_selected_when_no_chosen_place_can_take_the_applicant(world):
    first, second = world.places
    PartnerRule.objects.create(selection=world.selection, agreement=second.agreement, min_cefr="C1")
    strong = world.apply(grade="3.9", choices=(0,))
    weak_language = world.apply(grade="3.8", ielts="6.0", choices=(1,))  # B2 < C1
    world.selection.min_total = Decimal("60")
    world.selection.save()
    low = world.apply(grade="1.0", ielts=None, choices=(0,))
    world.assign()
    world.score_all(7)
    world.score(low, 2)
    run = publish(world)
    results = {r.application_id: r for r in Result.objects.filter(run=run)}
    assert results[strong.pk].outcome == Outcome.SELECTED
    assert results[weak_language.pk].outcome == Outcome.NOT_SELECTED
    assert results[weak_language.pk].refusals[0]["reason"] == "not_acceptable"
    assert results[weak_language.pk].refusals[0]["unmet"] == ["min_cefr"]
    assert results[low.pk].outcome == Outcome.NOT_SELECTED
    assert "below_minimum" in results[low.pk].flags
    assert states([strong, weak_language, low]) == ["selected", "not_selected", "not_selected"]


def test_a_partner_with_its_own_weights_ranks_by_them(world):
    first, _second = world.places
    PartnerRule.objects.create(
        selection=world.selection,
        agreement=first.agreement,
        weights={"grade": 0, "motivation": 0, "recommendations": 0},
    )
    higher_total = world.apply(grade="4.0", ielts="5.5", choices=(0,))
    better_language = [world.apply(grade="2.0", ielts="8.5", choices=(0,)) for _ in range(2)]
    world.assign()
    world.score_all(7)
    run = publish(world)
    results = {r.application_id: r for r in Result.objects.filter(run=run)}
    assert results[higher_total.pk].position == 1
    assert results[higher_total.pk].outcome == Outcome.RESERVE
    assert [results[a.pk].outcome for a in better_language] == [Outcome.SELECTED] * 2
    refusal = results[higher_total.pk].refusals[0]
    assert (refusal["admitted_ranks"], refusal["own_rank"]) == ([1, 2], 3)


def test_the_preview_changes_nothing_and_answers_what_if(world):
    applications = five(world)
    base = publishing.preview(world.selection)
    assert [row.outcome for row in base.rows] == ["selected"] * 4 + ["reserve"]
    what_if = publishing.preview(world.selection, places={world.places[1].pk: 3})
    assert [row.outcome for row in what_if.rows] == ["selected"] * 5
    assert publishing.preview(world.selection).rows == base.rows  # deterministic
    assert states(applications) == ["eligible"] * 5
    assert not Run.objects.exists() and not mail.outbox


def test_publishing_with_what_if_places_records_them(world):
    applications = five(world)
    run = publish(world, places={world.places[1].pk: 3})
    assert run.inputs["places"] == {str(world.places[0].pk): 2, str(world.places[1].pk): 3}
    assert states(applications) == ["selected"] * 5


def test_a_published_run_is_reproducible_from_its_snapshot(world):
    applications = five(world)
    world.apply(grade="3.0", choices=(1, 0))
    world.assign()
    world.score(world.applications[-1], 9)
    run = publish(world)
    # Whatever changes afterwards (weights edited, scores deleted), the run computes the same.
    Criterion.objects.filter(selection=world.selection).update(weight=1)
    again = compute(inputs_from_run(run))
    stored = list(Result.objects.filter(run=run).order_by("position"))
    assert [
        (row.reference, row.outcome, row.place_id, row.seat, row.total) for row in again.rows
    ] == [(r.application.reference, r.outcome, r.place_id, r.seat, r.total) for r in stored]
    assert len(stored) == len(applications) + 1


def test_a_rerun_after_an_upheld_appeal_shows_and_publishes_what_changed(world):
    applications = five(world)
    run = publish(world)
    mail.outbox.clear()
    last = applications[4]
    appeal = appeals.file_appeal(last, text="My letters were not read.", by=last.applicant)
    with pytest.raises(DomainError, match="Decide the 1 appeal waiting first"):
        publish(world, expected_run=1)
    appeals.decide_appeal(
        appeal,
        upheld=True,
        decision="The letters were missed; corrected.",
        corrections={"motivation": "10", "recommendations": "10"},
        by=world.coordinator,
    )
    computation = publishing.preview(world.selection)
    found = publishing.changes(world.selection, computation)
    changed = {change.reference: change for change in found}
    assert changed[last.reference].before.outcome == Outcome.RESERVE
    assert changed[last.reference].after.outcome == Outcome.SELECTED
    assert changed[applications[3].reference].after.outcome == Outcome.RESERVE
    mail.outbox.clear()
    second = publish(world, expected_run=1)
    assert second.number == 2
    assert states(applications) == ["selected", "selected", "selected", "reserve", "selected"]
    told = sorted(message.to[0] for message in mail.outbox)
    assert told == sorted(a.applicant.email for a in applications if a.reference in changed)
    assert Result.objects.filter(run=run).count() == 5  # the first run is kept


@pytest.mark.parametrize("count", [4, 12])
def test_each_phase_takes_a_constant_number_of_queries(
    db, people, count, django_assert_max_num_queries
):
    world = World.create(people)
    for index in range(count):
        world.apply(grade=f"{2 + index / 10:.2f}")
    world.assign()
    world.score_all(7)
    with django_assert_max_num_queries(14):
        publishing.preview(world.selection)
    # (4 of them make the result mails once-only: core.tasks.deliver)
    with django_assert_max_num_queries(34):
        publish(world)
