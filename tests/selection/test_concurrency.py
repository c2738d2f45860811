"""Two coordinators publishing at once, two applicants withdrawing at once, on PostgreSQL.

Each test starts two threads at a barrier; each thread has its own database connection and
calls a service, as two app servers would. Publishing locks the selection's row and checks
the run number (unique in the database too); a withdrawal takes the same lock before the
application's: so exactly one publication happens, each application changes state once, and
no seat of a place is held twice. SQLite serialises every writing transaction and its
in-memory test database is not shared between threads: PostgreSQL only (CI sets
DATABASE_URL).
"""

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection, connections

from erasmusdesk.applications.models import Application, StateChange
from erasmusdesk.applications.submission import withdraw
from erasmusdesk.calls.defaults import ensure_document_types
from erasmusdesk.calls.models import DocumentType
from erasmusdesk.core import clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.selection import publishing
from erasmusdesk.selection.models import Result, Run
from erasmusdesk.selection.seed import load_default_tables
from tests.factories.selection import World

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="real concurrent connections: PostgreSQL only (set DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]

THREAD_TIMEOUT = 30
REPEATS = 3


@pytest.fixture(autouse=True)
def tables(transactional_db):
    """The rows the migrations create, removed by a transactional test's flush."""
    ensure_document_types(DocumentType)
    load_default_tables()
    FIRST.clear()


def at_once(*actions: Callable[[], object]) -> list[object]:
    """Run each action in its own thread (own connection), all released by one barrier;
    return what each returned or raised."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[object] = [None] * len(actions)

    def run(index: int, action: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=THREAD_TIMEOUT)
            outcomes[index] = action()
        except BaseException as error:  # noqa: BLE001 - the test inspects it
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair, daemon=True) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(THREAD_TIMEOUT)
        assert not thread.is_alive(), "a thread is stuck (a lock never released?)"
    return outcomes


FIRST: list[World] = []


def scored_world(people, slug: str) -> tuple[World, list[Application]]:
    """A call with six scored applications; after the first, calls reuse its partners."""
    world = World.create(people, slug=slug, like=FIRST[0] if FIRST else None)
    if not FIRST:
        FIRST.append(world)
    applications = [world.apply(grade=g) for g in ("3.9", "3.5", "3.1", "2.7", "2.3", "2.0")]
    world.assign()
    world.score_all(7)
    return world, applications


def test_two_coordinators_publishing_at_once_publish_once(people):
    for attempt in range(REPEATS):
        world, applications = scored_world(people, f"icm-race-{attempt}")
        deadline = clock.now() + timedelta(days=7)

        def publish(world=world, deadline=deadline):
            return publishing.publish_results(
                world.selection, by=world.coordinator, expected_run=0, appeal_deadline=deadline
            )

        outcomes = at_once(publish, publish)
        runs = [o for o in outcomes if isinstance(o, Run)]
        refusals = [o for o in outcomes if isinstance(o, DomainError)]
        assert len(runs) == 1 and len(refusals) == 1, outcomes
        assert "meanwhile" in str(refusals[0])
        assert Run.objects.filter(selection=world.selection).count() == 1
        assert Result.objects.filter(run__selection=world.selection).count() == 6
        ids = [a.pk for a in applications]
        moves = StateChange.objects.filter(application_id__in=ids).exclude(from_state="draft")
        assert moves.count() == 6  # each application moved once
        held = list(
            Result.objects.filter(run__selection=world.selection, seat__isnull=False).values_list(
                "place_id", "seat"
            )
        )
        assert len(held) == len(set(held)) == 4


def test_two_selected_applicants_withdrawing_at_once_free_two_seats_for_two_reserves(people):
    for attempt in range(REPEATS):
        world, applications = scored_world(people, f"icm-withdraw-{attempt}")
        publishing.publish_results(
            world.selection,
            by=world.coordinator,
            expected_run=0,
            appeal_deadline=clock.now() + timedelta(days=7),
        )
        first, second = applications[0], applications[1]
        outcomes = at_once(
            lambda first=first: withdraw(first, by=first.applicant),
            lambda second=second: withdraw(second, by=second.applicant),
        )
        assert all(isinstance(o, Application) for o in outcomes), outcomes
        states = dict(
            Application.objects.filter(pk__in=[a.pk for a in applications]).values_list(
                "pk", "state"
            )
        )
        assert [states[a.pk] for a in applications[4:]] == ["offered", "offered"]
        held = list(
            Result.objects.filter(run__selection=world.selection, seat__isnull=False).values_list(
                "place_id", "seat"
            )
        )
        assert len(held) == len(set(held)) == 4


def test_a_withdrawal_during_publication_waits_and_the_result_is_consistent(people):
    for attempt in range(REPEATS):
        world, applications = scored_world(people, f"icm-mixed-{attempt}")
        deadline = clock.now() + timedelta(days=7)
        leaving = applications[0]
        outcomes = at_once(
            lambda world=world, deadline=deadline: publishing.publish_results(
                world.selection, by=world.coordinator, expected_run=0, appeal_deadline=deadline
            ),
            lambda leaving=leaving: withdraw(leaving, by=leaving.applicant),
        )
        assert not any(isinstance(o, BaseException) for o in outcomes), outcomes
        leaving.refresh_from_db()
        assert leaving.state == "withdrawn"
        held = list(
            Result.objects.filter(run__selection=world.selection, seat__isnull=False).values_list(
                "place_id", "seat"
            )
        )
        assert len(held) == len(set(held))
        assert len(held) == 4  # whichever went first, four seats are held or offered
