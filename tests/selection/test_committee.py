"""The committee: set-up, members, balanced assignments, conflicts of interest, scores
(validation, lock after publication, every change in the audit log)."""

from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest

from erasmusdesk.core import clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.models import AuditEntry
from erasmusdesk.selection import committee, defaults, publishing
from erasmusdesk.selection.models import Assignment, Criterion, Member, Score
from tests.factories import selection as builders


def test_set_up_creates_the_default_criteria_in_three_languages(world):
    criteria = list(Criterion.objects.filter(selection=world.selection))
    assert [c.code for c in criteria] == [row[0] for row in defaults.CRITERIA]
    grade = criteria[0]
    assert (grade.name_en, grade.name_ru, grade.name_kk) == (
        "Grade average",
        "Средний балл",
        "Орташа балл",
    )
    assert grade.weight == Decimal("40") and grade.max_points == Decimal("10")
    assert [c.code for c in criteria if c.is_scored] == ["motivation", "recommendations"]
    with pytest.raises(DomainError, match="already set up"):
        committee.set_up_selection(world.call, by=world.coordinator)


def test_only_evaluators_join_the_committee_once(world, people):
    with pytest.raises(DomainError, match="not an evaluator") as refused:
        committee.add_member(world.selection, people["other_applicant"], by=world.coordinator)
    assert refused.value.field == "user"
    with pytest.raises(DomainError, match="already on the committee"):
        committee.add_member(world.selection, world.members[0], by=world.coordinator)
    assert Member.objects.filter(selection=world.selection).count() == 3


def test_assignment_needs_a_committee_of_three(db, people):
    world = builders.World.create(people, members=2)
    world.apply()
    with pytest.raises(DomainError, match="at least 3 evaluators; it has 2"):
        world.assign()


def test_assignment_refuses_more_evaluators_per_application_than_members(world):
    world.selection.evaluators_per_application = 4
    world.selection.save()
    world.apply()
    with pytest.raises(DomainError, match="only 3"):
        world.assign()


@pytest.mark.parametrize("count", [7, 20])
def test_assignment_is_balanced_and_complete(db, people, count):
    world = builders.World.create(people, members=5)
    world.selection.evaluators_per_application = 2
    world.selection.save()
    for _ in range(count):
        world.apply()
    assert world.assign() == 2 * count
    per_application = Counter(Assignment.objects.values_list("application_id", flat=True))
    assert set(per_application.values()) == {2}
    load = Counter(Assignment.objects.values_list("evaluator_id", flat=True))
    assert max(load.values()) - min(load.values()) <= 1
    assert world.assign() == 0  # nothing left to assign


def test_assignment_skips_applications_not_eligible(world):
    world.apply(state="submitted")
    world.apply(state="ineligible")
    eligible = world.apply()
    world.assign()
    assert set(Assignment.objects.values_list("application_id", flat=True)) == {eligible.pk}


@pytest.mark.parametrize("count", [3, 12])
def test_assignment_queries_do_not_grow_with_applications(
    db, people, count, django_assert_max_num_queries
):
    world = builders.World.create(people)
    for _ in range(count):
        world.apply()
    with django_assert_max_num_queries(12):
        world.assign()


def test_a_conflict_hides_the_application_deletes_the_scores_and_reassigns(db, people):
    world = builders.World.create(people, members=4)
    application = world.apply()
    world.assign()
    conflicted = Assignment.objects.get(application=application, evaluator=world.members[0])
    world.score(application, 8)
    replacement = committee.declare_conflict(
        conflicted, reason="My own thesis student", by=world.members[0]
    )
    conflicted.refresh_from_db()
    assert conflicted.conflict and conflicted.conflict_reason == "My own thesis student"
    assert not Score.objects.filter(assignment=conflicted).exists()
    assert replacement.evaluator == world.members[3]
    entry = AuditEntry.objects.get(action="erasmusdesk.selection.conflict")
    assert entry.data["deleted_scores"] == {"motivation": "8.00", "recommendations": "8.00"}
    with pytest.raises(DomainError, match="declared a conflict"):
        committee.score_application(
            conflicted,
            points={"motivation": Decimal(5), "recommendations": Decimal(5)},
            by=world.members[0],
        )


def test_a_conflict_needs_a_reason_and_only_the_member_declares_it(world):
    application = world.apply()
    world.assign()
    assignment = Assignment.objects.get(application=application, evaluator=world.members[0])
    with pytest.raises(DomainError) as refused:
        committee.declare_conflict(assignment, reason="  ", by=world.members[0])
    assert refused.value.field == "reason"
    with pytest.raises(DomainError, match="Only the evaluator"):
        committee.declare_conflict(assignment, reason="relative", by=world.members[1])


def test_a_conflict_with_every_member_taken_leaves_the_application_short(world):
    application = world.apply()
    world.assign()
    assignment = Assignment.objects.get(application=application, evaluator=world.members[0])
    assert committee.declare_conflict(assignment, reason="relative", by=world.members[0]) is None
    assert Assignment.objects.filter(application=application, conflict=False).count() == 2


def test_scores_are_checked_per_criterion_and_name_the_field(world):
    application = world.apply()
    world.assign()
    assignment = Assignment.objects.get(application=application, evaluator=world.members[0])
    with pytest.raises(DomainError, match="from 0 to 10") as refused:
        committee.score_application(
            assignment,
            points={"motivation": Decimal("10.5"), "recommendations": Decimal(5)},
            by=world.members[0],
        )
    assert refused.value.field == "points_motivation"
    with pytest.raises(DomainError, match="Give the points") as refused:
        committee.score_application(
            assignment, points={"motivation": Decimal(5)}, by=world.members[0]
        )
    assert refused.value.field == "points_recommendations"
    with pytest.raises(DomainError, match="another evaluator"):
        committee.score_application(
            assignment,
            points={"motivation": Decimal(5), "recommendations": Decimal(5)},
            by=world.members[1],
        )
    committee.score_application(
        assignment,
        points={"motivation": Decimal(10), "recommendations": Decimal(0)},
        by=world.members[0],
    )  # both ends of the scale are allowed
    assert not Score.objects.filter(points__gt=10).exists()


def test_every_change_of_a_score_is_logged_with_old_and_new_points(world):
    application = world.apply()
    world.assign()
    assignment = Assignment.objects.get(application=application, evaluator=world.members[0])
    member = world.members[0]
    committee.score_application(
        assignment, points={"motivation": Decimal(6), "recommendations": Decimal(7)}, by=member
    )
    committee.score_application(
        assignment, points={"motivation": Decimal(8), "recommendations": Decimal(7)}, by=member
    )
    committee.score_application(
        assignment, points={"motivation": Decimal(8), "recommendations": Decimal(7)}, by=member
    )
    entries = list(AuditEntry.objects.filter(action="erasmusdesk.selection.scored").order_by("pk"))
    assert [entry.data["changes"] for entry in entries] == [
        {"motivation": [None, "6.00"], "recommendations": [None, "7.00"]},
        {"motivation": ["6.00", "8.00"]},
    ]
    assert all(entry.actor == member for entry in entries)


def test_scores_are_locked_once_the_results_are_published(world):
    application = world.apply()
    world.assign()
    world.score_all(7)
    publishing.publish_results(
        world.selection,
        by=world.coordinator,
        expected_run=0,
        appeal_deadline=clock.now() + timedelta(days=7),
    )
    assignment = Assignment.objects.get(application=application, evaluator=world.members[0])
    with pytest.raises(DomainError, match="locked"):
        committee.score_application(
            assignment,
            points={"motivation": Decimal(1), "recommendations": Decimal(1)},
            by=world.members[0],
        )
    with pytest.raises(DomainError, match="locked"):
        committee.declare_conflict(assignment, reason="relative", by=world.members[0])
    with pytest.raises(DomainError, match="locked"):
        world.assign()
    assert set(Score.objects.values_list("points", flat=True)) == {Decimal("7.00")}


def test_progress_counts_each_members_work(world):
    first, second = world.apply(), world.apply()
    world.assign()
    world.score(first, 7)
    assignment = Assignment.objects.get(application=second, evaluator=world.members[2])
    committee.declare_conflict(assignment, reason="relative", by=world.members[2])
    rows = committee.progress(world.selection)
    assert [(r.assigned, r.scored, r.conflicts) for r in rows] == [
        (2, 1, 0),
        (2, 1, 0),
        (1, 1, 1),
    ]
    assert [r.percent for r in rows] == [50, 50, 100]
