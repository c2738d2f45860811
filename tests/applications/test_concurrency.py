"""Two people acting on the same application at the same moment, on PostgreSQL.

Each test starts two (or more) threads at a barrier; every thread has its own database
connection and calls a service function, as two gunicorn workers serving two coordinators
(or two tabs of one applicant) would. The services lock the application's row
(``transitions.lock``), so the actions are serialised: exactly one state-change row per
effective move, the history stays a chain (each row starts where the previous one ended, the
last one ends in the application's state), and the loser gets a DomainError or changes
nothing. Nothing here is mocked: the interleaving is whatever the database gives, so a test
that involves a narrow window repeats the race a few times.

SQLite serialises every writing transaction anyway (``transaction_mode`` IMMEDIATE), and its
in-memory test database is not shared between threads: these tests run on PostgreSQL only
(CI runs the suite again with ``DATABASE_URL=postgres://...``).
"""

import threading
import time
from collections.abc import Callable

import pytest
from django.core import mail
from django.db import connection, connections

from erasmusdesk.applications.decisions import decide_eligibility, return_for_completion
from erasmusdesk.applications.drafting import Draft, StaleDraft, save_draft, start_application
from erasmusdesk.applications.filing import remove_document, review_document, upload_document
from erasmusdesk.applications.models import Application, Document, StateChange
from erasmusdesk.applications.submission import submit, withdraw
from erasmusdesk.applications.uploads import document_storage, sha256_of_stored
from erasmusdesk.calls.defaults import ensure_document_types
from erasmusdesk.calls.models import DocumentType
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.models import AuditEntry
from tests.factories import applications as builders
from tests.factories import samples

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="real concurrent connections: PostgreSQL only (set DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]

THREAD_TIMEOUT = 30
REPEATS = 8  # for the races whose window is a few milliseconds wide


@pytest.fixture(autouse=True)
def document_types(transactional_db):
    """The document types the migrations create: a transactional test's flush removes
    them, so the next test of this module creates them again."""
    ensure_document_types(DocumentType)


def at_once(*actions: Callable[[], object], delays: tuple[float, ...] = ()) -> list[object]:
    """Run each action in its own thread, all released by one barrier; return what each
    returned or raised (the exception object), in the order given. ``delays`` (seconds,
    per action) hold an action back after the barrier, to sweep the interleavings.

    Each thread uses its own database connection and closes it at the end (a connection
    left open would keep the test database from being flushed or dropped).
    """
    barrier = threading.Barrier(len(actions))
    outcomes: list[object] = [None] * len(actions)

    def run(index: int, action: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=THREAD_TIMEOUT)
            if index < len(delays) and delays[index]:
                time.sleep(delays[index])
            outcomes[index] = action()
        except BaseException as error:  # noqa: BLE001 - the test inspects it
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, action), daemon=True)
        for index, action in enumerate(actions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(THREAD_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a thread is still waiting"
    return outcomes


def refused(outcomes: list[object]) -> list[DomainError]:
    return [o for o in outcomes if isinstance(o, DomainError)]


def unexpected(outcomes: list[object]) -> list[BaseException]:
    """Exceptions other than a rule's refusal (a deadlock, an integrity error, a 500)."""
    return [o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, DomainError)]


def history(application: Application) -> list[tuple[str, str]]:
    return [
        (change.from_state, change.to_state)
        for change in StateChange.objects.filter(application=application).order_by("at", "pk")
    ]


def assert_history_is_a_chain(application: Application, start: str) -> None:
    """Every move starts where the previous one ended; the last ends in the state shown."""
    application.refresh_from_db()
    state = start
    for from_state, to_state in history(application):
        assert from_state == state
        state = to_state
    assert application.state == state


def type_id(code: str) -> int:
    return DocumentType.objects.get(code=code).pk


def pdf(label: str) -> bytes:
    return samples.pdf_bytes(text=f"Erasmus Desk concurrency test: {label}")


def upload(application, code: str, data: bytes, **kwargs) -> Document:
    return upload_document(
        application,
        type_id(code),
        samples.uploaded(f"{code}.pdf", data),
        by=application.applicant,
        **kwargs,
    )


def stored_names() -> set[str]:
    """Every file under the documents' folder of the storage (walked recursively)."""
    storage = document_storage()
    names: set[str] = set()

    def walk(folder: str) -> None:
        folders, files = storage.listdir(folder)
        names.update(f"{folder}/{name}" if folder else name for name in files)
        for sub in folders:
            walk(f"{folder}/{sub}" if folder else sub)

    if storage.exists(""):
        walk("")
    return names


@pytest.fixture
def applicant(people):
    builders.complete_profile(people["owner"])
    return people["owner"]


@pytest.fixture
def second_coordinator(people):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        "coordinator_two", email="coordinator_two@example.org", is_staff=True
    )
    user.groups.set(people["coordinator"].groups.all())
    return user


def submitted(applicant, call) -> Application:
    return builders.application(applicant, call, state="submitted")


# --- the applicant's two tabs -----------------------------------------------------------------


def test_two_tabs_starting_the_same_application_get_one_draft(applicant, call):
    outcomes = at_once(
        lambda: start_application(call, by=applicant, category="bachelor"),
        lambda: start_application(call, by=applicant, category="bachelor"),
    )

    assert unexpected(outcomes) == []
    assert outcomes[0].pk == outcomes[1].pk
    assert Application.objects.filter(applicant=applicant, call=call).count() == 1
    assert AuditEntry.objects.filter(action="erasmusdesk.application.started").count() == 1
    assert outcomes[0].reference == Application.objects.get().reference != ""


def test_two_applicants_starting_at_once_get_their_own_drafts(people, call):
    builders.complete_profile(people["owner"])
    builders.complete_profile(people["other_applicant"])

    outcomes = at_once(
        lambda: start_application(call, by=people["owner"], category="bachelor"),
        lambda: start_application(call, by=people["other_applicant"], category="bachelor"),
    )

    assert unexpected(outcomes) == []
    assert {o.applicant_id for o in outcomes} == {people["owner"].pk, people["other_applicant"].pk}
    assert len({o.reference for o in outcomes}) == 2


def test_two_tabs_submitting_at_once_submit_once(applicant, call):
    application = builders.application(applicant, call)

    outcomes = at_once(
        lambda: submit(application, by=applicant), lambda: submit(application, by=applicant)
    )

    assert unexpected(outcomes) == [] and refused(outcomes) == []
    assert history(application) == [("draft", "submitted")]
    assert_history_is_a_chain(application, "draft")
    receipts = [m for m in mail.outbox if m.attachments]
    assert len(receipts) == 1


def test_two_tabs_saving_the_same_version_one_save_wins(applicant, call):
    application = start_application(call, by=applicant, category="bachelor")
    first, second = builders.places(call)

    def save(motivation: str, place) -> Application:
        draft = Draft(subject_area="0311", motivation=motivation, place_ids=(place.pk,))
        return save_draft(application, draft, by=applicant, version=0)

    outcomes = at_once(lambda: save("A" * 400, first), lambda: save("B" * 400, second))

    assert unexpected(outcomes) == []
    assert [type(o) for o in refused(outcomes)] == [StaleDraft]
    application.refresh_from_db()
    saved = next(o for o in outcomes if isinstance(o, Application))
    assert (application.version, application.motivation) == (1, saved.motivation)
    assert application.preferences.count() == 1
    assert AuditEntry.objects.filter(action="erasmusdesk.application.saved").count() == 1


def test_removing_a_file_while_submitting_never_submits_an_incomplete_application(applicant, call):
    for _round in range(REPEATS):
        application = builders.application(applicant, call)
        letter = application.documents.get(document_type__code="recommendation_letter", slot=2)

        outcomes = at_once(
            lambda app=application: submit(app, by=applicant),
            lambda doc=letter: remove_document(doc, by=applicant),
        )

        assert unexpected(outcomes) == []
        assert len(refused(outcomes)) == 1
        application.refresh_from_db()
        if application.state == "submitted":  # the submission came first: the file stays
            assert application.documents.filter(pk=letter.pk).exists()
            assert history(application) == [("draft", "submitted")]
        else:  # the removal came first: the submission was refused as incomplete
            assert not application.documents.filter(pk=letter.pk).exists()
            assert history(application) == []
        withdraw(application, by=applicant)  # make room for the next round's application


# --- uploads ----------------------------------------------------------------------------------


def test_two_uploads_into_the_last_free_slot_store_one_file(applicant, call):
    application = start_application(call, by=applicant, category="bachelor")
    upload(application, "recommendation_letter", pdf("letter one"))
    second, third = pdf("letter two"), pdf("letter three")

    outcomes = at_once(
        lambda: upload(application, "recommendation_letter", second),
        lambda: upload(application, "recommendation_letter", third),
    )

    assert unexpected(outcomes) == []
    assert len(refused(outcomes)) == 1
    assert "All 2 files of “Letter of recommendation” are uploaded" in refused(outcomes)[0].message
    letters = list(application.documents.filter(document_type__code="recommendation_letter"))
    assert [d.slot for d in letters] == [1, 2]
    # The refused file was deleted from the storage: no orphan, and the kept ones are intact.
    assert stored_names() == {d.file.name for d in letters}
    for document in letters:
        assert sha256_of_stored(document.file.name) == document.sha256


def test_two_letters_uploaded_at_once_take_both_slots(applicant, call):
    application = start_application(call, by=applicant, category="bachelor")
    first, second = pdf("letter one"), pdf("letter two")

    outcomes = at_once(
        lambda: upload(application, "recommendation_letter", first),
        lambda: upload(application, "recommendation_letter", second),
    )

    assert unexpected(outcomes) == [] and refused(outcomes) == []
    letters = list(application.documents.filter(document_type__code="recommendation_letter"))
    assert sorted(d.slot for d in letters) == [1, 2]
    assert stored_names() == {d.file.name for d in letters}


def test_two_windows_replacing_the_same_file_keep_one_replacement(applicant, call):
    application = start_application(call, by=applicant, category="bachelor")
    old = upload(application, "transcript", pdf("old transcript"))
    one, two = pdf("new transcript one"), pdf("new transcript two")

    outcomes = at_once(
        lambda: upload(application, "transcript", one, replaces=old.pk),
        lambda: upload(application, "transcript", two, replaces=old.pk),
    )

    assert unexpected(outcomes) == []
    [refusal] = refused(outcomes)
    assert refusal.message == "The file to replace is no longer there; upload it again."
    [kept] = application.documents.filter(document_type__code="transcript")
    assert kept.slot == 1 and kept.pk != old.pk
    assert stored_names() == {kept.file.name}


def test_the_last_file_uploaded_while_submitting_is_kept_only_if_accepted(applicant, call):
    """Either the upload comes first (then the submission finds the application complete) or
    the submission does (refused as incomplete; the file is then stored in the draft). In no
    order is a file stored that no document row names, nor an incomplete application
    submitted."""
    for round_ in range(REPEATS):
        application = builders.application(applicant, call)
        application.documents.get(document_type__code="transcript").delete()
        data = pdf(f"transcript {round_}")

        outcomes = at_once(
            lambda app=application: submit(app, by=applicant),
            lambda app=application, new=data: upload(app, "transcript", new),
            delays=(round_ * 0.003, 0),  # the submission 0, 3, 6 ... ms after the upload
        )

        assert unexpected(outcomes) == []
        application.refresh_from_db()
        assert application.documents.filter(document_type__code="transcript").count() == 1
        if application.state == "submitted":
            assert refused(outcomes) == []
        else:
            [refusal] = refused(outcomes)
            assert refusal.message.startswith("The application is not complete yet")
        # Files the builder stored are under applications/test/; uploads get random names.
        uploaded = Document.objects.exclude(file__startswith="applications/test/")
        assert {n for n in stored_names() if not n.startswith("applications/test/")} == set(
            uploaded.values_list("file", flat=True)
        )
        Application.objects.filter(pk=application.pk).update(state="withdrawn")


# --- the office -------------------------------------------------------------------------------


def test_two_coordinators_marking_eligible_at_once_make_one_change(
    people, applicant, call, second_coordinator
):
    application = submitted(applicant, call)

    outcomes = at_once(
        lambda: decide_eligibility(application, eligible=True, by=people["coordinator"]),
        lambda: decide_eligibility(application, eligible=True, by=second_coordinator),
    )

    assert unexpected(outcomes) == [] and refused(outcomes) == []
    assert history(application) == [("draft", "submitted"), ("submitted", "eligible")]
    assert_history_is_a_chain(application, "draft")
    assert [m.subject for m in mail.outbox] == [f"Application {application.reference} is eligible"]


def test_returning_and_finding_ineligible_at_once_one_wins(
    people, applicant, call, second_coordinator
):
    application = submitted(applicant, call)

    outcomes = at_once(
        lambda: return_for_completion(
            application, note="The transcript is not signed.", by=people["coordinator"]
        ),
        lambda: decide_eligibility(
            application, eligible=False, reason="Not enrolled.", by=second_coordinator
        ),
    )

    assert unexpected(outcomes) == []
    assert len(refused(outcomes)) == 1
    application.refresh_from_db()
    assert application.state in ("returned", "ineligible")
    assert history(application) == [("draft", "submitted"), ("submitted", application.state)]
    # The note the applicant reads is the winner's, not a mix of both.
    expected = {"returned": "The transcript is not signed.", "ineligible": "Not enrolled."}
    assert application.office_note == expected[application.state]


def test_opposite_eligibility_decisions_from_the_same_page_state_cannot_both_apply(
    people, applicant, call, second_coordinator
):
    """Both coordinators saw a submitted application: the first decision wins, the second
    is refused ("changed meanwhile") instead of overturning it unseen."""
    application = submitted(applicant, call)

    outcomes = at_once(
        lambda: decide_eligibility(
            application, eligible=True, by=people["coordinator"], seen_state="submitted"
        ),
        lambda: decide_eligibility(
            application,
            eligible=False,
            reason="Not enrolled.",
            by=second_coordinator,
            seen_state="submitted",
        ),
    )

    assert unexpected(outcomes) == []
    assert len(refused(outcomes)) == 1
    assert_history_is_a_chain(application, "draft")
    assert len(history(application)[1:]) == 1
    application.refresh_from_db()
    assert application.office_note == ("Not enrolled." if application.state == "ineligible" else "")


@pytest.mark.parametrize("eligible", [True, False], ids=["eligible", "ineligible"])
def test_a_withdrawal_racing_a_decision_leaves_a_consistent_history(
    people, applicant, call, eligible
):
    for _round in range(REPEATS // 2):
        application = submitted(applicant, call)

        outcomes = at_once(
            lambda app=application: withdraw(app, by=applicant),
            lambda app=application: decide_eligibility(
                app, eligible=eligible, reason="Not enrolled.", by=people["coordinator"]
            ),
        )

        assert unexpected(outcomes) == []
        assert_history_is_a_chain(application, "draft")
        moves = history(application)[1:]
        if refused(outcomes):
            assert len(moves) == 1
        else:  # eligible first, then withdrawn (allowed until a decision of the selection)
            assert moves == [("submitted", "eligible"), ("eligible", "withdrawn")]
        # Out of the way of the next round's application (one live application per call).
        Application.objects.filter(pk=application.pk).update(state="withdrawn")


def test_reviewing_a_file_while_the_applicant_replaces_it(people, applicant, call):
    """A returned application: the office checks a letter while the applicant replaces it.
    The review lands on the old file (then replaced) or is refused because the file is gone;
    never a deadlock (the review used to lock the file before the application, the
    replacement the application before the file) nor a crash."""
    for round_ in range(REPEATS):
        application = builders.application(applicant, call, state="returned")
        letter = application.documents.get(document_type__code="recommendation_letter", slot=1)
        data = pdf(f"replacement {round_}")

        outcomes = at_once(
            lambda doc=letter: review_document(doc, accepted=True, by=people["coordinator"]),
            lambda app=application, doc=letter, new=data: upload(
                app, "recommendation_letter", new, replaces=doc.pk
            ),
            delays=(round_ * 0.004, 0),  # the review 0, 4, 8 ... ms after the upload starts
        )

        assert unexpected(outcomes) == []
        assert isinstance(outcomes[1], Document)
        if isinstance(outcomes[0], DomainError):
            assert outcomes[0].message == (
                "This file was replaced or removed meanwhile; reload the page."
            )
        [kept] = application.documents.filter(document_type__code="recommendation_letter", slot=1)
        assert (kept.pk, kept.review) == (outcomes[1].pk, "pending")
        # Out of the way of the next round's application (one live application per call).
        Application.objects.filter(pk=application.pk).update(state="withdrawn")


def test_reviewing_a_file_while_the_applicant_removes_it(people, applicant, call):
    for round_ in range(REPEATS):
        application = builders.application(applicant, call, state="returned")
        letter = application.documents.get(document_type__code="recommendation_letter", slot=2)

        outcomes = at_once(
            lambda doc=letter: review_document(
                doc, accepted=False, reason="Unsigned.", by=people["coordinator"]
            ),
            lambda doc=letter: remove_document(doc, by=applicant),
            delays=(round_ * 0.002, 0),
        )

        assert unexpected(outcomes) == []
        assert outcomes[1] is None
        assert not Document.objects.filter(pk=letter.pk).exists()
        Application.objects.filter(pk=application.pk).update(state="withdrawn")


def test_two_tabs_removing_the_same_file_remove_it_once(applicant, call):
    application = start_application(call, by=applicant, category="bachelor")
    letter = upload(application, "recommendation_letter", pdf("letter"))

    outcomes = at_once(
        lambda: remove_document(letter, by=applicant),
        lambda: remove_document(letter, by=applicant),
    )

    assert outcomes == [None, None]
    assert not application.documents.exists()
    assert AuditEntry.objects.filter(action="erasmusdesk.document.removed").count() == 1
