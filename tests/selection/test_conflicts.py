"""Conflicts of interest the system sees by itself: an evaluator who applies never gets their
own application, nor any other of the call they compete in; their pages are 404, their points
are refused and not counted; the office sees the conflict; a declared conflict stops scoring."""

from decimal import Decimal

import pytest
from django.urls import reverse

from erasmusdesk.core.errors import DomainError
from erasmusdesk.selection import committee, inputs, publishing
from erasmusdesk.selection.models import Assignment


def _points(world, value=7):
    return {c.code: Decimal(value) for c in world.criteria()}


def test_an_evaluator_who_applies_is_never_assigned_their_own_application(world):
    own = world.apply(world.members[0])
    others = [world.apply() for _ in range(3)]
    world.selection.evaluators_per_application = 2
    world.selection.save()
    world.assign()
    assert not Assignment.objects.filter(application=own, evaluator=world.members[0]).exists()
    assert Assignment.objects.filter(application=own).count() == 2
    # A competitor of the call scores none of the others either.
    assert not Assignment.objects.filter(
        application__in=others, evaluator=world.members[0]
    ).exists()


def test_assigning_refuses_when_too_few_members_are_free_of_the_call(world):
    world.apply(world.members[0])
    with pytest.raises(DomainError, match="only 2 members did not apply"):
        world.assign()  # three evaluators per application, one of three applied


def test_an_evaluator_cannot_open_or_score_their_own_application(world, client_as):
    own = world.apply(world.members[0])
    world.selection.evaluators_per_application = 2
    world.selection.save()
    # Assigned before the conflict was known: the row exists, as an old installation had.
    assignment = Assignment.objects.create(
        selection=world.selection, application=own, evaluator=world.members[0]
    )
    client = client_as(world.members[0])
    args = [world.call.slug, own.reference]
    assert client.get(reverse("selection:assignment", args=args)).status_code == 404
    answer = client.post(
        reverse("selection:score", args=args),
        {f"points_{code}": "10" for code in _points(world)},
    )
    assert answer.status_code == 404
    assert not assignment.scores.exists()
    page = client.get(reverse("selection:mine"))
    assert own.reference not in page.content.decode()
    with pytest.raises(DomainError, match="applied to this call yourself"):
        committee.score_application(assignment, points=_points(world, 10), by=world.members[0])


def test_a_member_who_applies_after_assignment_loses_the_call_and_their_points(world, client_as):
    competitor = world.apply()
    world.assign()
    member = world.members[0]
    world.score(competitor, 4, **{member.username: 10})
    criterion = world.criteria()[0]
    before = inputs.load_inputs(world.selection).entries[competitor.reference]
    assert before.scores[criterion.code] == 6
    mine = Assignment.objects.get(application=competitor, evaluator=member)
    world.apply(member)
    answer = client_as(member).get(
        reverse("selection:assignment", args=[world.call.slug, competitor.reference])
    )
    assert answer.status_code == 404
    with pytest.raises(DomainError, match="applied to this call yourself"):
        committee.score_application(mine, points=_points(world, 1), by=member)
    after = inputs.load_inputs(world.selection).entries[competitor.reference]
    assert after.scores[criterion.code] == 4  # the two others' points, not the competitor's


def test_the_office_sees_a_member_who_applied_to_the_call(world, client_as, people):
    own = world.apply(world.members[0])
    page = client_as(people["coordinator"]).get(
        reverse("selection_office:overview", args=[world.call.slug])
    )
    text = page.content.decode()
    assert "Conflicts of interest" in text
    assert own.reference in text
    assert committee.member_conflicts(world.selection)[0].references == [own.reference]


def test_no_scoring_after_declaring_a_conflict(world, client_as):
    application = world.apply()
    world.assign()
    member = world.members[0]
    assignment = Assignment.objects.get(application=application, evaluator=member)
    committee.declare_conflict(assignment, reason="My niece", by=member)
    client = client_as(member)
    args = [world.call.slug, application.reference]
    assert client.get(reverse("selection:assignment", args=args)).status_code == 404
    answer = client.post(
        reverse("selection:score", args=args),
        {f"points_{code}": "10" for code in _points(world)},
    )
    assert answer.status_code == 404
    assignment.refresh_from_db()
    with pytest.raises(DomainError, match="declared a conflict"):
        committee.score_application(assignment, points=_points(world, 10), by=member)
    assert not assignment.scores.exists()
    assert publishing.incomplete_assignments(world.selection) == 2  # the two other members
