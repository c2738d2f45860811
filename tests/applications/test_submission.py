"""Uploading, submitting, withdrawing, and the receipt: through the services, with a frozen
clock at the deadline's boundaries."""

import hashlib
import io

import pytest
from django.core import mail
from pypdf import PdfReader

from erasmusdesk.applications.completeness import completeness
from erasmusdesk.applications.decisions import decide_eligibility, return_for_completion
from erasmusdesk.applications.drafting import Draft, save_draft, start_application
from erasmusdesk.applications.filing import remove_document, review_document, upload_document
from erasmusdesk.applications.models import Document
from erasmusdesk.applications.submission import application_receipt_pdf, submit, withdraw
from erasmusdesk.applications.uploads import document_storage, sha256_of_stored
from erasmusdesk.calls.models import DocumentType
from erasmusdesk.core.errors import DomainError
from tests import factories
from tests.factories import applications as builders
from tests.factories import samples

pytestmark = pytest.mark.django_db


def type_id(code: str) -> int:
    return DocumentType.objects.get(code=code).pk


def upload(application, code, data=None, name=None, **kwargs):
    data = data if data is not None else samples.pdf_bytes(text=f"{code} {name}")
    return upload_document(
        application,
        type_id(code),
        samples.uploaded(name or f"{code}.pdf", data),
        by=application.applicant,
        **kwargs,
    )


@pytest.fixture
def ready(people, call):
    """A complete draft of the owner: profile, form, two places, every file."""
    builders.complete_profile(people["owner"])
    application = start_application(call, by=people["owner"], category="bachelor")
    first, second = builders.places(call)
    save_draft(
        application,
        Draft(
            subject_area="0311",
            period="autumn",
            motivation="I want to study. " * 30,
            place_ids=(first.pk, second.pk),
        ),
        by=people["owner"],
        version=0,
    )
    for code in ("application_form", "transcript", "passport_copy"):
        upload(application, code)
    upload(application, "recommendation_letter", name="letter-one.pdf")
    upload(application, "recommendation_letter", name="letter-two.pdf")
    return application


def test_the_completeness_panel_lists_what_is_missing_and_fills_up(people, call):
    builders.complete_profile(people["owner"])
    application = start_application(call, by=people["owner"], category="bachelor")
    before = completeness(application)
    assert not before.is_complete
    assert {item.key for item in before.missing} >= {"subject_area", "motivation", "places"}
    letters = next(i for i in before.items if i.label == "Letter of recommendation")
    assert letters.detail == "0 of 2 files uploaded."
    upload(application, "recommendation_letter", name="a.pdf")
    letters = next(
        i for i in completeness(application).items if i.label == "Letter of recommendation"
    )
    assert (letters.done, letters.detail) == (False, "1 of 2 files uploaded.")


def test_a_third_letter_is_refused_and_replacing_keeps_the_slot(ready):
    with pytest.raises(DomainError, match="All 2 files of “Letter of recommendation”"):
        upload(ready, "recommendation_letter", name="three.pdf")
    first = ready.documents.get(document_type__code="recommendation_letter", slot=1)
    new = upload(ready, "recommendation_letter", name="better.pdf", replaces=first.pk)
    assert (new.slot, new.display_name) == (1, "better.pdf")
    assert not Document.objects.filter(pk=first.pk).exists()


def test_two_windows_uploading_at_once_keep_both_files(people, call):
    application = start_application(call, by=people["owner"], category="bachelor")
    upload(application, "recommendation_letter", name="from-tab-a.pdf")
    upload(application, "recommendation_letter", name="from-tab-b.pdf")
    names = set(application.documents.values_list("display_name", flat=True))
    assert names == {"from-tab-a.pdf", "from-tab-b.pdf"}


def test_a_refused_file_leaves_nothing_stored(people, call, settings):
    application = start_application(call, by=people["owner"], category="bachelor")
    with pytest.raises(DomainError):
        upload(application, "transcript", data=samples.exe_bytes(), name="transcript.pdf")
    assert application.documents.count() == 0
    storage = document_storage()
    assert not storage.exists("applications") or storage.listdir("applications") == ([], [])


def test_submit_records_the_round_the_instant_and_the_history(ready, people, frozen):
    at = frozen(factories.local(2027, 1, 15, 23, 59))
    submitted = submit(ready, by=people["owner"])
    assert (submitted.state, submitted.round, submitted.submitted_at) == ("submitted", "normal", at)
    change = submitted.history.get()
    assert (change.from_state, change.to_state, change.by) == (
        "draft",
        "submitted",
        people["owner"],
    )


def test_submitting_twice_is_harmless(ready, people):
    submit(ready, by=people["owner"])
    again = submit(ready, by=people["owner"])
    assert again.state == "submitted"
    assert again.history.count() == 1


def test_the_late_round_is_recorded(ready, people, frozen):
    frozen(factories.local(2027, 1, 16, 0, 0))
    assert submit(ready, by=people["owner"]).round == "late"


def test_after_the_last_deadline_nothing_can_be_submitted_or_changed(ready, people, frozen):
    frozen(factories.local(2027, 5, 2, 0, 0))  # the first instant after 1 May 2027 23:59:59
    with pytest.raises(DomainError, match="The call closed on"):
        submit(ready, by=people["owner"])
    with pytest.raises(DomainError, match="The call closed on"):
        upload(ready, "transcript", name="late.pdf")
    with pytest.raises(DomainError, match="The call closed on"):
        remove_document(ready.documents.first(), by=people["owner"])
    ready.refresh_from_db()
    assert ready.state == "draft"


def test_the_last_instant_of_the_late_deadline_still_counts(ready, people, frozen):
    frozen(factories.local(2027, 5, 1, 23, 59).replace(second=59, microsecond=999999))
    assert submit(ready, by=people["owner"]).round == "late"


def test_an_incomplete_application_cannot_be_submitted(people, call):
    builders.complete_profile(people["owner"])
    application = start_application(call, by=people["owner"], category="bachelor")
    with pytest.raises(DomainError, match="not complete yet: .*Motivation"):
        submit(application, by=people["owner"])


def test_the_receipt_lists_every_file_with_the_hash_of_the_stored_bytes(ready, people):
    submitted = submit(ready, by=people["owner"])
    text = "".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(application_receipt_pdf(submitted))).pages
    )
    compact = "".join(text.split())
    assert submitted.reference in text
    assert "1 December 2026, 12:00 (Asia/Almaty, UTC+05:00)" in text  # the frozen clock, local
    for document in submitted.documents.all():
        stored = sha256_of_stored(document.file.name)
        assert stored == document.sha256
        assert stored in compact


def test_submission_mails_the_receipt(ready, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(ready, by=people["owner"])
    message = mail.outbox[-1]
    assert message.to == [people["owner"].email]
    assert ready.reference in message.subject
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == (f"receipt-{ready.reference}.pdf", "application/pdf")
    assert content.startswith(b"%PDF")


def test_return_fix_and_resubmit_before_the_deadline(
    ready, people, django_capture_on_commit_callbacks
):
    submit(ready, by=people["owner"])
    letter = ready.documents.filter(document_type__code="recommendation_letter").first()
    review_document(letter, accepted=False, reason="Not signed.", by=people["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        return_for_completion(ready, note="Please send a signed letter.", by=people["coordinator"])
    assert "Please send a signed letter." in mail.outbox[-1].body
    ready.refresh_from_db()
    assert ready.state == "returned"
    assert not completeness(ready).is_complete  # the rejected letter counts as missing
    upload(ready, "recommendation_letter", name="signed.pdf", replaces=letter.pk)
    assert submit(ready, by=people["owner"]).state == "submitted"
    assert [c.to_state for c in ready.history.all()] == ["submitted", "returned", "submitted"]


def test_the_office_must_give_reasons(ready, people):
    submit(ready, by=people["owner"])
    with pytest.raises(DomainError, match="Give the reason"):
        return_for_completion(ready, note="  ", by=people["coordinator"])
    with pytest.raises(DomainError, match="Give the reason"):
        decide_eligibility(ready, eligible=False, reason="", by=people["coordinator"])
    with pytest.raises(DomainError, match="Give the reason the file is rejected"):
        review_document(ready.documents.first(), accepted=False, by=people["coordinator"])


def test_eligibility_decisions_are_mailed_and_kept_in_the_history(
    ready, people, django_capture_on_commit_callbacks
):
    submit(ready, by=people["owner"])
    with django_capture_on_commit_callbacks(execute=True):
        decide_eligibility(
            ready, eligible=False, reason="Grade below 3.0.", by=people["coordinator"]
        )
    assert "not eligible" in mail.outbox[-1].subject
    assert "Grade below 3.0." in mail.outbox[-1].body
    last = ready.history.last()
    assert (last.to_state, last.reason, last.by) == (
        "ineligible",
        "Grade below 3.0.",
        people["coordinator"],
    )


def test_a_draft_cannot_be_decided_on(ready, people):
    with pytest.raises(DomainError, match="cannot become"):
        decide_eligibility(ready, eligible=True, by=people["coordinator"])


def test_withdraw_until_a_decision_then_a_new_application_may_start(ready, people, call):
    submit(ready, by=people["owner"])
    withdrawn = withdraw(ready, by=people["owner"], reason="Found a job.")
    assert withdrawn.state == "withdrawn"
    assert withdraw(withdrawn, by=people["owner"]).history.count() == 2
    fresh = start_application(call, by=people["owner"], category="bachelor")
    assert fresh.pk != ready.pk


def test_an_ineligible_application_cannot_be_withdrawn(ready, people):
    submit(ready, by=people["owner"])
    decide_eligibility(ready, eligible=False, reason="Too late.", by=people["coordinator"])
    with pytest.raises(DomainError, match="cannot become"):
        withdraw(ready, by=people["owner"])


def test_the_stored_files_hash_is_the_uploaded_bytes_hash(people, call):
    application = start_application(call, by=people["owner"], category="bachelor")
    data = samples.pdf_bytes(text="transcript")
    document = upload(application, "transcript", data=data)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert sha256_of_stored(document.file.name) == document.sha256
    assert "transcript" not in document.file.name  # the stored name is random
