"""Two people acting on one mobility at once, on real concurrent connections (PostgreSQL):
two approvals for the same party leave one; the host's answer and a cancellation never
both apply."""

import threading

import pytest
from django.db import connection, connections

from erasmusdesk.calls.defaults import ensure_document_types
from erasmusdesk.calls.models import DocumentType
from erasmusdesk.core.errors import DomainError
from erasmusdesk.mobility import learning, services
from erasmusdesk.mobility.models import Mobility, Signature
from tests.factories import mobility as builders

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="real concurrent connections: PostgreSQL only (set DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def document_types(transactional_db):
    ensure_document_types(DocumentType)


def at_once(*actions) -> list[object]:
    """Each action in its own thread and connection, released together; what each returned
    or raised."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[object] = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait(timeout=30)
            outcomes[index] = action()
        except BaseException as error:  # noqa: BLE001 - the test inspects it
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(i, a), daemon=True) for i, a in enumerate(actions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def test_two_coordinators_approving_at_once_leave_one_approval(people):
    mobility = builders.selected_mobility(people["owner"])
    agreement = builders.learning_agreement(mobility)
    learning.submit(agreement, by=None, digest=learning.content_digest(agreement))
    digest = learning.content_digest(agreement)

    def approve(name):
        return lambda: learning.sign(
            agreement,
            party="sending",
            approve=True,
            signer_name=name,
            signer_email="c@example.org",
            by=None,
            digest=digest,
        )

    outcomes = at_once(approve("First"), approve("Second"))
    assert [type(o) for o in outcomes].count(DomainError) == 1
    assert Signature.objects.filter(party="sending").count() == 1


def test_the_hosts_answer_and_a_cancellation_at_once(people):
    mobility = builders.selected_mobility(people["owner"])
    outcomes = at_once(
        lambda: services.answer_nomination(mobility, accept=True, by=None),
        lambda: services.cancel_mobility(mobility, by=None, reason="Visa refused"),
    )
    assert [
        o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, DomainError)
    ] == []
    final = Mobility.objects.get(pk=mobility.pk)
    assert final.state in ("cancelled", "accepted")
    rows = list(final.history.values_list("from_state", "to_state"))
    # A chain: each move starts where the previous one ended.
    assert all(rows[i][1] == rows[i + 1][0] for i in range(len(rows) - 1))
